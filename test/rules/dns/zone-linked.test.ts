import rule from '../../../rules/dns/zone-linked.js';
import { IDS, NETWORK_VARIANTS } from '../../fixture-variants.js';
import { vnetOf, zoneOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'a zone linked to both VNETs passes', snapshot: healthy, expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' } },
  {
    name: 'no link to one VNET fails both pairs and gives the link command',
    snapshot: withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === 'zone-not-linked')!.mutate),
    expect: {
      'node_a->node_b': 'fail',
      'node_b->node_a': { outcome: 'fail', help: [/az network private-dns link vnet create --resource-group rg-pg-dns --zone-name pg-app\.private\.postgres\.database\.azure\.com --name link-vnet-app-westus/] },
    },
  },
  {
    name: 'a link still InProgress is not a link yet',
    snapshot: withOverrides(healthy, (s) => (zoneOf(s, IDS.zone).virtualNetworkLinks[0]!.virtualNetworkLinkState = 'InProgress')),
    expect: { 'node_a->node_b': { outcome: 'fail', message: [/is InProgress/] }, 'node_b->node_a': 'fail' },
  },
  {
    name: 'custom DNS servers on the subscriber VNET: warning',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetA).dnsServers = ['10.1.255.10'])),
    expect: { 'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/custom DNS servers 10\.1\.255\.10/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'Azure DNS listed explicitly is fine',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetA).dnsServers = ['168.63.129.16'])),
    expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' },
  },
]);
