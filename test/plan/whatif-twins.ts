// What-if twins of the snapshot fixtures: fixtures/plans/<name>.whatif.json, written by
// scripts/write-plan-fixtures-whatif.ts and kept in step by test/plan/whatif-twins.test.ts.
//
// Shape followed, field by field:
// - Azure/azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources/stable/2024-03-01/
//   deployments.json (WhatIfOperationResult, WhatIfChange, WhatIfPropertyChange) and its examples
//   PostDeploymentWhatIfOnResourceGroup.json / PostDeploymentWhatIfOnSubscription.json: `before`/`after` are the
//   resource bodies with `apiVersion`, `id`, `name`, `type`, `location`, `properties`; a Modify has a `delta` of
//   { path: "tags.myNewTag", propertyChangeType, before, after, children }.
// - what `az deployment group what-if --no-pretty-print` prints: the flattened SDK model (Azure/azure-cli
//   src/azure-cli/azure/cli/command_modules/resource/custom.py, _what_if_deploy_arm_template_core) turned into
//   camel-cased dicts with every attribute, null when unset (knack/azure-cli `todict`), written by knack's
//   format_json: json.dumps(indent=2, sort_keys=True, separators=(',', ': ')) plus a newline. So: top level
//   { changes, error: null, status: "Succeeded" }, each change with all six keys, keys sorted at every depth.
// Resource bodies come from test/helpers/arm-scenario.ts (the REST bodies the local Resource Manager serves
// for a snapshot), so a twin and a live read of the same fixture start from the same bodies.
//
// Two kinds of twin:
// - healthy-two-node / healthy-three-node: a greenfield deployment, every resource `Create`, with the body a
//   template gives (no provisioningState, FQDN, server state, peering state, link state, default NSG rules,
//   or the A records the service registers itself): what only exists after deployment is absent.
// - each fixtures/network/<variant>: the fault as a change to the deployed healthy-two-node: resources the
//   fault leaves alone are `NoChange` (before = after), changed ones `Modify` (before = healthy, after = the
//   fault, with its delta), new ones `Create`, removed ones `Delete` (a complete-mode deployment).
import type { Snapshot } from '../../src/snapshot/types.js';
import { scenarioFromSnapshot } from '../helpers/arm-scenario.js';
import { NETWORK_VARIANTS } from '../fixture-variants.js';
import { withOverrides } from '../helpers/snapshots.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The api-version a template would name per provider (the versions of the shared ARM examples). */
function apiVersion(type: string): string {
  const t = type.toLowerCase();
  if (t.startsWith('microsoft.dbforpostgresql/')) return '2024-08-01';
  if (t.startsWith('microsoft.network/privatednszones')) return '2024-06-01';
  return '2024-05-01';
}

/** Databases the service creates itself: no template declares them. */
const SYSTEM_DATABASES = new Set(['azure_maintenance', 'azure_sys', 'postgres']);

/** Every top-level resource (children of list routes included) of a snapshot, as GET bodies by lower-cased id. */
export function armResources(snapshot: Snapshot): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [key, route] of scenarioFromSnapshot(snapshot)) {
    if (route.kind === 'resource') {
      const body = route.body as Json;
      out.set(key, { apiVersion: apiVersion(String(body.type)), ...body });
    } else if (route.kind === 'list') {
      if (key.endsWith('/replicas')) continue; // read replicas are servers of their own, not children
      for (const item of route.items as Json[]) {
        if (key.endsWith('/databases') && SYSTEM_DATABASES.has(String(item.name))) continue;
        out.set(String(item.id).toLowerCase(), { apiVersion: apiVersion(String(item.type)), ...item });
      }
    }
  }
  return out;
}

/** Recursively without the keys a template cannot set (the platform reports them once the resource exists). */
function without(value: unknown, drop: (key: string, parentPath: string) => boolean, path = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => without(v, drop, `${path}/*`));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || drop(k, path)) continue;
    out[k] = without(v, drop, `${path}/${k}`);
  }
  return out;
}

const PLATFORM_SET: Record<string, RegExp> = {
  // Anywhere: provisioning state, etags.
  '*': /^(provisioningState|etag|resourceGuid)$/,
  'microsoft.dbforpostgresql/flexibleservers':
    /^\/properties(\/(fullyQualifiedDomainName|state|minorVersion|replicationRole|privateEndpointConnections)|\/highAvailability\/state)$/,
  'microsoft.network/virtualnetworks':
    /^\/properties\/(subnets\/\*\/(id|type|properties\/(ipConfigurations|privateEndpoints|serviceAssociationLinks|privateEndpointNetworkPolicies)|properties\/delegations\/\*\/(id|properties\/actions))|virtualNetworkPeerings\/\*\/(id|type|properties\/(peeringState|peeringSyncLevel|remoteAddressSpace|remoteVirtualNetworkAddressSpace)))$/,
  'microsoft.network/networksecuritygroups': /^\/properties\/(defaultSecurityRules|securityRules\/\*\/(id|type))$/,
  'microsoft.network/routetables': /^\/properties\/routes\/\*\/id$/,
  'microsoft.network/privatednszones': /^\/properties\/(numberOfRecordSets|numberOfVirtualNetworkLinks)$/,
  'microsoft.network/privatednszones/virtualnetworklinks': /^\/properties\/virtualNetworkLinkState$/,
  'microsoft.dbforpostgresql/flexibleservers/configurations': /^\/properties\/(?!value$|source$)[^/]+$/,
};

