// ARM/Bicep what-if results (`az deployment group|sub what-if --no-pretty-print`, or the Resource Manager
// WhatIfOperationResult itself) to PlannedResource[].
//
// Shapes followed (Azure/azure-rest-api-specs, specification/resources/resource-manager/Microsoft.Resources/
// stable/2024-03-01/deployments.json, definitions WhatIfOperationResult, WhatIfOperationProperties, WhatIfChange,
// WhatIfPropertyChange; examples PostDeploymentWhatIfOnResourceGroup.json / PostDeploymentWhatIfOnSubscription.json):
// - the REST body is { status, properties: { changes }, error }; `properties` is x-ms-client-flatten, so the SDK
//   model that azure-cli prints (command_modules/resource/custom.py, _what_if_deploy_arm_template_core returns the
//   model when --no-pretty-print; knack/azure-cli `todict` camel-cases it) is { changes, error, status }.
// - a change is { resourceId, changeType, unsupportedReason?, before?, after?, delta? }; changeType is one of
//   Create | Delete | Ignore | Deploy | NoChange | Modify | Unsupported.
// - `before`/`after` are the resource's REST bodies (`properties` nested, plus `apiVersion`); with
//   --result-format ResourceIdOnly they are null.
// - what-if does not evaluate runtime functions (reference(), list*()): their values stay template expression
//   strings such as "[reference(...).ipAddress.ip]" (Azure/arm-template-whatif#83), i.e. known after deployment.
import { InputError } from '../util/errors.js';
import type { PlanChange, PlannedResource } from './types.js';

export interface ReadWhatIfOptions {
  /** Receives one line per change the plan cannot describe (Unsupported, no payload). */
  warn?: (line: string) => void;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneLine = (s: string, max = 300) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** ARM escapes a literal leading '[' as '[['; any other "[...]" string is an expression what-if left unevaluated. */
const UNEVALUATED = /^\[(?!\[)[\s\S]*\]$/;

const pointerToken = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Properties the platform sets once the resource exists, never a template: absent from a Create's `after`,
 * so the rules must treat them as known after deployment (not as "empty"). Only those the rules read.
 * Paths use '*' for every element of an inline array.
 */
const SET_BY_PLATFORM: Record<string, string[]> = {
  'microsoft.dbforpostgresql/flexibleservers': ['/properties/fullyQualifiedDomainName', '/properties/state'],
  'microsoft.network/virtualnetworks': [
    '/properties/virtualNetworkPeerings/*/properties/peeringState',
    '/properties/virtualNetworkPeerings/*/properties/peeringSyncLevel',
    '/properties/virtualNetworkPeerings/*/properties/remoteAddressSpace',
  ],
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': [
    '/properties/peeringState',
    '/properties/peeringSyncLevel',
    '/properties/remoteAddressSpace',
  ],
  'microsoft.network/networksecuritygroups': ['/properties/defaultSecurityRules'],
  'microsoft.network/privatednszones/virtualnetworklinks': ['/properties/virtualNetworkLinkState'],
  'microsoft.network/privateendpoints': ['/properties/customDnsConfigs'],
};

const CHANGE: Record<string, PlanChange | 'unsupported'> = {
  create: 'create',
  modify: 'modify',
  deploy: 'modify',
  delete: 'delete',
  nochange: 'keep',
  ignore: 'keep',
  unsupported: 'unsupported',
};

/** The resource type an ARM id names: the namespace after the last /providers/ and every type segment after it. */
export function resourceTypeOfId(id: string): string | undefined {
  const parts = id.split('/').filter((p) => p.length > 0);
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  if (at < 0) {
    // /subscriptions/x/resourceGroups/y and /subscriptions/x are not provider resources.
    if (parts.length === 4 && parts[2]?.toLowerCase() === 'resourcegroups') return 'Microsoft.Resources/resourceGroups';
    if (parts.length === 2 && parts[0]?.toLowerCase() === 'subscriptions') return 'Microsoft.Resources/subscriptions';
    return undefined;
  }
  const rest = parts.slice(at + 2);
  if (!parts[at + 1] || rest.length < 2 || rest.length % 2 !== 0) return undefined;
  return [parts[at + 1], ...rest.filter((_, i) => i % 2 === 0)].join('/');
}

/** Pointers to every string what-if could not evaluate. */
function unevaluatedPointers(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (UNEVALUATED.test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unevaluatedPointers(v, `${path}/${i}`, out));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) unevaluatedPointers(v, `${path}/${pointerToken(k)}`, out);
  }
}

/** Pointers (with '*' expanded over the body's arrays) whose value the body does not carry. */
function missingPointers(body: unknown, pattern: string[], path: string, out: string[]): void {
  if (pattern.length === 0) return;
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === '*') {
    if (Array.isArray(body)) body.forEach((v, i) => missingPointers(v, rest, `${path}/${i}`, out));
    return;
  }
  const here = `${path}/${head}`;
  const next = isObject(body) ? body[head] : undefined;
  if (next === undefined || next === null) {
    // A missing parent of a '*' means no elements, hence nothing unknown below it.
    if (!rest.includes('*')) out.push(here);
    return;
  }
  missingPointers(next, rest, here, out);
}

