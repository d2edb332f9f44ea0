// check/collect --plan: plan files -> the snapshot every rule judges unchanged. The plan wins for what
// it changes; what it does not touch is read live when `azure` is configured; without Azure access the
// plan alone is judged. Facts a plan cannot hold become "known after deployment" skips.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/types.js';
import type {
  AzureNodeFacts,
  AzureResources,
  FlexibleServer,
  NodeFacts,
  PlanRecord,
  ServerParameter,
  SliceOf,
  Snapshot,
} from '../snapshot/types.js';
import type { Subnet, VirtualNetwork } from '../snapshot/network-types.js';
import type { AzureCollection } from '../collect/azure/collect.js';
import { SNAPSHOT_VERSION } from '../snapshot/version.js';
import { redactSnapshot } from '../snapshot/redact.js';
import { redactDsn } from '../util/dsn.js';
import { InputError } from '../util/errors.js';
import { TOOL } from '../util/package-info.js';
import { parseJson } from '../util/validate.js';
import { parseResourceId, sameResourceId, vnetIdOfSubnet } from '../util/azure-id.js';
import { AFTER_DEPLOYMENT_CODE, NOT_IN_PLAN_CODE, afterDeploymentReason } from '../model/plan.js';
import { isTerraformJson, readTerraformPlan } from './terraform.js';
import { readWhatIf } from './whatif.js';
import { defaultParameters } from './platform-defaults.js';
import { parentId, toFacts, type Planned, type PlannedFacts } from './to-facts.js';
import type { PlannedResource } from './types.js';

export type { PlannedResource, PlanChange } from './types.js';

/** A plan is a few megabytes at most; anything far larger is not one (and would take long to parse). */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** Receives one line per planned resource the plan cannot describe (what-if Unsupported, no payload). */
export type PlanWarn = (line: string) => void;

/** What-if documents: the flattened `az ... what-if --no-pretty-print` output or the raw REST body. */
function looksLikeWhatIf(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  const props = d.properties as Record<string, unknown> | undefined;
  return 'changes' in d || Array.isArray(props?.changes) || (typeof d.status === 'string' && ('error' in d || 'properties' in d));
}

/** Reads one plan file: sniffs its format and hands it to its reader. Errors are one line naming the file. */
// eslint-disable-next-line @typescript-eslint/require-await -- async so that every failure, a thrown read error too, is a rejection
export async function readPlanFile(path: string, shownAs: string = path, warn?: PlanWarn): Promise<PlannedResource[]> {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_PLAN_BYTES)
      throw new InputError(
        `${shownAs}: ${Math.ceil(size / 1024 / 1024)} MB is too large for a plan file (the limit is ${MAX_PLAN_BYTES / 1024 / 1024} MB)`,
      );
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${shownAs}: cannot read plan file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.trim() === '') throw new InputError(`${shownAs}: the plan file is empty`);
  const doc = parseJson(text, shownAs);
  try {
    if (isTerraformJson(doc)) return readTerraformPlan(doc, shownAs);
    if (looksLikeWhatIf(doc)) return readWhatIf(doc, shownAs, warn ? { warn } : {});
  } catch (err) {
    // A hand-edited or truncated plan is bad input, whatever shape the reader tripped on: exit 2 naming the file.
    if (err instanceof InputError) throw err;
    throw new InputError(`${shownAs}: not a readable plan: ${(err as Error).message.split('\n')[0]}`);
  }
  throw new InputError(
    `${shownAs}: unsupported plan: neither Terraform plan JSON (terraform show -json tfplan) nor an ARM what-if result (az deployment group what-if --no-pretty-print)`,
  );
}

export async function readPlanFiles(files: readonly string[], cwd: string, warn?: PlanWarn): Promise<PlannedResource[]> {
  const out: PlannedResource[] = [];
  for (const file of files) out.push(...(await readPlanFile(resolve(cwd, file), file, warn)));
  return out;
}

export interface PlanSnapshotOptions {
  /** Reads what the plan does not hold (when `azure` is configured); absent: the plan alone is judged. */
  live?: {
    collect(nodes: { name: string; server: string; referencedBy: string }[]): Promise<AzureCollection>;
    collectReferenced(
      refs: {
        subnets?: string[];
        virtualNetworks?: string[];
        zones?: string[];
        privateEndpoints?: string[];
        networkSecurityGroups?: string[];
        routeTables?: string[];
      },
      referencedBy: string,
    ): Promise<AzureResources>;
  };
  files: readonly string[];
  now?: () => Date;
}

