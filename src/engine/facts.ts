// The `requires` mechanism: a rule names the fact slices it reads; before `check` runs, the engine
// turns a slice that is absent or failed into an `error` result (or a `skip` where it cannot apply).
import type { FlexibleServer, NodeFacts, SliceOf, Snapshot } from '../snapshot/types.js';
import { resourceSlice } from '../model/network.js';
import { vnetIdOfSubnet } from '../util/azure-id.js';
import { snapshotIndex, topologyNode } from '../model/snapshot-index.js';
import type { SliceError } from '../snapshot/types.js';
import { AFTER_DEPLOYMENT_CODE, NOT_IN_PLAN_CODE } from '../model/plan.js';
import type { NodeView } from '../model/node-view.js';

export { nodeView, type NodeView } from '../model/node-view.js';

/** A fact a plan cannot hold (a new server's database, the SQL side of any plan) is not checked: skip, never error. */
function planGap(error: SliceError): FactStatus | undefined {
  return error.code === AFTER_DEPLOYMENT_CODE || error.code === NOT_IN_PLAN_CODE
    ? { state: 'not-applicable', reason: error.message }
    : undefined;
}

export type FactKey =
  /** The ARM flexible server resource. Not applicable to a node with no `server` id. */
  | 'azure.server'
  /** ARM server parameters (Configurations_ListByServer). */
  | 'azure.parameters'
  /** Everything read over SQL. */
  | 'postgres'
  /** Server parameters from SQL, or from ARM when SQL is unavailable. */
  | 'settings'
  /** Delegated subnet, its VNET, NSG and route table. Not applicable to a server without VNET integration. */
  | 'azure.network'
  /**
   * The server's private DNS zone with its VNET links and A records. Available without a zone when the
   * VNET-integrated server records none: that is a finding for the DNS rules, not a reason to skip.
   */
  | 'azure.dnsZone';

/**
 * The NodeView fields each fact fills. A rule's view of a node (`ctx.node()`) carries exactly the fields of
 * the facts it declares, so reading an undeclared fact is a compile error; `name`, `ref`, `isAzure` and the
 * raw `facts` (slices that are not facts of their own, whose `ok` the rule checks) are always there.
 */
export const FACT_FIELDS = {
  'azure.server': ['server'],
  'azure.parameters': ['parameters'],
  postgres: ['postgres', 'tables'],
  settings: ['settings'],
  'azure.network': ['server', 'network'],
  'azure.dnsZone': ['server'],
} as const satisfies Record<FactKey, readonly (keyof NodeView)[]>;

type FieldOf<K extends FactKey> = (typeof FACT_FIELDS)[K][number];
type FactField = FieldOf<FactKey>;

/**
 * A node of the target being checked, for a rule that requires `R` and may read `O` when present: the engine
 * checked `R` for this node before `check` ran, so its fields are defined.
 */
export type CheckedNodeView<R extends FactKey, O extends FactKey = never> = Omit<NodeView, FactField> & {
  readonly [F in FieldOf<R>]: NonNullable<NodeView[F]>;
} & { readonly [F in Exclude<FieldOf<O>, FieldOf<R>>]: NodeView[F] };

/** Any node of the topology (`ctx.peer()`): the same fields, none of them checked, so each may be undefined. */
export type PeerNodeView<R extends FactKey, O extends FactKey = never> = Omit<NodeView, FactField> & {
  readonly [F in FieldOf<R | O>]: NodeView[F];
};

/** Why a node of the target lacks a field its required fact promises, or undefined when every field is there. */
export function missingFactField(view: NodeView, key: FactKey): string | undefined {
  const missing = FACT_FIELDS[key].filter((field) => view[field] === undefined);
  return missing.length ? `the ${key} facts of ${view.name} are incomplete (no ${missing.join(', ')})` : undefined;
}

export type FactStatus = { state: 'available' } | { state: 'not-applicable'; reason: string } | { state: 'unavailable'; reason: string };

/** Whether a fact of a node can be read; asked for every target, so remembered for the run. */
export function factStatus(snapshot: Snapshot, node: string, key: FactKey): FactStatus {
  const memo = snapshotIndex(snapshot, 'fact-status', () => new Map<string, FactStatus>());
  const id = `${node}\u0000${key}`;
  let status = memo.get(id);
  if (!status) memo.set(id, (status = computeFactStatus(snapshot, node, key)));
  return status;
}

