import rule from '../../../rules/azure/subnet-delegation.js';
import { IDS } from '../../fixture-variants.js';
import { failResource, subnetOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'delegated to flexible servers only passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'a subnet that no longer exists (404) fails',
    snapshot: withOverrides(healthy, (s) => failResource(s, 'subnets', IDS.subnetB, 'not-found', '404 ResourceNotFound')),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', message: [/delegated subnet of node_b does not exist/] } },
  },
  {
    name: 'a subnet that could not be read (403) is not checked, not passed',
    snapshot: withOverrides(healthy, (s) =>
      failResource(s, 'subnets', IDS.subnetB, 'forbidden', '403: needs Microsoft.Network/virtualNetworks/subnets/read (Network Reader)'),
    ),
    expect: { node_a: 'pass', node_b: { outcome: 'error', message: [/Network Reader/] } },
  },
  {
    name: 'two delegations fail',
    snapshot: withOverrides(healthy, (s) =>
      subnetOf(s, IDS.subnetB).delegations.push({ name: 'x', serviceName: 'Microsoft.Web/serverFarms' }),
    ),
    expect: {
      node_a: 'pass',
      node_b: { outcome: 'fail', message: [/Microsoft\.DBforPostgreSQL\/flexibleServers, Microsoft\.Web\/serverFarms/] },
    },
  },
  {
    name: 'other resources in the subnet fail, flexible server entries do not count',
    snapshot: withOverrides(healthy, (s) => {
      subnetOf(s, IDS.subnetB).ipConfigurationIds = [
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-app-b/ipConfigurations/ip1',
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/vm1-nic/ipConfigurations/ipconfig1',
      ];
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', message: [/also holds other resources: vm1-nic\/ipConfigurations\/ipconfig1$/] } },
  },
  {
    name: 'a reserved subnet name fails',
    snapshot: withOverrides(healthy, (s) => (subnetOf(s, IDS.subnetB).name = 'GatewaySubnet')),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', message: [/reserved name GatewaySubnet/] } },
  },
  {
    name: 'a server without VNET integration is skipped',
    snapshot: withOverrides(healthy, (s) => (server(s, 'node_b').network = { publicNetworkAccess: 'Enabled' })),
    expect: { node_a: 'pass', node_b: 'skip' },
  },
]);