interface PlanNode {
  name: string;
  /** ARM id of the server (planned or live). */
  server?: string;
  connection?: string;
}

/** The nodes: config nodes (server = Terraform address or ARM id), or every flexible server the plan holds. */
export function planNodes(
  config: Pick<Config, 'nodes'> | undefined,
  planned: PlannedFacts,
  resources: readonly PlannedResource[],
): PlanNode[] {
  const bySource = new Map(resources.map((r) => [r.source, r] as const));
  if (config?.nodes?.length) {
    return config.nodes.map((n, i) => {
      if (!n.server) return { name: n.name, ...(n.connection ? { connection: n.connection } : {}) };
      const planned = bySource.get(n.server);
      const id = planned ? planned.id : n.server;
      if (!planned && !parseResourceId(n.server)) {
        throw new InputError(`nodes[${i}].server: ${n.server} is neither an ARM id nor the address of a resource in the plan`);
      }
      if (planned && planned.type.toLowerCase() !== 'microsoft.dbforpostgresql/flexibleservers') {
        throw new InputError(`nodes[${i}].server: ${n.server} is a ${planned.type} in the plan, not a flexible server`);
      }
      return { name: n.name, server: id, ...(n.connection ? { connection: n.connection } : {}) };
    });
  }
  const servers = [...planned.servers.values()].sort((a, b) => a.resource.source.localeCompare(b.resource.source));
  if (servers.length === 0)
    throw new InputError(
      'the plan holds no azurerm_postgresql_flexible_server (or Microsoft.DBforPostgreSQL/flexibleServers) and the config names no nodes',
    );
  const used = new Set<string>();
  return servers.map((s) => {
    let name = s.data.name.replace(/[^A-Za-z0-9_.-]/g, '_');
    for (let i = 2; used.has(name); i++) name = `${s.data.name}_${i}`;
    used.add(name);
    return { name, server: s.data.id };
  });
}

const byName = <T extends { name: string }>(base: readonly T[], overlay: readonly T[]): T[] => {
  const out = new Map(base.map((x) => [x.name.toLowerCase(), x]));
  for (const x of overlay) out.set(x.name.toLowerCase(), x);
  return [...out.values()];
};

const dataOf = <T>(list: readonly Planned<T>[] | undefined): T[] => (list ?? []).map((p) => p.data);