function computeFactStatus(snapshot: Snapshot, node: string, key: FactKey): FactStatus {
  const ref = topologyNode(snapshot, node);
  const facts = snapshot.nodes[node];
  const notAzure: FactStatus = { state: 'not-applicable', reason: `${node} has no Azure server id in the topology` };
  switch (key) {
    case 'azure.server': {
      if (!ref?.server) return notAzure;
      const slice = facts?.azure?.server;
      if (!slice) return { state: 'unavailable', reason: `the Azure server of ${node} was not collected` };
      return slice.ok
        ? { state: 'available' }
        : (planGap(slice.error) ?? { state: 'unavailable', reason: `Azure server of ${node}: ${slice.error.message}` });
    }
    case 'azure.parameters': {
      if (!ref?.server) return notAzure;
      const slice = facts?.azure?.parameters;
      if (!slice) return { state: 'unavailable', reason: `the server parameters of ${node} were not collected from Azure` };
      return slice.ok ? { state: 'available' } : { state: 'unavailable', reason: `server parameters of ${node}: ${slice.error.message}` };
    }
    case 'postgres':
      return sqlStatus(node, facts);
    case 'azure.network':
    case 'azure.dnsZone': {
      const serverStatus = factStatus(snapshot, node, 'azure.server');
      if (serverStatus.state !== 'available') return serverStatus;
      const server = facts?.azure?.server.ok ? facts.azure.server.data : undefined;
      if (!server?.network.delegatedSubnetResourceId)
        return { state: 'not-applicable', reason: `${node} is not VNET-integrated (no delegated subnet)` };
      return key === 'azure.dnsZone' ? dnsZoneStatus(snapshot, server) : networkStatus(snapshot, server.network.delegatedSubnetResourceId);
    }
    case 'settings': {
      const sql = sqlStatus(node, facts);
      if (sql.state === 'available') return sql;
      if (facts?.azure?.parameters?.ok) return { state: 'available' };
      if (sql.state === 'not-applicable' && !ref?.server) return sql;
      const arm = ref?.server ? factStatus(snapshot, node, 'azure.parameters') : undefined;
      const reasons = [sql.state === 'unavailable' ? sql.reason : undefined, arm?.state === 'unavailable' ? arm.reason : undefined];
      return { state: 'unavailable', reason: reasons.filter(Boolean).join('; ') };
    }
  }
}

/** The server's private DNS zone; a VNET-integrated server that records none is available (a finding for the DNS rules). */
function dnsZoneStatus(snapshot: Snapshot, server: FlexibleServer): FactStatus {
  const zoneId = server.network.privateDnsZoneArmResourceId;
  if (!zoneId) return { state: 'available' };
  return sliceStatus(`private DNS zone ${zoneId}`, resourceSlice(snapshot, 'privateDnsZones', zoneId));
}

/** The delegated subnet, its VNET, and the NSG and route table the subnet names: all must have been read. */
function networkStatus(snapshot: Snapshot, subnetId: string): FactStatus {
  const subnetSlice = resourceSlice(snapshot, 'subnets', subnetId);
  const steps: [string, SliceOf<unknown> | undefined][] = [
    [`subnet ${subnetId}`, subnetSlice],
    [`virtual network ${vnetIdOfSubnet(subnetId)}`, resourceSlice(snapshot, 'virtualNetworks', vnetIdOfSubnet(subnetId))],
  ];
  const subnet = subnetSlice?.ok ? subnetSlice.data : undefined;
  if (subnet?.networkSecurityGroupId)
    steps.push([`NSG ${subnet.networkSecurityGroupId}`, resourceSlice(snapshot, 'networkSecurityGroups', subnet.networkSecurityGroupId)]);
  if (subnet?.routeTableId) steps.push([`route table ${subnet.routeTableId}`, resourceSlice(snapshot, 'routeTables', subnet.routeTableId)]);
  for (const [label, slice] of steps) {
    const status = sliceStatus(label, slice);
    if (status.state !== 'available') return status;
  }
  return { state: 'available' };
}

function sliceStatus(label: string, slice: SliceOf<unknown> | undefined): FactStatus {
  if (!slice) return { state: 'unavailable', reason: `${label} was not collected` };
  return slice.ok ? { state: 'available' } : (planGap(slice.error) ?? { state: 'unavailable', reason: `${label}: ${slice.error.message}` });
}

function sqlStatus(node: string, facts: NodeFacts | undefined): FactStatus {
  const slice = facts?.postgres;
  if (!slice) return { state: 'unavailable', reason: `no SQL facts for ${node} (no connection configured or not collected)` };
  return slice.ok
    ? { state: 'available' }
    : (planGap(slice.error) ?? { state: 'unavailable', reason: `SQL on ${node}: ${slice.error.message}` });
}
