import rule from '../../../rules/network/route-to-peer.js';
import { IDS, NETWORK_VARIANTS } from '../../fixture-variants.js';
import { routeTableOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const variant = (name: string) => withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === name)!.mutate);

ruleCases(rule, [
  {
    name: 'a forced-tunnel default route does not affect the peering route',
    snapshot: healthy,
    expect: { 'node_a->node_b': { outcome: 'pass', message: [/VNetPeering/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'next hop None is an error on the forward leg and on the return leg of the other pair',
    snapshot: variant('udr-none'),
    expect: {
      'node_a->node_b': { outcome: 'fail', severity: 'error', message: [/traffic from node_a to node_b is dropped/], help: [/route delete --resource-group rg-pg-eastus --route-table-name rt-pg-eastus --name pg-blackhole/] },
      'node_b->node_a': { outcome: 'fail', severity: 'error', message: [/traffic back from node_a to node_b is dropped/] },
    },
  },
  {
    name: 'a virtual appliance hop is a warning',
    snapshot: variant('udr-virtual-appliance'),
    expect: { 'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/must pass TCP 5432 both ways/] }, 'node_b->node_a': { outcome: 'fail', severity: 'warning' } },
  },
  {
    name: 'a gateway or internet hop is a warning too',
    snapshot: withOverrides(healthy, (s) => routeTableOf(s, IDS.routeTableA).routes.push({ name: 'via-vpn', addressPrefix: '10.2.0.0/24', nextHopType: 'VirtualNetworkGateway' })),
    expect: { 'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/via-vpn \(10\.2\.0\.0\/24 -> VirtualNetworkGateway\)/] }, 'node_b->node_a': 'fail' },
  },
  {
    name: 'a route that matches a different host than the server does not matter',
    snapshot: withOverrides(healthy, (s) => routeTableOf(s, IDS.routeTableA).routes.push({ name: 'other-host', addressPrefix: '10.2.0.99/32', nextHopType: 'None' })),
    expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' },
  },
]);