/** Builds the snapshot a plan describes, merged over the live state of what it does not touch. */
export async function planSnapshot(
  config: Config | undefined,
  resources: readonly PlannedResource[],
  options: PlanSnapshotOptions,
): Promise<Snapshot> {
  const planned = await toFacts(resources);
  const nodes = planNodes(config, planned, resources);

  // ---- live part: servers the plan does not hold, and what planned resources refer to ----
  let live: AzureCollection = { nodes: {}, resources: {} };
  if (options.live) {
    const liveNodes = nodes.filter(
      (n) => n.server && !planned.servers.has(n.server.toLowerCase()) && !planned.deleted.has(n.server.toLowerCase()),
    );
    live = await options.live.collect(
      liveNodes.flatMap((n) => (n.server ? [{ name: n.name, server: n.server, referencedBy: `node ${n.name}` }] : [])),
    );
    const refs = {
      subnets: new Set<string>(),
      virtualNetworks: new Set<string>(),
      zones: new Set<string>(),
      privateEndpoints: new Set<string>(),
    };
    const inPlan = (id: string | undefined) => !id || planned.byId.has(id.toLowerCase());
    for (const s of planned.servers.values()) {
      const subnet = s.data.network.delegatedSubnetResourceId;
      if (subnet && !planned.subnets.has(subnet.toLowerCase()) && !planned.virtualNetworks.has(vnetIdOfSubnet(subnet).toLowerCase()))
        refs.subnets.add(subnet);
      else if (subnet && !planned.virtualNetworks.has(vnetIdOfSubnet(subnet).toLowerCase()))
        refs.virtualNetworks.add(vnetIdOfSubnet(subnet));
      const zone = s.data.network.privateDnsZoneArmResourceId;
      if (zone && !planned.privateDnsZones.has(zone.toLowerCase())) refs.zones.add(zone);
      // A changed server's existing endpoints: what private-endpoint rules judge it on.
      for (const c of s.data.privateEndpointConnections ?? [])
        if (c.privateEndpointId && !inPlan(c.privateEndpointId)) refs.privateEndpoints.add(c.privateEndpointId);
    }
    // Children planned on a parent the plan does not hold: the parent is read live.
    for (const vnet of [...planned.peerings.keys(), ...[...planned.subnets.keys()].map(vnetIdOfSubnet)])
      if (!planned.virtualNetworks.has(vnet)) refs.virtualNetworks.add(idCase(resources, vnet));
    for (const list of planned.peerings.values()) {
      for (const p of list)
        if (!planned.virtualNetworks.has(p.data.remoteVirtualNetworkId.toLowerCase()))
          refs.virtualNetworks.add(p.data.remoteVirtualNetworkId);
    }
    for (const zone of [...planned.zoneLinks.keys(), ...planned.aRecords.keys()])
      if (!planned.privateDnsZones.has(zone)) refs.zones.add(idCase(resources, zone));
    const referencedBy = `the plan (${options.files.join(', ')})`;
    const extra = await options.live.collectReferenced(
      {
        subnets: [...refs.subnets],
        virtualNetworks: [...refs.virtualNetworks],
        zones: [...refs.zones],
        privateEndpoints: [...refs.privateEndpoints],
      },
      referencedBy,
    );
    // Second round: the NSGs and route tables planned subnets (or their associations) point at, and those
    // of the live subnets the plan changes or places a server in, when the plan does not hold them.
    const liveSubnets = { ...(live.resources.subnets ?? {}), ...(extra.subnets ?? {}) };
    const nsgs = new Set<string>();
    const routeTables = new Set<string>();
    const want = (set: Set<string>, id: string | undefined) => {
      if (id && !planned.byId.has(id.toLowerCase())) set.add(id);
    };
    const subnetKeys = new Set(planned.subnets.keys());
    for (const s of planned.servers.values()) {
      const subnet = s.data.network.delegatedSubnetResourceId;
      if (subnet) subnetKeys.add(subnet.toLowerCase());
    }
    for (const s of planned.subnets.values()) {
      want(nsgs, s.data.networkSecurityGroupId);
      want(routeTables, s.data.routeTableId);
    }
    for (const r of resources) {
      if (r.change === 'delete' || !/\/(networkSecurityGroupAssociation|routeTableAssociation)$/i.test(r.type)) continue;
      subnetKeys.add(r.id.toLowerCase());
      const props = (r.body?.properties ?? {}) as Record<string, { id?: unknown } | undefined>;
      if (typeof props.networkSecurityGroup?.id === 'string') want(nsgs, props.networkSecurityGroup.id);
      if (typeof props.routeTable?.id === 'string') want(routeTables, props.routeTable.id);
    }
    for (const key of subnetKeys) {
      const s = liveSubnets[key];
      if (!s?.ok) continue;
      want(nsgs, s.data.networkSecurityGroupId);
      want(routeTables, s.data.routeTableId);
    }
    const collected = { ...live.resources, ...extra };
    for (const id of nsgs) if (collected.networkSecurityGroups?.[id.toLowerCase()]) nsgs.delete(id);
    for (const id of routeTables) if (collected.routeTables?.[id.toLowerCase()]) routeTables.delete(id);
    const attached =
      nsgs.size || routeTables.size
        ? await options.live.collectReferenced({ networkSecurityGroups: [...nsgs], routeTables: [...routeTables] }, referencedBy)
        : {};
    live = { nodes: live.nodes, resources: mergeMaps(mergeMaps(live.resources, extra), attached) };
  }

  const azure = mergeResources(live.resources, planned, resources);
  const nodeFacts: Record<string, NodeFacts> = {};
  for (const n of nodes) {
    const facts: NodeFacts = {};
    const key = n.server?.toLowerCase();
    const server = key ? planned.servers.get(key) : undefined;
    if (server) {
      const liveServer = live.nodes[n.name];
      facts.azure = plannedServerFacts(server, planned, liveServer);
      const pending = key ? planned.afterDeployment.get(key) : undefined;
      if (pending) facts.azure.server = { ok: false, error: { code: AFTER_DEPLOYMENT_CODE, message: afterDeploymentReason(pending) } };
    } else if (key && planned.deleted.has(key)) {
      facts.azure = {
        server: {
          ok: false,
          error: { code: 'not-found', message: `${n.server} is deleted by the plan (${planned.byId.get(key)!.source})` },
        },
      };
    } else if (n.server && live.nodes[n.name]) {
      facts.azure = withPlannedEndpoints(live.nodes[n.name]!, planned);
      const params = key ? planned.parameters.get(key) : undefined;
      if (params && facts.azure.parameters?.ok)
        facts.azure.parameters = {
          ok: true,
          data: { ...facts.azure.parameters.data, ...Object.fromEntries([...params].map(([k, v]) => [k, v.data])) },
        };
    } else if (n.server) {
      // Not in the plan and not read: unchecked (error), never a silent skip.
      facts.azure = {
        server: {
          ok: false,
          error: { code: 'not-collected', message: `server ${n.server} is not in the plan and azure is not configured to read it live` },
        },
      };
    }
    {
      // A plan holds no SQL facts: a new server's database exists only after deployment.
      // (SQL is not read in a plan run, even for nodes with a connection: check the deployed mesh without --plan.)
      facts.postgres =
        server?.resource.change === 'create'
          ? {
              ok: false,
              error: {
                code: AFTER_DEPLOYMENT_CODE,
                message: afterDeploymentReason(`the database of ${n.name} (${server.resource.source}) exists only once it is deployed`),
              },
            }
          : {
              ok: false,
              error: { code: NOT_IN_PLAN_CODE, message: `a plan holds no SQL facts for ${n.name}; run check without --plan to read them` },
            };
    }
    nodeFacts[n.name] = facts;
  }

  const record: PlanRecord = { files: [...options.files], resources: {} };
  for (const [key, r] of planned.byId)
    record.resources[key] = { source: r.source, change: r.change, ...(r.unknown.length ? { unknown: [...r.unknown] } : {}) };
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_VERSION,
    collectedAt: (options.now ?? (() => new Date()))().toISOString(),
    tool: TOOL,
    topology: {
      database: config?.database ?? 'postgres',
      mode: 'bidirectional',
      network: config?.network ?? 'private',
      nodes: nodes.map((n) => ({
        name: n.name,
        ...(n.server ? { server: n.server } : {}),
        ...(n.connection ? { connection: redactDsn(n.connection) } : {}),
      })),
    },
    nodes: nodeFacts,
    azure,
    plan: record,
  };
  return redactSnapshot(snapshot);
}

