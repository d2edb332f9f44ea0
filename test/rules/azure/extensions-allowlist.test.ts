import rule from '../../../rules/azure/extensions-allowlist.js';
import type { Snapshot } from '../../../src/snapshot/types.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, setSetting, sql, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

/** A node before setup: pglogical not created yet. */
function notInstalled(s: Snapshot, node: string): void {
  const facts = sql(s, node);
  facts.pglogical = { installed: false, subscriptions: [] };
  facts.extensions = facts.extensions?.filter((e) => e.name !== 'pglogical');
}

ruleCases(rule, [
  { name: 'pglogical allow-listed passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'empty allow-list before pglogical is installed: error',
    snapshot: withOverrides(healthy, (s) => {
      notInstalled(s, 'node_a');
      setSetting(s, 'node_a', 'azure.extensions', '');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/azure.extensions on node_a is ""/],
        help: [/--name azure.extensions --value "pglogical"/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'other extensions only: the fix keeps them',
    snapshot: withOverrides(healthy, (s) => {
      notInstalled(s, 'node_b');
      setSetting(s, 'node_b', 'azure.extensions', 'PG_CRON,postgis');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'error', help: [/--value "pg_cron,postgis,pglogical"/] } },
  },
  {
    // Before: an error as if CREATE EXTENSION were still ahead; the allow-list only guards the extension commands.
    name: 'pglogical already installed and replicating, then dropped from the allow-list: warning',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'azure.extensions', 'pg_cron')),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /pglogical 2\.4\.5 is already installed in appdb and replicating \(sub_node_a_node_b\): replication goes on, but CREATE, ALTER .* and DROP EXTENSION pglogical are refused/,
        ],
        help: [/--value "pg_cron,pglogical"/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'a node that is not an Azure server is skipped with a reason',
    snapshot: withOverrides(healthy, (s) => {
      delete s.topology.nodes[1]!.server;
      delete s.nodes.node_b!.azure;
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'skip', message: [/not an Azure server/] } },
  },
]);