/** The body a template (and so what-if's `after` of a Create) carries for a resource. */
export function templateBody(body: Json): Json {
  const type = String(body.type).toLowerCase();
  const specific = PLATFORM_SET[type];
  const stripped = without(body, (key, parent) => PLATFORM_SET['*']!.test(key) || (specific?.test(`${parent}/${key}`) ?? false)) as Json;
  if (type === 'microsoft.dbforpostgresql/flexibleservers/configurations') {
    // A template sets the value; ARM reports a set value's source as user-override.
    stripped.properties = { source: 'user-override', value: (body.properties as Json).value };
  }
  return stripped;
}

/** Types whose resources the service registers itself: a greenfield template does not declare them. */
const SERVICE_CREATED = new Set(['microsoft.network/privatednszones/a']);

/** WhatIfPropertyChange[] between two bodies (dotted paths, array elements by index), as what-if lists them. */
export function delta(before: unknown, after: unknown, path = ''): Json[] {
  const change = (propertyChangeType: string, b: unknown, a: unknown, children: Json[] | null = null): Json => ({
    after: a ?? null,
    before: b ?? null,
    children,
    path,
    propertyChangeType,
  });
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined) return [change('Create', undefined, after)];
  if (after === undefined) return [change('Delete', before, undefined)];
  if (Array.isArray(before) && Array.isArray(after)) {
    const children: Json[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) children.push(...delta(before[i], after[i], String(i)));
    return [change('Array', undefined, undefined, children)];
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const nested = keys.flatMap((k) => delta(before[k], after[k], path ? `${path}.${k}` : k));
    // Inside an array element the changes hang under the element's index.
    return /^\d+$/.test(path)
      ? [
          change(
            'Modify',
            undefined,
            undefined,
            nested.map((c) => ({ ...c, path: String(c.path).slice(path.length + 1) })),
          ),
        ]
      : nested;
  }
  return [change('Modify', before, after)];
}

interface WhatIfChange {
  resourceId: string;
  changeType: 'Create' | 'Delete' | 'Modify' | 'NoChange';
  before?: Json;
  after?: Json;
  delta?: Json[];
}

/** The document az prints: keys sorted at every depth, absent values null. */
function render(changes: WhatIfChange[]): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .filter((k) => v[k] !== undefined)
              .sort()
              .map((k) => [k, sortKeys(v[k])]),
          )
        : v;
  const doc = {
    changes: [...changes]
      .sort((a, b) => (a.resourceId.toLowerCase() < b.resourceId.toLowerCase() ? -1 : 1))
      .map((c) => ({
        after: c.after ?? null,
        before: c.before ?? null,
        changeType: c.changeType,
        delta: c.delta ?? null,
        resourceId: c.resourceId,
        unsupportedReason: null,
      })),
    error: null,
    status: 'Succeeded',
  };
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

/** Greenfield: every resource of the snapshot created by the template. */
export function greenfieldTwin(snapshot: Snapshot): string {
  const changes: WhatIfChange[] = [];
  for (const body of armResources(snapshot).values()) {
    if (SERVICE_CREATED.has(String(body.type).toLowerCase())) continue;
    changes.push({ resourceId: String(body.id), changeType: 'Create', after: templateBody(body) });
  }
  return render(changes);
}

/** The difference between a deployed snapshot and the snapshot a deployment leads to. */
export function changeTwin(deployed: Snapshot, planned: Snapshot): string {
  const before = armResources(deployed);
  const after = armResources(planned);
  const changes: WhatIfChange[] = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) changes.push({ resourceId: String(a.id), changeType: 'Create', after: templateBody(a) });
    else if (JSON.stringify(b) === JSON.stringify(a))
      changes.push({ resourceId: String(a.id), changeType: 'NoChange', before: b, after: a });
    else changes.push({ resourceId: String(a.id), changeType: 'Modify', before: b, after: a, delta: delta(b, a) });
  }
  for (const [key, b] of before) if (!after.has(key)) changes.push({ resourceId: String(b.id), changeType: 'Delete', before: b });
  return render(changes);
}

export interface WhatIfTwin {
  /** fixtures/plans/<name>.whatif.json */
  name: string;
  /** The snapshot fixture it is the twin of, relative to fixtures/. */
  fixture: string;
  text(load: (fixture: string) => Snapshot): string;
}

export const WHATIF_TWINS: WhatIfTwin[] = [
  { name: 'healthy-two-node', fixture: 'healthy-two-node.json', text: (load) => greenfieldTwin(load('healthy-two-node.json')) },
  { name: 'healthy-three-node', fixture: 'healthy-three-node.json', text: (load) => greenfieldTwin(load('healthy-three-node.json')) },
  ...NETWORK_VARIANTS.map((variant): WhatIfTwin => ({
    name: variant.name,
    fixture: `network/${variant.name}.json`,
    text: (load) => {
      const healthy = load('healthy-two-node.json');
      return changeTwin(healthy, withOverrides(healthy, variant.mutate));
    },
  })),
];
