// Every result of a plan run names what it judged: the Terraform address (or ARM id) of its nodes'
// servers, and, for a failure, the planned resources of its own nodes that its evidence or message names
// (an NSG, a route table, a peering ...). Names repeat across a mesh (every VNET may hold a subnet
// `snet-pg`, every server a `wal_level`), so a name only counts among the resources of the result's nodes.
import type { Result } from '../engine/result.js';
import { targetNodes } from '../engine/targets.js';
import type { Snapshot } from '../snapshot/types.js';
import { topologyNode } from '../model/snapshot-index.js';
import { resourceName, vnetIdOfSubnet } from '../util/azure-id.js';

type PlanResources = NonNullable<Snapshot['plan']>['resources'];

export function namePlanSources(results: readonly Result[], snapshot: Snapshot): Result[] {
  const plan = snapshot.plan;
  if (!plan) return [...results];
  const namePatterns = new Map<string, RegExp>();
  const patternOf = (key: string): RegExp | undefined => {
    let pattern = namePatterns.get(key);
    if (!pattern) {
      const name = resourceName(key);
      if (name.length < 3) return undefined;
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      namePatterns.set(key, (pattern = new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}($|[^A-Za-z0-9_-])`, 'i')));
    }
    return pattern;
  };
  const ownedByNode = new Map<string, string[]>();
  const owned = (node: string): string[] => {
    let keys = ownedByNode.get(node);
    if (!keys) ownedByNode.set(node, (keys = nodeResources(snapshot, node, plan.resources)));
    return keys;
  };
  return results.map((result) => {
    const keys: string[] = [];
    const add = (key: string) => {
      if (!keys.includes(key)) keys.push(key);
    };
    const nodes = targetNodes(result.targetInfo);
    for (const node of nodes) {
      const server = topologyNode(snapshot, node)?.server?.toLowerCase();
      if (server && plan.resources[server]) add(server);
    }
    if (result.outcome === 'fail') {
      // The planned resources the result's evidence names by id ...
      forEachString(result.evidence, (s) => {
        if (s.startsWith('/') && plan.resources[s.toLowerCase()]) add(s.toLowerCase());
      });
      // ... and those of its own nodes its message names.
      for (const node of nodes) for (const key of owned(node)) if (patternOf(key)?.test(result.message)) add(key);
    }
    const sources: string[] = [];
    for (const key of keys) {
      const source = plan.resources[key]!.source;
      if (!sources.includes(source)) sources.push(source);
    }
    return sources.length ? { ...result, planSources: sources } : result;
  });
}

/**
 * Lower-cased ids of the planned resources a node's verdicts rest on: its server and its children
 * (parameters, firewall rules), its delegated subnet, that subnet's VNET (with its peerings), NSG and
 * route table (with their rules and routes), its private DNS zone (links, records), and its private endpoints.
 */
function nodeResources(snapshot: Snapshot, node: string, resources: PlanResources): string[] {
  const roots = new Set<string>();
  const add = (id: string | undefined) => {
    if (id) roots.add(id.toLowerCase());
  };
  const serverId = topologyNode(snapshot, node)?.server;
  add(serverId);
  const facts = snapshot.nodes[node]?.azure?.server;
  const server = facts?.ok ? facts.data : undefined;
  const subnetId = server?.network.delegatedSubnetResourceId;
  add(server?.network.privateDnsZoneArmResourceId);
  const subnetIds = subnetId ? [subnetId] : [];
  for (const c of server?.privateEndpointConnections ?? []) {
    if (!c.privateEndpointId) continue;
    add(c.privateEndpointId);
    const pe = snapshot.azure?.privateEndpoints?.[c.privateEndpointId.toLowerCase()];
    if (pe?.ok && pe.data.subnetId) subnetIds.push(pe.data.subnetId);
  }
  const subnetKeys = new Set<string>();
  for (const id of subnetIds) {
    add(id);
    subnetKeys.add(id.toLowerCase());
    add(vnetIdOfSubnet(id));
    const subnet = snapshot.azure?.subnets?.[id.toLowerCase()];
    if (subnet?.ok) {
      add(subnet.data.networkSecurityGroupId);
      add(subnet.data.routeTableId);
    }
  }
  const out: string[] = [];
  for (const key of Object.keys(resources)) {
    if (roots.has(key)) out.push(key);
    else {
      // A child of a root (a server parameter, an NSG rule, a route, a peering, a zone link); a VNET's other subnets are not the node's.
      const parent = [...roots].find((r) => key.startsWith(`${r}/`));
      if (parent && !(/\/subnets\/[^/]+$/.test(key) && !subnetKeys.has(key))) out.push(key);
    }
  }
  return out;
}

function forEachString(value: unknown, visit: (s: string) => void, depth = 0): void {
  if (depth > 6) return;
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) forEachString(v, visit, depth + 1);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) forEachString(v, visit, depth + 1);
}