/** The id as the plan spells it (maps are keyed lower-case; ids keep their case in facts). */
function idCase(resources: readonly PlannedResource[], lower: string): string {
  for (const r of resources) {
    const p = parentId(r.id);
    if (p.toLowerCase() === lower) return p;
  }
  return lower;
}

function mergeMaps(a: AzureResources, b: AzureResources): AzureResources {
  const out: AzureResources = {};
  for (const kind of [
    'subnets',
    'virtualNetworks',
    'networkSecurityGroups',
    'routeTables',
    'privateDnsZones',
    'privateEndpoints',
  ] as const) {
    (out as Record<string, unknown>)[kind] = { ...(a[kind] ?? {}), ...(b[kind] ?? {}) };
  }
  return out;
}

/** Subnet facts Azure derives from the resources placed in the subnet: a subnet body in a plan never sets them. */
const DERIVED_SUBNET_FIELDS = [
  'ipConfigurationIds',
  'privateEndpointIds',
  'serviceAssociationLinks',
] as const satisfies readonly (keyof Subnet)[];

/** Planned resources laid over the live ones: the plan wins for what it changes, children overlay by name, deletes remove. */
function mergeResources(base: AzureResources, planned: PlannedFacts, resources: readonly PlannedResource[]): AzureResources {
  const out = mergeMaps(base, {}) as Required<AzureResources>;
  const live = <T>(map: Record<string, SliceOf<T>>, key: string): T | undefined => {
    const s = map[key];
    return s?.ok ? s.data : undefined;
  };
  const deletedChild = (parent: string, name: string, type: string) => planned.deleted.has(`${parent}/${type}/${name}`.toLowerCase());

  // VNETs: a planned VNET replaces the live one; peerings are separate resources in both Terraform and ARM.
  const vnetKeys = new Set([...planned.virtualNetworks.keys(), ...planned.peerings.keys()]);
  for (const key of vnetKeys) {
    const base = planned.virtualNetworks.get(key)?.data ?? live(out.virtualNetworks, key);
    if (!base) continue;
    const livePeerings = live(out.virtualNetworks, key)?.peerings ?? [];
    const peerings = byName(byName(livePeerings, base.peerings), dataOf(planned.peerings.get(key))).filter(
      (p) => !deletedChild(key, p.name, 'virtualNetworkPeerings'),
    );
    out.virtualNetworks[key] = { ok: true, data: { ...base, peerings } };
  }
  for (const [key, s] of planned.subnets) {
    const liveSubnet = live(out.subnets, key);
    // The plan owns what a subnet is configured with; what Azure derives from other resources placed in
    // the subnet (NICs, private endpoints, service links) is no property a plan can set, so it stays as read.
    // (Without a live read, a what-if body's own read-only lists are the best there is.)
    const data: Subnet = { ...s.data };
    if (liveSubnet)
      for (const field of DERIVED_SUBNET_FIELDS) {
        if (liveSubnet[field] !== undefined) (data as Record<string, unknown>)[field] = liveSubnet[field];
        else delete data[field];
      }
    const external = s.resource.externalProperties ?? [];
    if (external.includes('networkSecurityGroup') && liveSubnet?.networkSecurityGroupId && !data.networkSecurityGroupId)
      data.networkSecurityGroupId = liveSubnet.networkSecurityGroupId;
    if (external.includes('routeTable') && liveSubnet?.routeTableId && !data.routeTableId) data.routeTableId = liveSubnet.routeTableId;
    out.subnets[key] = { ok: true, data };
  }
  // Terraform's subnet associations are the subnet's networkSecurityGroup / routeTable properties.
  for (const r of resources) {
    const assoc = /\/(networkSecurityGroupAssociation|routeTableAssociation)$/i.exec(r.type)?.[1];
    if (!assoc) continue;
    const subnet = live(out.subnets, r.id.toLowerCase());
    if (!subnet) continue;
    const props = (r.body?.properties ?? {}) as Record<string, { id?: string }>;
    const next = { ...subnet };
    if (assoc.toLowerCase() === 'networksecuritygroupassociation') {
      if (r.change === 'delete') delete next.networkSecurityGroupId;
      else if (props.networkSecurityGroup?.id) next.networkSecurityGroupId = props.networkSecurityGroup.id;
    } else if (r.change === 'delete') delete next.routeTableId;
    else if (props.routeTable?.id) next.routeTableId = props.routeTable.id;
    out.subnets[r.id.toLowerCase()] = { ok: true, data: next };
  }
  for (const key of new Set([...planned.networkSecurityGroups.keys(), ...planned.securityRules.keys()])) {
    const base = planned.networkSecurityGroups.get(key)?.data ?? live(out.networkSecurityGroups, key);
    if (!base) continue;
    const liveNsg = live(out.networkSecurityGroups, key);
    const securityRules = byName(
      planned.networkSecurityGroups.has(key) ? base.securityRules : (liveNsg?.securityRules ?? []),
      dataOf(planned.securityRules.get(key)),
    ).filter((r) => !deletedChild(key, r.name, 'securityRules'));
    // ARM adds the default rules itself; src/model/nsg.ts supplies them when a body has none.
    out.networkSecurityGroups[key] = {
      ok: true,
      data: {
        ...base,
        securityRules,
        defaultSecurityRules: base.defaultSecurityRules.length ? base.defaultSecurityRules : (liveNsg?.defaultSecurityRules ?? []),
      },
    };
  }
  for (const key of new Set([...planned.routeTables.keys(), ...planned.routes.keys()])) {
    const base = planned.routeTables.get(key)?.data ?? live(out.routeTables, key);
    if (!base) continue;
    const routes = byName(
      planned.routeTables.has(key) ? base.routes : (live(out.routeTables, key)?.routes ?? []),
      dataOf(planned.routes.get(key)),
    ).filter((r) => !deletedChild(key, r.name, 'routes'));
    out.routeTables[key] = { ok: true, data: { ...base, routes } };
  }
  for (const key of new Set([...planned.privateDnsZones.keys(), ...planned.zoneLinks.keys(), ...planned.aRecords.keys()])) {
    const liveZone = live(out.privateDnsZones, key);
    const base = planned.privateDnsZones.get(key)?.data ?? liveZone;
    if (!base) continue;
    out.privateDnsZones[key] = {
      ok: true,
      data: {
        ...base,
        virtualNetworkLinks: byName(liveZone?.virtualNetworkLinks ?? [], dataOf(planned.zoneLinks.get(key))).filter(
          (l) => !deletedChild(key, l.name, 'virtualNetworkLinks'),
        ),
        aRecords: byName(liveZone?.aRecords ?? [], dataOf(planned.aRecords.get(key))).filter((a) => !deletedChild(key, a.name, 'A')),
      },
    };
  }
  for (const [key, pe] of planned.privateEndpoints) out.privateEndpoints[key] = { ok: true, data: pe.data };
  for (const key of planned.deleted) {
    for (const kind of Object.keys(out) as (keyof AzureResources)[]) delete (out[kind] as Record<string, unknown>)[key];
  }
  // A planned subnet holds the planned endpoints placed in it (ARM lists them on the subnet).
  for (const pe of planned.privateEndpoints.values()) {
    const subnet = pe.data.subnetId ? live(out.subnets, pe.data.subnetId.toLowerCase()) : undefined;
    if (subnet && !subnet.privateEndpointIds?.some((id) => sameResourceId(id, pe.data.id)))
      subnet.privateEndpointIds = [...(subnet.privateEndpointIds ?? []), pe.data.id];
  }
  derivePeeringState(out, planned);
  // A resource with a judged value only deployment tells is not judged on a placeholder: a plan-gap skip.
  for (const [key, what] of planned.afterDeployment) {
    for (const kind of Object.keys(out) as (keyof AzureResources)[]) {
      const map = out[kind] as Record<string, SliceOf<unknown>>;
      if (map[key]) map[key] = { ok: false, error: { code: AFTER_DEPLOYMENT_CODE, message: afterDeploymentReason(what) } };
    }
  }
  return out;
}

