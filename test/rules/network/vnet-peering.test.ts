import rule from '../../../rules/network/vnet-peering.js';
import { IDS, NETWORK_VARIANTS, hubAndSpoke } from '../../fixture-variants.js';
import { failResource, routeTableOf, vnetOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const hub = withOverrides(healthy, hubAndSpoke);

ruleCases(rule, [
  { name: 'peered both ways passes', snapshot: healthy, expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' } },
  {
    name: 'one side Initiated: the fix creates the missing side',
    snapshot: withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === 'peering-initiated')!.mutate),
    expect: {
      'node_a->node_b': { outcome: 'fail', help: [/--vnet-name vnet-app-westus --name vnet-app-westus-to-vnet-app-eastus/] },
      'node_b->node_a': { outcome: 'fail', message: [/vnet-app-westus -> vnet-app-eastus: no peering/] },
    },
  },
  {
    name: 'access not allowed fails with the update command',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetB).peerings[0]!.allowVirtualNetworkAccess = false)),
    expect: {
      'node_a->node_b': { outcome: 'fail', message: [/allowVirtualNetworkAccess false/], help: [/--set allowVirtualNetworkAccess=true/] },
      'node_b->node_a': 'fail',
    },
  },
  {
    name: 'a peering out of sync whose known remote space still covers the server subnet is a warning with the sync command',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetA).peerings[0]!.peeringSyncLevel = 'RemoteNotInSync')),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /sync level RemoteNotInSync \(known remote space 10\.2\.0\.0\/16, current 10\.2\.0\.0\/16 still covers the server subnet 10\.2\.0\.0\/24\); replication still flows$/,
        ],
        help: [/az network vnet peering sync --resource-group rg-pg-eastus --vnet-name vnet-app-eastus/],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'warning' },
    },
  },
  {
    name: 'wrong before: LocalNotInSync after the remote VNET grew, its old space still covering the server subnet, is a warning, not an error',
    snapshot: withOverrides(healthy, (s) => {
      vnetOf(s, IDS.vnetB).addressPrefixes = ['10.2.0.0/16', '10.3.0.0/16'];
      vnetOf(s, IDS.vnetB).peerings[0]!.peeringSyncLevel = 'RemoteNotInSync';
      const local = vnetOf(s, IDS.vnetA).peerings[0]!;
      local.peeringSyncLevel = 'LocalNotInSync';
      local.remoteVirtualNetworkAddressPrefixes = ['10.2.0.0/16', '10.3.0.0/16'];
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /vnet-app-eastus -> vnet-app-westus: peering peer-vnet-app-eastus-to-vnet-app-westus: sync level LocalNotInSync \(known remote space 10\.2\.0\.0\/16, current 10\.2\.0\.0\/16, 10\.3\.0\.0\/16 still covers/,
        ],
        help: [
          /az network vnet peering sync --resource-group rg-pg-eastus --vnet-name vnet-app-eastus --name peer-vnet-app-eastus-to-vnet-app-westus/,
        ],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'warning' },
    },
  },
  {
    name: 'LocalNotInSync whose known remote space does not cover the server subnet (the subnet is in the new range) is an error',
    snapshot: withOverrides(healthy, (s) => {
      const local = vnetOf(s, IDS.vnetA).peerings[0]!;
      local.peeringSyncLevel = 'LocalNotInSync';
      local.remoteAddressPrefixes = ['10.9.0.0/16'];
      local.remoteVirtualNetworkAddressPrefixes = ['10.9.0.0/16', '10.2.0.0/16'];
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [
          /sync level LocalNotInSync: the known remote space 10\.9\.0\.0\/16, current 10\.9\.0\.0\/16, 10\.2\.0\.0\/16 does not cover the server subnet 10\.2\.0\.0\/24/,
        ],
        help: [/az network vnet peering sync/],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'error' },
    },
  },
  {
    name: 'wrong before: hub and spoke (UDRs to the firewall in a hub both spokes peer with, forwarded traffic allowed) passes',
    snapshot: hub,
    expect: {
      'node_a->node_b': {
        outcome: 'pass',
        message: [
          /^vnet-app-eastus and vnet-app-westus are not peered directly; they are joined through appliance 10\.0\.1\.4 in hub vnet-hub-eastus \(spoke peerings Connected, forwarded traffic allowed\)/,
        ],
      },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: "hub and spoke without forwarded traffic on a spoke's peering to the hub is an error with the update command",
    snapshot: withOverrides(hub, (s) => (vnetOf(s, IDS.vnetB).peerings[0]!.allowForwardedTraffic = false)),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [
          /vnet-app-westus reaches vnet-app-eastus only through appliance 10\.0\.1\.4 in hub vnet-hub-eastus, but its peering peer-vnet-app-westus-to-vnet-hub-eastus does not allow forwarded traffic/,
        ],
        help: [
          /az network vnet peering update --resource-group rg-pg-westus --vnet-name vnet-app-westus --name peer-vnet-app-westus-to-vnet-hub-eastus --set allowForwardedTraffic=true/,
        ],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'error' },
    },
  },
  {
    name: 'an appliance hop in no known VNET does not make a hub: no direct peering stays an error',
    snapshot: withOverrides(hub, (s) => (routeTableOf(s, IDS.routeTableA).routes[1]!.nextHopIpAddress = '172.16.0.4')),
    expect: {
      'node_a->node_b': { outcome: 'fail', severity: 'error', message: [/vnet-app-eastus -> vnet-app-westus: no peering/] },
      'node_b->node_a': { outcome: 'fail', severity: 'error' },
    },
  },
  {
    name: 'spokes using the hub VPN gateway (gateway transit) pass without forwarded traffic',
    snapshot: withOverrides(hub, (s) => {
      for (const id of [IDS.vnetA, IDS.vnetB])
        Object.assign(vnetOf(s, id).peerings[0]!, { useRemoteGateways: true, allowForwardedTraffic: false });
      routeTableOf(s, IDS.routeTableA).routes[1] = {
        name: 'spoke-westus-via-gateway',
        addressPrefix: '10.2.0.0/16',
        nextHopType: 'VirtualNetworkGateway',
      };
      routeTableOf(s, IDS.routeTableB).routes[1] = {
        name: 'spoke-eastus-via-gateway',
        addressPrefix: '10.1.0.0/16',
        nextHopType: 'VirtualNetworkGateway',
      };
    }),
    expect: {
      'node_a->node_b': { outcome: 'pass', message: [/joined through the VPN gateway in hub vnet-hub-eastus/] },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'both nodes in one VNET pass without a peering',
    snapshot: withOverrides(healthy, (s) => {
      const a = s.nodes.node_a!.azure!.server;
      const b = s.nodes.node_b!.azure!.server;
      if (a.ok && b.ok) b.data.network = { ...a.data.network };
    }),
    expect: { 'node_a->node_b': { outcome: 'pass', message: [/both in vnet-app-eastus/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: "the provider's VNET could not be read: both pairs are unchecked",
    snapshot: withOverrides(healthy, (s) => failResource(s, 'virtualNetworks', IDS.vnetB, 'forbidden', '403 AuthorizationFailed')),
    expect: { 'node_a->node_b': { outcome: 'error', message: [/virtual network .*vnet-app-westus: 403/] }, 'node_b->node_a': 'error' },
  },
]);
