import rule from '../../../rules/azure/vnet-integration.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const publicB = withOverrides(healthy, (s) => (server(s, 'node_b').network = { publicNetworkAccess: 'Enabled' }));

ruleCases(rule, [
  { name: 'both VNET-integrated passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'public access fails with the restore command',
    snapshot: publicB,
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        message: [/public network access is Enabled, but the topology asks for private/],
        help: [/--source-server pg-app-b --subnet/],
      },
    },
  },
  {
    name: 'public access passes when the topology says network: public',
    snapshot: withOverrides(publicB, (s) => (s.topology.network = 'public')),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'the ARM server could not be read: error',
    snapshot: withOverrides(
      healthy,
      (s) => (s.nodes.node_a!.azure!.server = { ok: false, error: { code: 'forbidden', message: '403 AuthorizationFailed' } }),
    ),
    expect: { node_a: { outcome: 'error', message: [/403/] }, node_b: 'pass' },
  },
]);