/**
 * ARM sets a peering Connected once both VNETs hold one to each other, Initiated while only one does,
 * and copies the remote VNET's space into it (Microsoft docs, "Create, change, or delete a virtual
 * network peering": peering status). A plan leaves both to deployment: they follow from the merged state.
 */
function derivePeeringState(out: Required<AzureResources>, planned: PlannedFacts): void {
  const vnet = (id: string): VirtualNetwork | undefined => {
    const s = out.virtualNetworks[id.toLowerCase()];
    return s?.ok ? s.data : undefined;
  };
  const derive = (local: VirtualNetwork, name: string) => {
    const peering = local.peerings.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!peering) return;
    const remote = vnet(peering.remoteVirtualNetworkId);
    const back = remote?.peerings.some((x) => sameResourceId(x.remoteVirtualNetworkId, local.id));
    peering.peeringState = back ? 'Connected' : 'Initiated';
    if (back) peering.peeringSyncLevel = 'FullyInSync';
    if (remote && peering.remoteAddressPrefixes.length === 0) {
      peering.remoteAddressPrefixes = [...remote.addressPrefixes];
      peering.remoteVirtualNetworkAddressPrefixes = [...remote.addressPrefixes];
    }
    // The other side of a new pair becomes Connected too.
    const backPeering = remote?.peerings.find((x) => sameResourceId(x.remoteVirtualNetworkId, local.id));
    if (backPeering?.peeringState.toLowerCase() === 'initiated') backPeering.peeringState = 'Connected';
  };
  for (const [key, list] of planned.peerings) {
    const local = vnet(key);
    if (!local) continue;
    for (const p of list) if (p.resource.unknown.includes('/properties/peeringState')) derive(local, p.data.name);
  }
  // Peerings written inline in a planned VNET body (ARM templates and what-if): the same, by their index in the body.
  for (const [key, v] of planned.virtualNetworks) {
    const local = vnet(key);
    if (!local) continue;
    v.data.peerings.forEach((p, i) => {
      if (v.resource.unknown.includes(`/properties/virtualNetworkPeerings/${i}/properties/peeringState`)) derive(local, p.name);
    });
  }
}

