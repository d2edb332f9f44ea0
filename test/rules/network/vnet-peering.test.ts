import rule from '../../../rules/network/vnet-peering.js';
import { IDS, NETWORK_VARIANTS } from '../../fixture-variants.js';
import { failResource, vnetOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

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
    name: 'a peering out of sync after an address change fails with the sync command',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetA).peerings[0]!.peeringSyncLevel = 'RemoteNotInSync')),
    expect: { 'node_a->node_b': { outcome: 'fail', help: [/az network vnet peering sync --resource-group rg-pg-eastus --vnet-name vnet-app-eastus/] }, 'node_b->node_a': 'fail' },
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
