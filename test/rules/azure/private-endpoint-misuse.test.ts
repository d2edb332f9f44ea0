import rule from '../../../rules/azure/private-endpoint-misuse.js';
import { NETWORK_VARIANTS } from '../../fixture-variants.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const variant = (name: string) => withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === name)!.mutate);

ruleCases(rule, [
  { name: 'VNET-integrated servers pass', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'public access + private endpoint + firewall rule: warning, the path is public',
    snapshot: variant('public-access-with-private-endpoint'),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'warning',
        message: [/firewall: AllowAllAzureServicesAndResourcesWithinAzureIps 0\.0\.0\.0-0\.0\.0\.0/],
      },
    },
  },
  {
    name: 'public access + private endpoint without any firewall rule: error',
    snapshot: withOverrides(
      variant('public-access-with-private-endpoint'),
      (s) => (s.nodes.node_b!.azure!.firewallRules = { ok: true, data: [] }),
    ),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/no firewall rule admits them/],
        help: [/firewall-rule create --resource-group rg-pg-westus --name pg-app-b/],
      },
    },
  },
  {
    name: 'public access disabled: error, no path at all',
    snapshot: variant('private-endpoint-public-disabled'),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'error' } },
  },
  {
    name: 'a DSN naming the privatelink. zone: error',
    snapshot: variant('privatelink-dsn'),
    expect: {
      node_a: 'pass',
      node_b: { outcome: 'fail', severity: 'error', help: [/Use the server FQDN pg-app-b\.postgres\.database\.azure\.com/] },
    },
  },
]);
