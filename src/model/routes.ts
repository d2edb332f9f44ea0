// Effective routes of a subnet: Azure's system routes (own address space, connected peerings, the
// defaults) overlaid by the user-defined routes of its route table; a lookup is the longest prefix match.
import type { RouteTable, VirtualNetwork, VirtualNetworkPeering } from '../snapshot/network-types.js';
import { heldBy, knownPrefix, parsePrefix, type Prefix } from './cidr.js';
import { azNames } from './azure-names.js';
import { memoInRun, perRun } from './snapshot-index.js';

export interface EffectiveRoute {
  prefix: Prefix;
  nextHopType: string;
  nextHopIpAddress?: string;
  source: 'system' | 'user';
  /** The user-defined route's name, or a description of the system route. */
  name: string;
  routeTable?: string;
  /** For a peering route: the VNET on the other side. */
  remoteVirtualNetworkId?: string;
}

const SYSTEM_DEFAULTS: [string, string][] = [
  ['0.0.0.0/0', 'Internet'],
  ['10.0.0.0/8', 'None'],
  ['172.16.0.0/12', 'None'],
  ['192.168.0.0/16', 'None'],
  ['100.64.0.0/10', 'None'],
];

export interface RouteInputs {
  vnet: VirtualNetwork;
  routeTable?: RouteTable;
}

export function effectiveRoutes({ vnet, routeTable }: RouteInputs): { routes: EffectiveRoute[]; unresolved: string[] } {
  const system: EffectiveRoute[] = [];
  for (const text of vnet.addressPrefixes) {
    const prefix = parsePrefix(text);
    if (prefix) system.push({ prefix, nextHopType: 'VnetLocal', source: 'system', name: `address space of ${vnet.name}` });
  }
  for (const peering of vnet.peerings) {
    if (peering.peeringState.toLowerCase() !== 'connected') continue;
    for (const text of peering.remoteAddressPrefixes) {
      const prefix = parsePrefix(text);
      if (prefix)
        system.push({
          prefix,
          nextHopType: 'VNetPeering',
          source: 'system',
          name: `peering ${peering.name}`,
          remoteVirtualNetworkId: peering.remoteVirtualNetworkId,
        });
    }
  }
  for (const [text, hop] of SYSTEM_DEFAULTS)
    system.push({ prefix: knownPrefix(text), nextHopType: hop, source: 'system', name: 'default route' });

  const user: EffectiveRoute[] = [];
  const unresolved: string[] = [];
  for (const route of routeTable?.routes ?? []) {
    const prefix = parsePrefix(route.addressPrefix);
    if (!prefix) {
      // A service tag as destination (allowed in UDRs) cannot be expanded offline.
      unresolved.push(`${route.name} (${route.addressPrefix})`);
      continue;
    }
    user.push({
      prefix,
      nextHopType: route.nextHopType,
      ...(route.nextHopIpAddress ? { nextHopIpAddress: route.nextHopIpAddress } : {}),
      source: 'user',
      name: route.name,
      ...(routeTable ? { routeTable: routeTable.name } : {}),
    });
  }
  // A user-defined route replaces the system route with the same prefix.
  const overridden = (r: EffectiveRoute) => user.some((u) => u.prefix.text === r.prefix.text && u.prefix.family === r.prefix.family);
  return { routes: [...user, ...system.filter((r) => !overridden(r))], unresolved };
}

export interface RouteLookup {
  /** The route for the destination; undefined when no route covers it (IPv6 without a default). */
  route?: EffectiveRoute;
  /** More specific routes that cover only part of a destination range (a subnet, when the address is unknown). */
  partial: EffectiveRoute[];
}

export function lookupRoute(routes: readonly EffectiveRoute[], destination: Prefix): RouteLookup {
  // Two rules ask each pair's question: the answer is kept per destination and route table for the run.
  const byTable = memoInRun(destination, 'route-lookups', () => new WeakMap<readonly EffectiveRoute[], RouteLookup>());
  let found = byTable.get(routes);
  if (!found) byTable.set(routes, (found = lookupUncached(routes, destination)));
  return found;
}

function lookupUncached(routes: readonly EffectiveRoute[], destination: Prefix): RouteLookup {
  const index = memoInRun(routes, 'route-index', () => indexRoutes(routes));
  // Longest prefix first; on an equal prefix a user route wins, else the first in table order.
  let route: EffectiveRoute | undefined;
  for (const length of index.lengths[destination.family]) {
    if (length > destination.length) continue;
    const same = index.byPrefix.get(networkKeyOf(destination, length));
    if (same) {
      route = same.find((r) => r.source === 'user') ?? same[0];
      break;
    }
  }
  return { ...(route ? { route } : {}), partial: inside(index, destination) };
}

interface RouteIndex {
  /** Prefix lengths present, longest first, per family. */
  lengths: Record<4 | 6, number[]>;
  /** Routes by their exact prefix (family, length, network), in table order. */
  byPrefix: Map<string, EffectiveRoute[]>;
  /** Routes with their table position, sorted by first address, per family. */
  byFirst: Record<4 | 6, { route: EffectiveRoute; position: number }[]>;
}

