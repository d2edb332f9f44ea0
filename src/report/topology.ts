// The replication topology as the diagram and summary show it: nodes placed in their VNET and region,
// VNET peerings, and one edge per ordered pair (provider -> subscriber, the way changes flow) carrying
// the pair's subscriptions and the verdict of the rules about that pair or those subscriptions.
// Nothing here judges anything: the colour of an edge comes from rule results only.
import { severityRank, type Result } from '../engine/result.js';
import { nodeView } from '../model/node-view.js';
import { resource, resourceKey } from '../model/network.js';
import { pglogicalOf, providerNodeOf } from '../model/pglogical.js';
import { parseResourceId } from '../util/azure-id.js';
import type { PglogicalSubscription, Snapshot } from '../snapshot/types.js';

export interface TopologyNode {
  name: string;
  server: string | undefined;
  region: string;
  /** resourceKey of the VNET of the delegated subnet, when known. */
  vnet: string | undefined;
}

export interface TopologyVnet {
  key: string;
  name: string;
  region: string;
  /** Nodes whose delegated subnet is in this VNET; empty for a VNET reached only by peering (a hub). */
  nodes: string[];
}

export interface TopologyPeering {
  /** resourceKeys, in the order first met. */
  a: string;
  b: string;
  /** peeringState of a's peering to b and of b's peering to a: `none` when there is none, `not collected` when that VNET was not read. */
  stateAB: string | undefined;
  stateBA: string | undefined;
}

/** worst result first: a failure at severity error, a warning, something unchecked, or nothing wrong. */
export type EdgeState = 'broken' | 'warning' | 'unchecked' | 'ok';

export interface PairEdge {
  subscriber: string;
  provider: string;
  subscriptions: { name: string; status: string }[];
  state: EdgeState;
  /** Rules that failed (worst first), then rules that could not check; each rule once. */
  failing: string[];
  unchecked: string[];
}

export interface Topology {
  nodes: TopologyNode[];
  vnets: TopologyVnet[];
  peerings: TopologyPeering[];
  /** Every ordered pair of distinct nodes, in topology order. */
  pairs: PairEdge[];
}

const pairKey = (subscriber: string, provider: string) => `${subscriber}\u0000${provider}`;

/** Each subscription of the topology under its ordered pair (subscriber, provider), found once. */
function subscriptionsByPair(snapshot: Snapshot): Map<string, PglogicalSubscription[]> {
  const byPair = new Map<string, PglogicalSubscription[]>();
  for (const node of snapshot.topology.nodes) {
    for (const sub of pglogicalOf(snapshot, node.name)?.subscriptions ?? []) {
      const provider = providerNodeOf(snapshot, sub);
      if (!provider) continue;
      const key = pairKey(node.name, provider);
      byPair.set(key, [...(byPair.get(key) ?? []), sub]);
    }
  }
  return byPair;
}

/**
 * Results about each ordered pair, indexed once: pair targets directly, and subscription targets
 * (`node:subscription`) through the subscription's provider.
 */
export function pairResults(
  snapshot: Snapshot,
  results: readonly Result[],
  subscriptions?: Map<string, PglogicalSubscription[]>,
): Map<string, Result[]> {
  // The Markdown report asks twice (matrix and diagram) for the same results: indexed once.
  let bySnapshot = pairIndexes.get(results);
  if (!bySnapshot) pairIndexes.set(results, (bySnapshot = new WeakMap()));
  let index = bySnapshot.get(snapshot);
  if (!index) bySnapshot.set(snapshot, (index = indexPairs(results, subscriptions ?? subscriptionsByPair(snapshot))));
  return index;
}

const pairIndexes = new WeakMap<readonly Result[], WeakMap<Snapshot, Map<string, Result[]>>>();

function indexPairs(results: readonly Result[], subscriptions: Map<string, PglogicalSubscription[]>): Map<string, Result[]> {
  const providerOf = new Map<string, string>();
  for (const [key, subs] of subscriptions) {
    const [subscriber, provider] = key.split('\u0000') as [string, string];
    for (const sub of subs) providerOf.set(pairKey(subscriber, sub.name), provider);
  }
  const index = new Map<string, Result[]>();
  const listFor = (key: string): Result[] => {
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    return list;
  };
  // Each target object's list, found once: the pair rules of a run share their pair targets, so the key
  // text is made once per pair rather than once per result (560,000 results at 200 nodes).
  const byTarget = new Map<object, Result[] | null>();
  for (const r of results) {
    const t = r.targetInfo;
    let list = byTarget.get(t);
    if (list === undefined) {
      if (t.kind === 'pair') list = listFor(pairKey(t.subscriber, t.provider));
      else if (t.kind === 'object') {
        const provider = providerOf.get(pairKey(t.node, t.object));
        list = provider ? listFor(pairKey(t.node, provider)) : null;
      } else list = null;
      byTarget.set(t, list);
    }
    list?.push(r);
  }
  return index;
}