/** A live server gains the private endpoint connections the plan adds to it. */
function withPlannedEndpoints(facts: AzureNodeFacts, planned: PlannedFacts): AzureNodeFacts {
  if (!facts.server.ok || planned.privateEndpoints.size === 0) return facts;
  const server = facts.server.data;
  const connections = endpointConnections(server.id, server.privateEndpointConnections ?? [], planned);
  return connections.length === (server.privateEndpointConnections ?? []).length
    ? facts
    : { ...facts, server: { ok: true, data: { ...server, privateEndpointConnections: connections } } };
}

function endpointConnections(
  serverId: string,
  existing: NonNullable<FlexibleServer['privateEndpointConnections']>,
  planned: PlannedFacts,
): NonNullable<FlexibleServer['privateEndpointConnections']> {
  const connections = [...existing];
  for (const pe of planned.privateEndpoints.values()) {
    for (const c of pe.data.connections) {
      if (!sameResourceId(c.privateLinkServiceId, serverId)) continue;
      if (connections.some((x) => sameResourceId(x.privateEndpointId, pe.data.id))) continue;
      // Approved at once when not manual (the requester owns the server); a manual request waits as Pending.
      connections.push({
        id: `${serverId}/privateEndpointConnections/${pe.data.name}`,
        privateEndpointId: pe.data.id,
        status: c.manual ? 'Pending' : 'Approved',
        groupIds: c.groupIds,
      });
    }
  }
  return connections;
}

