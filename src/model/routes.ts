// Effective routes of a subnet: Azure's system routes (own address space, connected peerings, the
// defaults) overlaid by the user-defined routes of its route table; a lookup is the longest prefix match.
import type { RouteTable, VirtualNetwork, VirtualNetworkPeering } from '../snapshot/network-types.js';
import { contains, heldBy, overlaps, parsePrefix, type Prefix } from './cidr.js';
import { azNames } from './azure-names.js';
import type { Snapshot } from '../snapshot/types.js';
import { perRun } from './snapshot-index.js';

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
      if (prefix) system.push({ prefix, nextHopType: 'VNetPeering', source: 'system', name: `peering ${peering.name}`, remoteVirtualNetworkId: peering.remoteVirtualNetworkId });
    }
  }
  for (const [text, hop] of SYSTEM_DEFAULTS) system.push({ prefix: parsePrefix(text)!, nextHopType: hop, source: 'system', name: 'default route' });

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
  const covering = routes.filter((r) => contains(r.prefix, destination)).sort((a, b) => b.prefix.length - a.prefix.length || rank(a) - rank(b));
  const partial = routes.filter((r) => !contains(r.prefix, destination) && overlaps(r.prefix, destination));
  return { ...(covering[0] ? { route: covering[0] } : {}), partial };
}

/** On an equal prefix length a user route wins over a system one. */
function rank(r: EffectiveRoute): number {
  return r.source === 'user' ? 0 : 1;
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
  const usable = vnet.peerings.filter((p) => p.peeringState.toLowerCase() === 'connected' && p.allowVirtualNetworkAccess);
  const hubName = (p: VirtualNetworkPeering) => azNames(p.remoteVirtualNetworkId).name;
  const type = route.nextHopType.toLowerCase();
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
export function effectiveRoutesFor(snapshot: Snapshot, vnet: VirtualNetwork, routeTable: RouteTable | undefined): ReturnType<typeof effectiveRoutes> {
  return perRun(snapshot, 'effective-routes', vnet, routeTable, () => effectiveRoutes({ vnet, ...(routeTable ? { routeTable } : {}) }));
}