export function lookupPair(index: Map<string, Result[]>, subscriber: string, provider: string): readonly Result[] {
  return index.get(pairKey(subscriber, provider)) ?? [];
}

export function buildTopology(snapshot: Snapshot, results: readonly Result[]): Topology {
  const vnets = new Map<string, TopologyVnet>();
  const nodes: TopologyNode[] = snapshot.topology.nodes.map((ref) => {
    const view = nodeView(snapshot, ref.name);
    const vnet = view.network?.vnet;
    const region = vnet?.location ?? view.server?.location ?? (ref.server ? 'region not known' : 'outside Azure');
    const key = vnet ? resourceKey(vnet.id) : undefined;
    if (vnet && key) {
      const entry = vnets.get(key) ?? { key, name: vnet.name, region, nodes: [] };
      entry.nodes.push(ref.name);
      vnets.set(key, entry);
    }
    return { name: ref.name, server: view.server?.name ?? (ref.server ? parseResourceId(ref.server)?.name : undefined), region, vnet: key };
  });

  // Peerings of the nodes' VNETs; a remote VNET without nodes (a hub) is shown too.
  const peerings = new Map<string, TopologyPeering>();
  for (const key of [...vnets.keys()]) {
    const vnet = resource(snapshot, 'virtualNetworks', key);
    for (const p of vnet?.peerings ?? []) {
      const remoteKey = resourceKey(p.remoteVirtualNetworkId);
      if (remoteKey === key) continue;
      if (!vnets.has(remoteKey)) {
        const remote = resource(snapshot, 'virtualNetworks', remoteKey);
        const name = remote?.name ?? parseResourceId(p.remoteVirtualNetworkId)?.name ?? p.remoteVirtualNetworkId;
        vnets.set(remoteKey, { key: remoteKey, name, region: remote?.location ?? 'region not known', nodes: [] });
      }
      const id = [key, remoteKey].sort().join('\u0000');
      const entry = peerings.get(id) ?? { a: key, b: remoteKey, stateAB: undefined, stateBA: undefined };
      if (entry.a === key) entry.stateAB = p.peeringState;
      else entry.stateBA = p.peeringState;
      peerings.set(id, entry);
    }
  }
  // The far side of a peering to a hub was not walked above; a side with no peering back says so.
  for (const entry of peerings.values()) {
    for (const [side, other, field] of [
      [entry.b, entry.a, 'stateBA'],
      [entry.a, entry.b, 'stateAB'],
    ] as const) {
      if (entry[field] !== undefined) continue;
      const vnet = resource(snapshot, 'virtualNetworks', side);
      entry[field] = vnet
        ? (vnet.peerings.find((p) => resourceKey(p.remoteVirtualNetworkId) === other)?.peeringState ?? 'none')
        : 'not collected';
    }
  }

  const subscriptions = subscriptionsByPair(snapshot);
  const index = pairResults(snapshot, results, subscriptions);
  const pairs: PairEdge[] = [];
  for (const subscriber of nodes) {
    for (const provider of nodes) {
      if (subscriber === provider) continue;
      const own = lookupPair(index, subscriber.name, provider.name);
      pairs.push({
        subscriber: subscriber.name,
        provider: provider.name,
        subscriptions: (subscriptions.get(pairKey(subscriber.name, provider.name)) ?? []).map((s) => ({ name: s.name, status: s.status })),
        ...verdict(own),
      });
    }
  }
  return { nodes, vnets: [...vnets.values()], peerings: [...peerings.values()], pairs };
}

function verdict(results: readonly Result[]): { state: EdgeState; failing: string[]; unchecked: string[] } {
  const failed = results
    .filter((r) => r.outcome === 'fail' && r.severity !== 'info')
    .sort((x, y) => severityRank(y.severity) - severityRank(x.severity));
  const failing = [...new Set(failed.map((r) => r.ruleId))];
  const unchecked = [...new Set(results.filter((r) => r.outcome === 'error').map((r) => r.ruleId))];
  const state: EdgeState = failed.some((r) => r.severity === 'error')
    ? 'broken'
    : failed.length > 0
      ? 'warning'
      : unchecked.length > 0
        ? 'unchecked'
        : 'ok';
  return { state, failing, unchecked };
}

export const EDGE_STATE_RANK: Record<EdgeState, number> = { broken: 3, warning: 2, unchecked: 1, ok: 0 };