function networkKey(prefix: Prefix, length: number): string {
  const bits = prefix.family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - length);
  return `${prefix.family}/${length}/${(prefix.first >> hostBits).toString(16)}`;
}

/** networkKey of a destination, kept per destination: BigInt shifts and hex text per pair and length added up. */
function networkKeyOf(destination: Prefix, length: number): string {
  const keys = memoInRun(destination, 'network-keys', () => new Map<number, string>());
  let key = keys.get(length);
  if (key === undefined) keys.set(length, (key = networkKey(destination, length)));
  return key;
}

/** A route table as lookups by exact prefix and by address: lookups were a filter and sort of every route per pair. */
function indexRoutes(routes: readonly EffectiveRoute[]): RouteIndex {
  const index: RouteIndex = { lengths: { 4: [], 6: [] }, byPrefix: new Map(), byFirst: { 4: [], 6: [] } };
  routes.forEach((route, position) => {
    const key = networkKey(route.prefix, route.prefix.length);
    const same = index.byPrefix.get(key);
    if (same) same.push(route);
    else index.byPrefix.set(key, [route]);
    if (!index.lengths[route.prefix.family].includes(route.prefix.length)) index.lengths[route.prefix.family].push(route.prefix.length);
    index.byFirst[route.prefix.family].push({ route, position });
  });
  for (const family of [4, 6] as const) {
    index.lengths[family].sort((a, b) => b - a);
    index.byFirst[family].sort((a, b) =>
      a.route.prefix.first < b.route.prefix.first ? -1 : a.route.prefix.first > b.route.prefix.first ? 1 : a.position - b.position,
    );
  }
  return index;
}

/**
 * Routes more specific than the destination that lie inside it, in table order: they take part of a
 * destination range (two prefixes that overlap always nest, so these are all the partial overlaps).
 */
function inside(index: RouteIndex, destination: Prefix): EffectiveRoute[] {
  const sorted = index.byFirst[destination.family];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.route.prefix.first < destination.first) lo = mid + 1;
    else hi = mid;
  }
  const found: { route: EffectiveRoute; position: number }[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.route.prefix.first <= destination.last; i += 1) {
    const entry = sorted[i]!;
    if (entry.route.prefix.length > destination.length && entry.route.prefix.last <= destination.last) found.push(entry);
  }
  return found.sort((a, b) => a.position - b.position).map((e) => e.route);
}

/**
 * A route that leaves the VNET through a hub it is peered with: a `VirtualAppliance` whose next hop
 * address lies in the remote space of a connected peering (an NVA or Azure Firewall in the hub), or a
 * `VirtualNetworkGateway` reached through a peering that uses the remote gateway (gateway transit).
 * This is how spokes that are not peered with each other reach each other (peering is not transitive).
 */
export interface HubTransit {
  kind: 'appliance' | 'gateway';
  /** The spoke's own peering to the hub. */
  peering: VirtualNetworkPeering;
  /** The hub VNET's name (from the peering's remote id; the hub itself is not in the snapshot). */
  hubName: string;
  /** The appliance address, or "the hub's gateway". */
  hop: string;
}

export function hubTransit(vnet: VirtualNetwork, route: EffectiveRoute): HubTransit | undefined {
  // Every peer of a spoke is routed by the same few routes: the answer is remembered per route and VNET.
  const byVnet = memoInRun(route, 'hub-transit', () => new Map<VirtualNetwork, HubTransit | undefined>());
  if (!byVnet.has(vnet)) byVnet.set(vnet, findHubTransit(vnet, route));
  return byVnet.get(vnet);
}

function findHubTransit(vnet: VirtualNetwork, route: EffectiveRoute): HubTransit | undefined {
  const type = route.nextHopType.toLowerCase();
  // Only an appliance or a gateway leads through a hub: a spoke's other routes need no look at its peerings.
  if (type !== 'virtualappliance' && type !== 'virtualnetworkgateway') return undefined;
  const usable = memoInRun(vnet, 'usable-peerings', () =>
    vnet.peerings.filter((p) => p.peeringState.toLowerCase() === 'connected' && p.allowVirtualNetworkAccess),
  );
  const hubName = (p: VirtualNetworkPeering) => azNames(p.remoteVirtualNetworkId).name;
  if (type === 'virtualappliance' && route.nextHopIpAddress) {
    const address = parsePrefix(route.nextHopIpAddress);
    const peering = address && usable.find((p) => heldBy(address, p.remoteAddressPrefixes));
    return peering ? { kind: 'appliance', peering, hubName: hubName(peering), hop: `appliance ${route.nextHopIpAddress}` } : undefined;
  }
  if (type === 'virtualnetworkgateway') {
    const peering = usable.find((p) => p.useRemoteGateways);
    return peering ? { kind: 'gateway', peering, hubName: hubName(peering), hop: 'the VPN gateway' } : undefined;
  }
  return undefined;
}

/** effectiveRoutes of a node's VNET and route table, computed once per run however many peers ask. */
export function effectiveRoutesFor(vnet: VirtualNetwork, routeTable: RouteTable | undefined): ReturnType<typeof effectiveRoutes> {
  return perRun('effective-routes', vnet, routeTable, () => effectiveRoutes({ vnet, ...(routeTable ? { routeTable } : {}) }));
}