function plannedServerFacts(
  server: Planned<import('../snapshot/types.js').FlexibleServer>,
  planned: PlannedFacts,
  liveFacts: AzureNodeFacts | undefined,
): AzureNodeFacts {
  const key = server.data.id.toLowerCase();
  // A server the plan creates starts with the platform defaults; one it changes keeps what it has.
  const base: Record<string, ServerParameter> =
    server.resource.change === 'create' || !liveFacts?.parameters?.ok ? defaultParameters() : { ...liveFacts.parameters.data };
  for (const [name, p] of planned.parameters.get(key) ?? [])
    base[name] = { ...p.data, ...(base[name]?.defaultValue !== undefined ? { defaultValue: base[name].defaultValue } : {}) };
  // A planned private endpoint to this server is a private endpoint connection of it once deployed.
  const connections = endpointConnections(server.data.id, server.data.privateEndpointConnections ?? [], planned);
  const firewall = planned.firewallRules.get(key);
  return {
    server: { ok: true, data: { ...server.data, privateEndpointConnections: connections } },
    parameters: { ok: true, data: base },
    firewallRules: {
      ok: true,
      data: firewall
        ? dataOf(firewall)
        : server.resource.change === 'create'
          ? []
          : liveFacts?.firewallRules?.ok
            ? liveFacts.firewallRules.data
            : [],
    },
  };
}

/** The plan address or ARM id of every planned resource a result is about: its nodes' servers, and the planned resources its message names. */
export { namePlanSources } from './sources.js';

/** The snapshot of a --plan run: plan files read, the live part collected when `azure` is configured. */
export async function snapshotFromPlans(
  config: Config | undefined,
  files: readonly string[],
  cwd: string,
  hooks: {
    env?: NodeJS.ProcessEnv;
    onAzureRead?: (event: { label: string; state: 'start' | 'ok' | 'failed' }) => void;
    now?: () => Date;
    warn?: PlanWarn;
  } = {},
): Promise<Snapshot> {
  const resources = await readPlanFiles(files, cwd, hooks.warn);
  let live: PlanSnapshotOptions['live'];
  if (config?.azure) {
    const { collectorFor } = await import('../collect/azure/index.js');
    live = collectorFor(config, hooks.env ?? process.env, hooks.onAzureRead ?? (() => undefined));
  }
  return planSnapshot(config, resources, { files, ...(live ? { live } : {}), ...(hooks.now ? { now: hooks.now } : {}) });
}
