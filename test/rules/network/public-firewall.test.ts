import rule from '../../../rules/network/public-firewall.js';
import type { Snapshot } from '../../../src/snapshot/types.js';
import { NETWORK_VARIANTS } from '../../fixture-variants.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const ALLOW_AZURE = { name: 'AllowAllAzureServicesAndResourcesWithinAzureIps', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' };

/** Both nodes (or the named ones) on public access, each admitting Azure services, as `network: public` asks. */
function publicAccess(s: Snapshot, nodes: string[] = ['node_a', 'node_b']): void {
  s.topology.network = 'public';
  for (const node of nodes) {
    server(s, node).network = { publicNetworkAccess: 'Enabled' };
    s.nodes[node]!.azure!.firewallRules = { ok: true, data: [ALLOW_AZURE] };
  }
}
const firewall = (s: Snapshot, node: string, data: (typeof ALLOW_AZURE)[]) => (s.nodes[node]!.azure!.firewallRules = { ok: true, data });

ruleCases(rule, [
  {
    name: 'VNET-integrated servers: no public endpoint involved',
    snapshot: healthy,
    expect: { 'node_a->node_b': { outcome: 'pass', message: [/both servers are VNET-integrated/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'a public-access node in a private topology is left to azure/vnet-integration',
    snapshot: withOverrides(healthy, (s) => {
      publicAccess(s, ['node_a']);
      s.topology.network = 'private';
    }),
    expect: { 'node_a->node_b': { outcome: 'skip', message: [/azure\/vnet-integration/] }, 'node_b->node_a': 'skip' },
  },
  {
    name: 'public access on both with the allow-Azure-services rule passes',
    snapshot: withOverrides(healthy, (s) => publicAccess(s)),
    expect: {
      'node_a->node_b': { outcome: 'pass', message: [/AllowAllAzureServicesAndResourcesWithinAzureIps 0\.0\.0\.0-0\.0\.0\.0/] },
      'node_b->node_a': 'pass',
    },
  },
  {
    // Before: with network: public every network rule skipped and the run passed.
    name: 'public access, no firewall rule on the provider: error with the rule to add',
    snapshot: withOverrides(healthy, (s) => {
      publicAccess(s);
      firewall(s, 'node_b', []);
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [/node_b \(pg-app-b\) uses public access and has no firewall rule/],
        help: [
          /firewall-rule create --resource-group rg-pg-westus --name pg-app-b .*--start-ip-address 0\.0\.0\.0 --end-ip-address 0\.0\.0\.0/,
        ],
      },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: "public access, a rule for some other range: warning, the peer's outbound address is unknown",
    snapshot: withOverrides(healthy, (s) => {
      publicAccess(s);
      firewall(s, 'node_b', [{ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }]);
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [/admits only office 203\.0\.113\.0-203\.0\.113\.255; node_a's outbound address is not among the collected facts/],
      },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'a rule admitting every address passes',
    snapshot: withOverrides(healthy, (s) => {
      publicAccess(s);
      firewall(s, 'node_b', [{ name: 'all', startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' }]);
    }),
    expect: { 'node_a->node_b': { outcome: 'pass', message: [/admits every address/] }, 'node_b->node_a': 'pass' },
  },
  {
    // Before: passed. node_b keeps its VNET integration; node_a is public-only and cannot reach it.
    name: 'mixed pair: a public-access subscriber and a VNET-integrated provider is an error',
    snapshot: withOverrides(healthy, (s) => publicAccess(s, ['node_a'])),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [/node_b \(pg-app-b\) is VNET-integrated and has no public endpoint, while node_a \(pg-app-a\) uses public access/],
      },
      // The VNET-integrated side reaches the public endpoint through its VNET's outbound path; the firewall admits Azure addresses.
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'a provider with neither VNET integration nor public access: error',
    snapshot: withOverrides(healthy, (s) => {
      publicAccess(s);
      server(s, 'node_b').network.publicNetworkAccess = 'Disabled';
    }),
    expect: {
      'node_a->node_b': { outcome: 'fail', severity: 'error', message: [/public network access is Disabled/] },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'public access + private endpoint is left to azure/private-endpoint-misuse (reported once)',
    snapshot: withOverrides(healthy, (s) => {
      NETWORK_VARIANTS.find((v) => v.name === 'public-access-with-private-endpoint')!.mutate(s);
      publicAccess(s, ['node_a']);
    }),
    expect: { 'node_a->node_b': { outcome: 'skip', message: [/azure\/private-endpoint-misuse/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'firewall rules not collected: could not check',
    snapshot: withOverrides(healthy, (s) => {
      publicAccess(s);
      delete s.nodes.node_b!.azure!.firewallRules;
    }),
    expect: { 'node_a->node_b': { outcome: 'error', message: [/firewall rules of node_b were not collected/] }, 'node_b->node_a': 'pass' },
  },
]);
