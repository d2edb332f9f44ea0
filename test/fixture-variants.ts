// The broken network variants: each is the healthy fixture plus one fault, written out to
// fixtures/network/<name>.json by `npm run fixtures` (a test keeps the files in step), with the
// exact set of results its fault must fail.
import { serializeSnapshot } from '../src/snapshot/io.js';
import type { Snapshot } from '../src/snapshot/types.js';
import type {
  NetworkSecurityGroup,
  PrivateDnsZone,
  RouteTable,
  Subnet,
  VirtualNetwork,
  VirtualNetworkPeering,
} from '../src/snapshot/network-types.js';

const SUB = '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff';
export const IDS = {
  vnetA: `${SUB}/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/virtualNetworks/vnet-app-eastus`,
  vnetB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.Network/virtualNetworks/vnet-app-westus`,
  subnetB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.Network/virtualNetworks/vnet-app-westus/subnets/snet-pg`,
  nsgA: `${SUB}/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/networkSecurityGroups/nsg-pg-eastus`,
  nsgB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.Network/networkSecurityGroups/nsg-pg-westus`,
  routeTableA: `${SUB}/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/routeTables/rt-pg-eastus`,
  routeTableB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.Network/routeTables/rt-pg-westus`,
  zone: `${SUB}/resourceGroups/rg-pg-dns/providers/Microsoft.Network/privateDnsZones/pg-app.private.postgres.database.azure.com`,
  hub: `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub-eastus`,
  peB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.Network/privateEndpoints/pe-pg-app-b`,
};

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the resource type it expects
function data<T>(s: Snapshot, kind: keyof NonNullable<Snapshot['azure']>, id: string): T {
  const slice = (s.azure?.[kind] as Record<string, { ok: boolean; data?: T }> | undefined)?.[id.toLowerCase()];
  if (!slice?.ok || !slice.data) throw new Error(`fixture has no ${kind} ${id}`);
  return slice.data;
}
const vnet = (s: Snapshot, id: string) => data<VirtualNetwork>(s, 'virtualNetworks', id);
const subnet = (s: Snapshot, id: string) => data<Subnet>(s, 'subnets', id);
const nsg = (s: Snapshot, id: string) => data<NetworkSecurityGroup>(s, 'networkSecurityGroups', id);
const zone = (s: Snapshot, id: string) => data<PrivateDnsZone>(s, 'privateDnsZones', id);
const server = (s: Snapshot, node: string) => {
  const slice = s.nodes[node]?.azure?.server;
  if (!slice?.ok) throw new Error(`no server for ${node}`);
  return slice.data;
};

/** Turns node_b into a public-access server reached through a private endpoint. */
function publicWithPrivateEndpoint(s: Snapshot, publicNetworkAccess: 'Enabled' | 'Disabled'): void {
  const b = server(s, 'node_b');
  b.network = { publicNetworkAccess };
  b.privateEndpointConnections = [
    {
      id: `${b.id}/privateEndpointConnections/pe-pg-app-b.1b2c3d4e`,
      privateEndpointId: IDS.peB,
      status: 'Approved',
      groupIds: ['postgresqlServer'],
    },
  ];
  s.nodes.node_b!.azure!.firewallRules = {
    ok: true,
    data:
      publicNetworkAccess === 'Enabled'
        ? [{ name: 'AllowAllAzureServicesAndResourcesWithinAzureIps', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }]
        : [],
  };
  // The endpoint itself sits in a client subnet of node_a's VNET.
  s.azure!.privateEndpoints![IDS.peB.toLowerCase()] = {
    ok: true,
    data: {
      id: IDS.peB,
      name: 'pe-pg-app-b',
      subnetId: `${IDS.vnetA}/subnets/snet-clients`,
      connections: [{ privateLinkServiceId: b.id, groupIds: ['postgresqlServer'], status: 'Approved', manual: false }],
      ipAddresses: ['10.1.1.5'],
    },
  };
}

/** The firewall in the hub VNET (10.0.0.0/16) that routes between the spokes. */
export const HUB_FIREWALL = '10.0.1.4';

/** A Connected, in-sync peering from a spoke to the hub VNET, seeing `hubPrefixes` as the hub's space. */
export function peeringToHub(spoke: string, hubPrefixes: string[] = ['10.0.0.0/16']): VirtualNetworkPeering {
  return {
    name: `peer-${spoke}-to-vnet-hub-eastus`,
    remoteVirtualNetworkId: IDS.hub,
    peeringState: 'Connected',
    peeringSyncLevel: 'FullyInSync',
    allowVirtualNetworkAccess: true,
    // The spoke receives what the hub's firewall forwards from the other spoke.
    allowForwardedTraffic: true,
    allowGatewayTransit: false,
    useRemoteGateways: false,
    remoteAddressPrefixes: hubPrefixes,
    remoteVirtualNetworkAddressPrefixes: hubPrefixes,
  };
}

/**
 * The healthy two-node fixture rebuilt as hub and spoke: the node VNETs are not peered with each
 * other, each is peered with vnet-hub-eastus, and each spoke's route table sends the other spoke's
 * space (and the default route) to the hub's firewall. A supported design: no error anywhere.
 */
export function hubAndSpoke(s: Snapshot): void {
  vnet(s, IDS.vnetA).peerings = [peeringToHub('vnet-app-eastus')];
  vnet(s, IDS.vnetB).peerings = [peeringToHub('vnet-app-westus')];
  const rtA = data<RouteTable>(s, 'routeTables', IDS.routeTableA);
  rtA.routes = [
    { name: 'default-via-hub-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: HUB_FIREWALL },
    { name: 'spoke-westus-via-hub', addressPrefix: '10.2.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: HUB_FIREWALL },
  ];
  s.azure!.routeTables![IDS.routeTableB.toLowerCase()] = {
    ok: true,
    data: {
      id: IDS.routeTableB,
      name: 'rt-pg-westus',
      disableBgpRoutePropagation: true,
      routes: [
        { name: 'default-via-hub-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: HUB_FIREWALL },
        { name: 'spoke-eastus-via-hub', addressPrefix: '10.1.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: HUB_FIREWALL },
      ],
    },
  };
  subnet(s, IDS.subnetB).routeTableId = IDS.routeTableB;
}

/** `ruleId|target` of the warnings the hub design must give: the firewall must pass TCP 5432. */
export const HUB_AND_SPOKE_WARNINGS = ['network/route-to-peer|node_a->node_b', 'network/route-to-peer|node_b->node_a'];

export interface Variant {
  name: string;
  description: string;
  mutate: (s: Snapshot) => void;
  /** `ruleId|target` of every result that must fail; every other result must pass or skip. */
  fails: string[];
  /** Text each failure must contain (the deciding resource). */
  names?: Record<string, RegExp>;
}

export const NETWORK_VARIANTS: Variant[] = [
  {
    name: 'subnet-not-delegated',
    description: "node_b's subnet has no delegation",
    mutate: (s) => (subnet(s, IDS.subnetB).delegations = []),
    fails: ['azure/subnet-delegation|node_b'],
    names: { 'azure/subnet-delegation|node_b': /subnet snet-pg of node_b is delegated to nothing/ },
  },
  {
    name: 'subnet-delegated-elsewhere',
    description: "node_b's subnet is delegated to App Service",
    mutate: (s) => (subnet(s, IDS.subnetB).delegations = [{ name: 'dlg-web', serviceName: 'Microsoft.Web/serverFarms' }]),
    fails: ['azure/subnet-delegation|node_b'],
    names: { 'azure/subnet-delegation|node_b': /Microsoft\.Web\/serverFarms/ },
  },
  {
    name: 'overlapping-address-spaces',
    description: "node_a's VNET is also peered with a hub whose space overlaps node_b's VNET",
    mutate: (s) => {
      vnet(s, IDS.vnetA).peerings.push(peeringToHub('vnet-app-eastus', ['10.2.0.0/20']));
    },
    fails: [
      'network/address-overlap|node_a->node_b',
      'network/address-overlap|node_b->node_a',
      'network/route-to-peer|node_a->node_b',
      'network/route-to-peer|node_b->node_a',
    ],
    names: {
      'network/address-overlap|node_a->node_b': /10\.2\.0\.0\/20 in vnet-hub-eastus/,
      'network/route-to-peer|node_a->node_b': /to vnet-hub-eastus, not to the VNET of the destination \(vnet-app-westus\)/,
    },
  },
  {
    name: 'peering-initiated',
    description: "node_b's VNET has no peering back, so node_a's peering stays Initiated",
    mutate: (s) => {
      vnet(s, IDS.vnetB).peerings = [];
      vnet(s, IDS.vnetA).peerings[0]!.peeringState = 'Initiated';
    },
    fails: [
      'network/vnet-peering|node_a->node_b',
      'network/vnet-peering|node_b->node_a',
      'network/route-to-peer|node_a->node_b',
      'network/route-to-peer|node_b->node_a',
    ],
    names: {
      'network/vnet-peering|node_a->node_b': /peering peer-vnet-app-eastus-to-vnet-app-westus: state Initiated/,
      'network/route-to-peer|node_a->node_b': /dropped by system default route \(10\.0\.0\.0\/8 -> None\)/,
    },
  },
  {
    name: 'nsg-deny-above-allow',
    description: "node_b's NSG denies 5432 from node_a's VNET at priority 150, above the allow at 200",
    mutate: (s) =>
      nsg(s, IDS.nsgB).securityRules.push({
        name: 'deny-pg',
        priority: 150,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefix: '10.1.0.0/16',
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRange: '5432',
      }),
    fails: ['network/nsg-allows-5432|node_a->node_b'],
    names: {
      'network/nsg-allows-5432|node_a->node_b':
        /node_a -> node_b: TCP 5432 denied by NSG nsg-pg-westus rule deny-pg \(priority 150, Inbound\)/,
    },
  },
  {
    name: 'nsg-outbound-deny',
    description: "node_a's NSG denies outbound 5432 to node_b's VNET",
    mutate: (s) =>
      nsg(s, IDS.nsgA).securityRules.push({
        name: 'deny-pg-out',
        priority: 150,
        direction: 'Outbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '*',
        destinationAddressPrefixes: ['10.2.0.0/16', '10.3.0.0/16'],
        sourcePortRange: '*',
        destinationPortRanges: ['5432', '6432'],
      }),
    fails: ['network/nsg-allows-5432|node_a->node_b'],
    names: { 'network/nsg-allows-5432|node_a->node_b': /denied by NSG nsg-pg-eastus rule deny-pg-out \(priority 150, Outbound\)/ },
  },
  {
    name: 'nsg-deny-all-below-vnet-default',
    description: "node_b's NSG relies on AllowVnetInBound for 5432 but adds a custom deny-all at 4096, which comes first",
    mutate: (s) => {
      const rules = nsg(s, IDS.nsgB).securityRules;
      nsg(s, IDS.nsgB).securityRules = rules.filter((r) => r.name !== 'allow-pg-from-peer');
      nsg(s, IDS.nsgB).securityRules.push({
        name: 'deny-all-inbound',
        priority: 4096,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
      });
    },
    fails: ['network/nsg-allows-5432|node_a->node_b'],
    names: { 'network/nsg-allows-5432|node_a->node_b': /rule deny-all-inbound \(priority 4096, Inbound\)/ },
  },
  {
    name: 'udr-none',
    description: "node_a's route table black-holes node_b's subnet",
    mutate: (s) => {
      const rt = data<{ routes: { name: string; addressPrefix: string; nextHopType: string }[] }>(s, 'routeTables', IDS.routeTableA);
      rt.routes.push({ name: 'pg-blackhole', addressPrefix: '10.2.0.0/24', nextHopType: 'None' });
    },
    fails: ['network/route-to-peer|node_a->node_b', 'network/route-to-peer|node_b->node_a'],
    names: {
      'network/route-to-peer|node_a->node_b': /dropped by route pg-blackhole \(10\.2\.0\.0\/24 -> None\) of route table rt-pg-eastus/,
    },
  },
  {
    name: 'udr-virtual-appliance',
    description: "node_a's route table sends node_b's VNET through a firewall appliance",
    mutate: (s) => {
      const rt = data<{ routes: { name: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string }[] }>(
        s,
        'routeTables',
        IDS.routeTableA,
      );
      rt.routes.push({
        name: 'peer-via-firewall',
        addressPrefix: '10.2.0.0/16',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.1.255.4',
      });
    },
    fails: ['network/route-to-peer|node_a->node_b', 'network/route-to-peer|node_b->node_a'],
    names: { 'network/route-to-peer|node_a->node_b': /route peer-via-firewall \(10\.2\.0\.0\/16 -> VirtualAppliance 10\.1\.255\.4\)/ },
  },
  {
    name: 'zone-not-linked',
    description: "the shared private DNS zone is not linked to node_b's VNET",
    mutate: (s) =>
      (zone(s, IDS.zone).virtualNetworkLinks = zone(s, IDS.zone).virtualNetworkLinks.filter(
        (l) => !l.virtualNetworkId.endsWith('vnet-app-westus'),
      )),
    fails: ['dns/zone-linked|node_a->node_b', 'dns/zone-linked|node_b->node_a'],
    names: {
      'dns/zone-linked|node_b->node_a':
        /zone pg-app\.private\.postgres\.database\.azure\.com has no virtual network link to vnet-app-westus/,
    },
  },
  {
    name: 'a-record-outside-subnet',
    description: "node_b's A record is stale: it points outside the delegated subnet",
    mutate: (s) => {
      zone(s, IDS.zone).aRecords.find((r) => r.ipv4Addresses[0] === '10.2.0.4')!.ipv4Addresses = ['10.2.5.4'];
      delete s.dns;
    },
    fails: ['dns/private-resolution|node_a->node_b'],
    names: {
      'dns/private-resolution|node_a->node_b':
        /no A record in 10\.2\.0\.0\/24 for pg-app-b\.postgres\.database\.azure\.com .*8c4e2a9f1b3d 10\.2\.5\.4/,
    },
  },
  {
    name: 'public-access-with-private-endpoint',
    description: 'node_b uses public access and a private endpoint instead of VNET integration',
    mutate: (s) => publicWithPrivateEndpoint(s, 'Enabled'),
    fails: ['azure/vnet-integration|node_b', 'azure/private-endpoint-misuse|node_b'],
    names: {
      'azure/private-endpoint-misuse|node_b':
        /public access \+ private endpoint pe-pg-app-b: the private endpoint is not used by replication/,
    },
  },
  {
    name: 'private-endpoint-public-disabled',
    description: 'node_b has public access Disabled and only a private endpoint: no replication path at all',
    mutate: (s) => publicWithPrivateEndpoint(s, 'Disabled'),
    fails: ['azure/vnet-integration|node_b', 'azure/private-endpoint-misuse|node_b'],
    names: {
      'azure/private-endpoint-misuse|node_b':
        /public network access Disabled and reaches the VNET only through private endpoint pe-pg-app-b/,
    },
  },
  {
    name: 'privatelink-dsn',
    description: "node_a's subscription to node_b names the privatelink. host of node_b's private endpoint",
    mutate: (s) => {
      publicWithPrivateEndpoint(s, 'Enabled');
      const a = s.nodes.node_a!.postgres;
      if (a?.ok)
        a.data.pglogical!.subscriptions[0]!.providerDsn =
          'host=pg-app-b.privatelink.postgres.database.azure.com port=5432 dbname=appdb user=pglogical_repl sslmode=require';
    },
    fails: ['azure/vnet-integration|node_b', 'azure/private-endpoint-misuse|node_b', 'pglogical/dsn-host|node_a'],
    names: {
      'azure/private-endpoint-misuse|node_b':
        /subscription sub_node_a_node_b on node_a names host pg-app-b\.privatelink\.postgres\.database\.azure\.com/,
    },
  },
];

/** The fixture file text of a variant: the healthy snapshot plus the fault, schema path adjusted. */
export function variantText(healthy: Snapshot, variant: Variant): string {
  const snapshot = structuredClone(healthy);
  variant.mutate(snapshot);
  return serializeSnapshot({ ...snapshot, $schema: '../../schemas/snapshot.schema.json' });
}
