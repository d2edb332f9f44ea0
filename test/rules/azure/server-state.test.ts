import rule from '../../../rules/azure/server-state.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'running primaries pass', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    // Before: no rule looked at the state; a stopped node passed every ARM-only check.
    name: 'a stopped server: error with the start command',
    snapshot: withOverrides(healthy, (s) => (server(s, 'node_b').state = 'Stopped')),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/node_b \(pg-app-b\) is in state Stopped/],
        help: [/az postgres flexible-server start --resource-group rg-pg-westus --name pg-app-b/],
      },
    },
  },
  {
    name: 'a server that is restarting: warning, the facts may be stale',
    snapshot: withOverrides(healthy, (s) => (server(s, 'node_a').state = 'Restarting')),
    expect: { node_a: { outcome: 'fail', severity: 'warning' }, node_b: 'pass' },
  },
  {
    name: 'a read replica named as a mesh node: error',
    snapshot: withOverrides(healthy, (s) => (server(s, 'node_b').replicationRole = 'AsyncReplica')),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/is a read replica \(replicationRole AsyncReplica\)/],
        help: [/replica promote --resource-group rg-pg-westus --name pg-app-b/],
      },
    },
  },
  {
    name: 'a geo replica too; a standalone server (role None) is fine',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_a').replicationRole = 'GeoAsyncReplica';
      server(s, 'node_b').replicationRole = 'None';
    }),
    expect: { node_a: { outcome: 'fail', severity: 'error' }, node_b: 'pass' },
  },
]);
