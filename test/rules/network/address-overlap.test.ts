import rule from '../../../rules/network/address-overlap.js';
import { IDS, NETWORK_VARIANTS } from '../../fixture-variants.js';
import { vnetOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'disjoint VNETs pass', snapshot: healthy, expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' } },
  {
    name: 'directly overlapping VNETs fail both ways',
    snapshot: withOverrides(healthy, (s) => vnetOf(s, IDS.vnetB).addressPrefixes.push('10.1.128.0/17')),
    expect: {
      'node_a->node_b': { outcome: 'fail', message: [/10\.1\.0\.0\/16 in vnet-app-eastus and 10\.1\.128\.0\/17 in vnet-app-westus/] },
      'node_b->node_a': 'fail',
    },
  },
  {
    name: 'a third VNET peered with one side that overlaps the other side fails',
    snapshot: withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === 'overlapping-address-spaces')!.mutate),
    expect: { 'node_a->node_b': 'fail', 'node_b->node_a': 'fail' },
  },
  {
    name: 'IPv6 space beside IPv4 does not overlap',
    snapshot: withOverrides(healthy, (s) => {
      vnetOf(s, IDS.vnetA).addressPrefixes.push('fd00:a::/48');
      vnetOf(s, IDS.vnetB).addressPrefixes.push('fd00:b::/48');
    }),
    expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' },
  },
]);