function failure(doc: Json): string | undefined {
  const status = typeof doc.status === 'string' ? doc.status : undefined;
  const raw = doc.error;
  if (!isObject(raw) && status?.toLowerCase() !== 'failed') return undefined;
  // common-types v1 ErrorResponse is { code, message, details }; newer clients wrap it as { error: { ... } }.
  const error = isObject(raw) && isObject(raw.error) ? raw.error : isObject(raw) ? raw : {};
  const code = typeof error.code === 'string' && error.code ? error.code : 'no error code';
  const details = (Array.isArray(error.details) ? error.details : [])
    .map((d) => (isObject(d) && typeof d.code === 'string' ? d.code : undefined))
    .filter((c): c is string => !!c && c !== code);
  const message = typeof error.message === 'string' && error.message.trim() ? `: ${oneLine(error.message)}` : '';
  return `${code}${details.length ? ` (${[...new Set(details)].join(', ')})` : ''}${message}`;
}

/** The `changes` array of either shape, or a one-line reason why the document is not a what-if result. */
function changesOf(doc: unknown, file: string): unknown[] {
  if (!isObject(doc)) throw new InputError(`${file}: not an ARM what-if result (expected a JSON object with "changes")`);
  const failed = failure(doc);
  if (failed) throw new InputError(`${file}: the what-if operation failed: ${failed}`);
  if (typeof doc.status === 'string' && doc.status.toLowerCase() !== 'succeeded') {
    throw new InputError(`${file}: status: the what-if operation is ${doc.status}, not Succeeded; run it again and wait for the result`);
  }
  const nested = isObject(doc.properties) ? doc.properties.changes : undefined;
  const changes = doc.changes ?? nested;
  if (changes === undefined || changes === null) {
    throw new InputError(`${file}: not an ARM what-if result: no "changes" (or "properties.changes") array`);
  }
  if (!Array.isArray(changes)) throw new InputError(`${file}: changes: expected an array, found ${typeof changes}`);
  return changes;
}

/**
 * Reads one what-if result. Create/Modify/Deploy give the `after` body; Delete removes the resource;
 * NoChange/Ignore keep the current state (the `after` or `before` body when present, else none: read live);
 * Unsupported changes and changes without a payload have no body and '/properties' unknown (with a warning).
 * Throws InputError (one line naming the file) for a failed what-if or a document of another shape.
 */
export function readWhatIf(doc: unknown, file: string, options: ReadWhatIfOptions = {}): PlannedResource[] {
  const out: PlannedResource[] = [];
  changesOf(doc, file).forEach((raw, index) => {
    const where = `${file}: changes[${index}]`;
    if (!isObject(raw)) throw new InputError(`${where}: expected an object`);
    const { resourceId, changeType } = raw;
    if (typeof resourceId !== 'string' || !resourceId.startsWith('/'))
      throw new InputError(`${where}.resourceId: expected an ARM resource id, found ${JSON.stringify(resourceId ?? null)}`);
    if (typeof changeType !== 'string') throw new InputError(`${where}.changeType: missing`);
    const change = Object.hasOwn(CHANGE, changeType.toLowerCase()) ? CHANGE[changeType.toLowerCase()] : undefined;
    if (!change)
      throw new InputError(
        `${where}.changeType: "${oneLine(changeType, 40)}" is not a what-if change type (Create, Delete, Deploy, Ignore, Modify, NoChange, Unsupported)`,
      );
    const before = isObject(raw.before) ? raw.before : undefined;
    const after = isObject(raw.after) ? raw.after : undefined;
    const bodyType = typeof after?.type === 'string' ? after.type : typeof before?.type === 'string' ? before.type : undefined;
    const type = bodyType ?? resourceTypeOfId(resourceId);
    if (!type) throw new InputError(`${where}.resourceId: "${oneLine(resourceId, 200)}" names no resource type`);
    const base = { type, id: resourceId, source: resourceId, file };

    if (change === 'delete') {
      out.push({ ...base, change, unknown: [] });
      return;
    }
    if (change === 'keep') {
      const body = after ?? before;
      const unknown: string[] = [];
      if (body) unevaluatedPointers(body, '', unknown);
      out.push({ ...base, change, unknown, ...(body ? { body } : {}) });
      return;
    }
    if (change === 'unsupported' || !after) {
      const reason =
        change === 'unsupported'
          ? `what-if does not support this resource${typeof raw.unsupportedReason === 'string' && raw.unsupportedReason.trim() ? ` (${oneLine(raw.unsupportedReason, 200)})` : ''}`
          : `the result has no "after" payload (was what-if run with --result-format ResourceIdOnly? use FullResourcePayloads, the default)`;
      options.warn?.(`${where}: ${changeType} ${resourceId}: ${reason}; its properties are known only after deployment`);
      // No body: nothing is judged on guesses; what is deployed is read live when azure is configured.
      out.push({ ...base, change: change === 'unsupported' ? 'modify' : change, unknown: ['/properties'] });
      return;
    }
    const unknown: string[] = [];
    unevaluatedPointers(after, '', unknown);
    if (change === 'create') {
      const pattern = SET_BY_PLATFORM[type.toLowerCase()] ?? [];
      for (const p of pattern) missingPointers(after, p.split('/').slice(1), '', unknown);
    }
    out.push({ ...base, change, body: after, unknown: [...new Set(unknown)] });
  });
  return out;
}
