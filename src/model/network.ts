// One node's place in the network, assembled from the shared resource maps of the snapshot:
// server -> delegated subnet -> VNET, NSG, route table; private DNS zone; the server's private address.
import type { AzureResources, FlexibleServer, SliceOf, Snapshot } from '../snapshot/types.js';
import type { NetworkSecurityGroup, PrivateDnsZone, RouteTable, Subnet, VirtualNetwork } from '../snapshot/network-types.js';
import { contains, parsePrefix, type Prefix } from './cidr.js';
import { memoInRun, perRun } from './snapshot-index.js';
import { vnetIdOfSubnet } from '../util/azure-id.js';

type ResourceKind = keyof AzureResources;
type ResourceOf<K extends ResourceKind> = NonNullable<AzureResources[K]> extends Record<string, SliceOf<infer T>> ? T : never;

export function resourceKey(id: string): string {
  return id.toLowerCase();
}

/** The recorded slice for a resource id, or undefined when the snapshot never looked it up. */
export function resourceSlice<K extends ResourceKind>(snapshot: Snapshot, kind: K, id: string): SliceOf<ResourceOf<K>> | undefined {
  const map = snapshot.azure?.[kind] as Record<string, SliceOf<ResourceOf<K>>> | undefined;
  return map?.[resourceKey(id)];
}

export function resource<K extends ResourceKind>(snapshot: Snapshot, kind: K, id: string | undefined): ResourceOf<K> | undefined {
  if (!id) return undefined;
  const slice = resourceSlice(snapshot, kind, id);
  return slice?.ok ? slice.data : undefined;
}

export interface NodeNetwork {
  server: FlexibleServer;
  subnetId: string;
  subnet: Subnet;
  vnet: VirtualNetwork;
  nsg: NetworkSecurityGroup | undefined;
  routeTable: RouteTable | undefined;
  zone: PrivateDnsZone | undefined;
  subnetPrefixes: Prefix[];
  /** The server's private address when the zone's A records say it (matched by IP inside the subnet). */
  serverAddress: Prefix | undefined;
  /** The server's address if known, else the whole delegated subnet: what NSG and route questions are asked about. */
  endpoint: Prefix;
}

export function nodeNetwork(snapshot: Snapshot, server: FlexibleServer | undefined): NodeNetwork | undefined {
  const subnetId = server?.network.delegatedSubnetResourceId;
  if (!server || !subnetId) return undefined;
  const subnet = resource(snapshot, 'subnets', subnetId);
  const vnet = resource(snapshot, 'virtualNetworks', vnetIdOfSubnet(subnetId));
  if (!subnet || !vnet) return undefined;
  const subnetPrefixes = subnet.addressPrefixes.map(parsePrefix).filter((p): p is Prefix => p !== undefined);
  const zone = resource(snapshot, 'privateDnsZones', server.network.privateDnsZoneArmResourceId);
  const serverAddress = zone ? addressInSubnet(zone, subnetPrefixes) : undefined;
  const endpoint = serverAddress ?? subnetPrefixes[0];
  if (!endpoint) return undefined;
  return {
    server,
    subnetId,
    subnet,
    vnet,
    nsg: resource(snapshot, 'networkSecurityGroups', subnet.networkSecurityGroupId),
    routeTable: resource(snapshot, 'routeTables', subnet.routeTableId),
    zone,
    subnetPrefixes,
    serverAddress,
    endpoint,
  };
}

/** A records of the zone whose address lies in the subnet; exactly one such address identifies the server. */
export function recordsInSubnet(zone: PrivateDnsZone, subnetPrefixes: readonly Prefix[]): { name: string; address: string }[] {
  // Every peer of a provider asks about the same zone and subnet: one scan of the zone's records per run.
  const bySubnet = memoInRun(zone, 'records-in-subnet', () => new WeakMap<readonly Prefix[], { name: string; address: string }[]>());
  let found = bySubnet.get(subnetPrefixes);
  if (!found) bySubnet.set(subnetPrefixes, (found = scanRecords(zone, subnetPrefixes)));
  return found;
}

function scanRecords(zone: PrivateDnsZone, subnetPrefixes: readonly Prefix[]): { name: string; address: string }[] {
  return zone.aRecords.flatMap((r) =>
    r.ipv4Addresses
      .filter((ip) => {
        const p = parsePrefix(ip);
        return p !== undefined && subnetPrefixes.some((s) => contains(s, p));
      })
      .map((address) => ({ name: r.name, address })),
  );
}

function addressInSubnet(zone: PrivateDnsZone, subnetPrefixes: readonly Prefix[]): Prefix | undefined {
  const addresses = [...new Set(recordsInSubnet(zone, subnetPrefixes).map((r) => r.address))];
  return addresses.length === 1 ? parsePrefix(addresses[0]!) : undefined;
}

/** VirtualNetwork service tag of a VNET: its space, peered VNETs whose peering is connected and allows access, UDR prefixes. */
export function virtualNetworkTag(vnet: VirtualNetwork, routeTable: RouteTable | undefined): Prefix[] {
  const texts = [
    ...vnet.addressPrefixes,
    ...vnet.peerings
      .filter((p) => p.peeringState.toLowerCase() === 'connected' && p.allowVirtualNetworkAccess)
      .flatMap((p) => p.remoteAddressPrefixes),
    ...(routeTable?.routes.map((r) => r.addressPrefix) ?? []),
  ];
  return texts.map(parsePrefix).filter((p): p is Prefix => p !== undefined);
}

/** virtualNetworkTag of a node's VNET and route table, computed once per run. */
export function virtualNetworkTagFor(vnet: VirtualNetwork, routeTable: RouteTable | undefined): Prefix[] {
  return perRun('virtual-network-tag', vnet, routeTable, () => virtualNetworkTag(vnet, routeTable));
}
