import rule from '../../../rules/azure/extensions-allowlist.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, setSetting, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'pglogical allow-listed passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'empty allow-list fails',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'azure.extensions', '')),
    expect: { node_a: { outcome: 'fail', message: [/azure.extensions on node_a is ""/], help: [/--name azure.extensions --value "pglogical"/] }, node_b: 'pass' },
  },
  {
    name: 'other extensions only: the fix keeps them',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'azure.extensions', 'PG_CRON,postgis')),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', help: [/--value "pg_cron,postgis,pglogical"/] } },
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
