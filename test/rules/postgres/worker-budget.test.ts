import rule from '../../../rules/postgres/worker-budget.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, setSetting, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

// healthy node: 1 supervisor + 5 managers + 1 apply + 0 sync + 1 launcher + 1 pg_cron + 2 parallel = 11
ruleCases(rule, [
  {
    name: 'sixteen workers cover a need of eleven, and the arithmetic is shown',
    snapshot: healthy,
    expect: {
      node_a: { outcome: 'pass', message: [/= 11$/, /1 pglogical supervisor/, /5 pglogical manager/], evidence: { need: 11, max_worker_processes: 16 } },
      node_b: 'pass',
    },
  },
  {
    name: 'the default of 8 is too low and the message shows every term',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'max_worker_processes', '8')),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/is 8 but pglogical needs 11/, /1 pglogical apply per enabled subscription/, /2 parallel query headroom/, /= 11/],
        help: [/--name max_worker_processes --value "11"/, /restart/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'exactly the need passes',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'max_worker_processes', '11')),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'a down subscription with no apply worker names the budget as the likely cause',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_b', 'max_worker_processes', '8');
      const b = sql(s, 'node_b');
      b.pglogical!.subscriptions[0]!.status = 'down';
      b.backgroundWorkers = b.backgroundWorkers!.filter((w) => !w.backendType.startsWith('pglogical apply'));
    }),
    expect: {
      node_a: 'pass',
      node_b: { outcome: 'fail', message: [/sub_node_b_node_a is down with no apply worker running: the worker budget is the likely cause/] },
    },
  },
  {
    name: 'syncing subscriptions count a sync worker each',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'max_worker_processes', '11');
      sql(s, 'node_a').pglogical!.subscriptions[0]!.syncStatus = 'i';
    }),
    expect: { node_a: { outcome: 'fail', message: [/1 pglogical sync per subscription now syncing/, /needs 12/] }, node_b: 'pass' },
  },
  {
    name: 'from ARM only, the need is estimated from the topology and preloaded libraries',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      setSetting(s, 'node_a', 'max_worker_processes', '8', 'arm');
    }),
    // 1 supervisor + 3 managers (estimated) + 1 apply + 1 sync + 1 launcher + 1 pg_cron + 2 parallel = 10
    expect: { node_a: { outcome: 'fail', message: [/needs 10/, /\[estimated\]/, /pg_cron launcher/] }, node_b: 'pass' },
  },
  {
    name: 'max_logical_replication_workers = 0 removes the launcher',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'max_logical_replication_workers', '0');
      setSetting(s, 'node_a', 'max_worker_processes', '10');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { need: 10 } }, node_b: 'pass' },
  },
]);
