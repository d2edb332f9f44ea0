import rule from '../../../rules/network/route-to-peer.js';
import { IDS, NETWORK_VARIANTS, hubAndSpoke } from '../../fixture-variants.js';
import { routeTableOf, vnetOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const variant = (name: string) => withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === name)!.mutate);
const hub = withOverrides(healthy, hubAndSpoke);
// Each node's own subnet: the subscriber connects to its own node during sync.
const ownPass = { node_a: 'pass', node_b: 'pass' } as const;

ruleCases(rule, [
  {
    name: 'a forced-tunnel default route does not affect the peering route',
    snapshot: healthy,
    expect: {
      'node_a->node_b': { outcome: 'pass', message: [/VNetPeering/] },
      'node_b->node_a': 'pass',
      node_a: {
        outcome: 'pass',
        message: [/^node_a \(own subnet\): system address space of vnet-app-eastus \(10\.1\.0\.0\/16 -> VnetLocal\)$/],
      },
      node_b: 'pass',
    },
  },
  {
    name: "wrong before: a peer inside the source VNET's own address space (overlapping spaces) follows VnetLocal and never leaves; an error, not a pass",
    snapshot: withOverrides(healthy, (s) => vnetOf(s, IDS.vnetA).addressPrefixes.push('10.2.0.0/16')),
    expect: {
      ...ownPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [
          /^node_a -> node_b: traffic from node_a to node_b follows system address space of vnet-app-eastus \(10\.2\.0\.0\/16 -> VnetLocal\) to vnet-app-eastus, not to the VNET of the destination \(vnet-app-westus\)$/,
        ],
      },
      'node_b->node_a': {
        outcome: 'fail',
        severity: 'error',
        message: [/traffic back from node_a to node_b follows system address space of vnet-app-eastus/],
      },
    },
  },
  {
    name: 'next hop None is an error on the forward leg and on the return leg of the other pair',
    snapshot: variant('udr-none'),
    expect: {
      ...ownPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [/traffic from node_a to node_b is dropped/],
        help: [/route delete --resource-group rg-pg-eastus --route-table-name rt-pg-eastus --name pg-blackhole/],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'error', message: [/traffic back from node_a to node_b is dropped/] },
    },
  },
  {
    name: 'a virtual appliance hop is a warning',
    snapshot: variant('udr-virtual-appliance'),
    expect: {
      ...ownPass,
      'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/must pass TCP 5432 both ways/] },
      'node_b->node_a': { outcome: 'fail', severity: 'warning' },
    },
  },
  {
    name: "a user route with next hop VnetLocal for the peer's prefix proves no overlap: not the wrong-peer error",
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({ name: 'peer-vnetlocal', addressPrefix: '10.2.0.0/24', nextHopType: 'VnetLocal' }),
    ),
    expect: {
      ...ownPass,
      'node_a->node_b': { outcome: 'pass', message: [/route peer-vnetlocal \(10\.2\.0\.0\/24 -> VnetLocal\)/] },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'a gateway hop is a warning too',
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({ name: 'via-vpn', addressPrefix: '10.2.0.0/24', nextHopType: 'VirtualNetworkGateway' }),
    ),
    expect: {
      ...ownPass,
      'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/via-vpn \(10\.2\.0\.0\/24 -> VirtualNetworkGateway\)/] },
      'node_b->node_a': 'fail',
    },
  },
  {
    name: "wrong before: the peer's prefix sent to the Internet next hop is an error (private addresses are not routed there), not a warning",
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({ name: 'peer-to-internet', addressPrefix: '10.2.0.0/16', nextHopType: 'Internet' }),
    ),
    expect: {
      ...ownPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [
          /^node_a -> node_b: traffic from node_a to node_b to the private destination 10\.2\.0\.4\/32 is sent to the internet by route peer-to-internet \(10\.2\.0\.0\/16 -> Internet\) of route table rt-pg-eastus, which does not route private addresses: it is dropped$/,
        ],
        help: [/route delete --resource-group rg-pg-eastus --route-table-name rt-pg-eastus --name peer-to-internet/],
      },
      'node_b->node_a': {
        outcome: 'fail',
        severity: 'error',
        message: [/traffic back from node_a to node_b to the private destination 10\.2\.0\.4\/32 is sent to the internet/],
      },
    },
  },
  {
    name: "wrong before: the server's own subnet sent to the Internet next hop is an error on the node (sync connects to the own node)",
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({ name: 'own-to-internet', addressPrefix: '10.1.0.0/24', nextHopType: 'Internet' }),
    ),
    expect: {
      'node_a->node_b': 'pass',
      'node_b->node_a': 'pass',
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [
          /^node_a -> node_a \(own subnet\): traffic within subnet snet-pg of node_a to the private destination 10\.1\.0\.4\/32 is sent to the internet by route own-to-internet/,
        ],
      },
      node_b: 'pass',
    },
  },
  {
    name: "wrong before: a route capturing the server's own subnet for an appliance is a warning on the node",
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({
        name: 'vnet-via-firewall',
        addressPrefix: '10.1.0.0/16',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.1.255.4',
      }),
    ),
    expect: {
      'node_a->node_b': 'pass',
      'node_b->node_a': 'pass',
      node_a: {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /^node_a -> node_a \(own subnet\): traffic within subnet snet-pg of node_a goes through route vnet-via-firewall \(10\.1\.0\.0\/16 -> VirtualAppliance 10\.1\.255\.4\)/,
        ],
        help: [/let the VNET route apply: az network route-table route delete/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'own subnet dropped by None is an error on the node',
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({ name: 'own-blackhole', addressPrefix: '10.1.0.0/24', nextHopType: 'None' }),
    ),
    expect: {
      'node_a->node_b': 'pass',
      'node_b->node_a': 'pass',
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/own subnet\): traffic within subnet snet-pg of node_a is dropped by route own-blackhole/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'hub and spoke: the spokes route each other through the hub firewall, a warning naming the appliance and the hub',
    snapshot: hub,
    expect: {
      ...ownPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /^node_a -> node_b: traffic from node_a to node_b goes through appliance 10\.0\.1\.4 in hub VNET vnet-hub-eastus \(route spoke-westus-via-hub \(10\.2\.0\.0\/16 -> VirtualAppliance 10\.0\.1\.4\) of route table rt-pg-eastus\); it must pass TCP 5432 both ways$/,
        ],
        help: [/Allow TCP 5432 between 10\.1\.0\.4\/32 and 10\.2\.0\.4\/32 on appliance 10\.0\.1\.4 in vnet-hub-eastus/],
      },
      'node_b->node_a': {
        outcome: 'fail',
        severity: 'warning',
        message: [/traffic from node_b to node_a goes through appliance 10\.0\.1\.4 in hub VNET vnet-hub-eastus/],
      },
    },
  },
  {
    name: 'an appliance in no peered VNET is a plain appliance hop, not a hub',
    snapshot: withOverrides(hub, (s) => (routeTableOf(s, IDS.routeTableA).routes[1]!.nextHopIpAddress = '172.16.0.4')),
    expect: {
      ...ownPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [/goes through route spoke-westus-via-hub \(10\.2\.0\.0\/16 -> VirtualAppliance 172\.16\.0\.4\)/],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'warning', message: [/in hub VNET vnet-hub-eastus/] },
    },
  },
  {
    name: 'a route that matches a different host than the server does not matter',
    snapshot: withOverrides(healthy, (s) =>
      routeTableOf(s, IDS.routeTableA).routes.push({ name: 'other-host', addressPrefix: '10.2.0.99/32', nextHopType: 'None' }),
    ),
    expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass', ...ownPass },
  },
]);
