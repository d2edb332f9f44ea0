import rule from '../../../rules/postgres/worker-budget.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, savePendingRestart, setSetting, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

// healthy node: 1 supervisor + 5 managers + 1 apply + 0 sync + 1 launcher + 1 pg_cron + 2 parallel = 11
ruleCases(rule, [
  {
    name: 'sixteen workers cover a need of eleven, and the arithmetic is shown',
    snapshot: healthy,
    expect: {
      node_a: {
        outcome: 'pass',
        message: [/= 11$/, /1 pglogical supervisor/, /5 pglogical manager/],
        evidence: { need: 11, max_worker_processes: 16 },
      },
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
      node_b: {
        outcome: 'fail',
        message: [/sub_node_b_node_a is down with no apply worker running: the worker budget is the likely cause/],
      },
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
  // Wrong before: without SQL the managers were guessed as 3, though the server has 5 connectable databases.
  {
    name: 'from ARM only, managers are counted from the server database list (Databases_ListByServer) plus template1',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      setSetting(s, 'node_a', 'max_worker_processes', '11', 'arm');
    }),
    // 1 supervisor + 5 managers (appdb, azure_maintenance, azure_sys, postgres, template1) + 1 apply + 1 sync + 1 launcher + 1 pg_cron + 2 parallel = 12
    expect: {
      node_a: {
        outcome: 'fail',
        message: [
          /is 11 but pglogical needs 12/,
          /5 pglogical manager per connectable database \(from ARM: appdb, azure_maintenance, azure_sys, postgres; template1 connectable by default\)/,
          /pg_cron launcher/,
        ],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'from ARM only, template0 in the list is not counted and a listed template1 is not counted twice',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      s.nodes.node_a!.azure!.databases = { ok: true, data: ['appdb', 'postgres', 'template0', 'template1'] };
      setSetting(s, 'node_a', 'max_worker_processes', '10', 'arm');
    }),
    // 1 + 3 managers (appdb, postgres, template1) + 1 + 1 + 1 + 1 + 2 = 10
    expect: { node_a: { outcome: 'pass', evidence: { need: 10 } }, node_b: 'pass' },
  },
  {
    name: 'from ARM only without the database list, the managers are estimated',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      s.nodes.node_a!.azure!.databases = { ok: false, error: { code: 'forbidden', message: '403' } };
      setSetting(s, 'node_a', 'max_worker_processes', '8', 'arm');
    }),
    // 1 supervisor + 3 managers (estimated) + 1 apply + 1 sync + 1 launcher + 1 pg_cron + 2 parallel = 10
    expect: {
      node_a: { outcome: 'fail', message: [/needs 10/, /3 pglogical manager per connectable database \(estimated/, /\[estimated\]/] },
      node_b: 'pass',
    },
  },
  // Wrong before: ARM's saved 16 passed while the server waits for a restart and runs with another value.
  {
    name: 'saved as 16 but waiting for a restart (ARM only): could not check, never a pass',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'max_worker_processes', '16');
    }),
    expect: {
      node_a: {
        outcome: 'error',
        message: [
          /saved as 16 \(from arm\), not in effect until a restart/,
          /az postgres flexible-server restart --resource-group rg-pg-eastus --name pg-app-a/,
        ],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'saved as 8 and waiting for a restart (ARM only): too low after the restart as well',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'max_worker_processes', '8');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/is saved as 8 \(from arm\), not in effect until a restart but pglogical needs 12/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'over SQL a pending restart does not hide the running value: 16 passes',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').settings.max_worker_processes!.pendingRestart = true;
      savePendingRestart(s, 'node_a', 'max_worker_processes', '8');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { max_worker_processes: 16 } }, node_b: 'pass' },
  },
  {
    name: 'max_worker_processes missing from every source fails as not reported, at error severity',
    snapshot: withOverrides(healthy, (s) => removeSetting(s, 'node_a', 'max_worker_processes')),
    expect: {
      node_a: { outcome: 'fail', severity: 'error', message: [/max_worker_processes is not reported for node_a; pglogical needs 11/] },
      node_b: 'pass',
    },
  },
  {
    name: 'parallel headroom is capped by max_parallel_workers (1 < per-gather 2)',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'max_parallel_workers', '1');
      setSetting(s, 'node_a', 'max_worker_processes', '10');
    }),
    expect: { node_a: { outcome: 'pass', message: [/1 parallel query headroom/], evidence: { need: 10 } }, node_b: 'pass' },
  },
  {
    name: 'parallel headroom takes PostgreSQL defaults when the settings are missing (per-gather 2)',
    snapshot: withOverrides(healthy, (s) => {
      removeSetting(s, 'node_a', 'max_parallel_workers');
      removeSetting(s, 'node_a', 'max_parallel_workers_per_gather');
      setSetting(s, 'node_a', 'max_worker_processes', '10');
    }),
    expect: { node_a: { outcome: 'fail', message: [/2 parallel query headroom/, /needs 11/] }, node_b: 'pass' },
  },
  {
    name: 'a saved max_logical_replication_workers = 0 waiting for a restart keeps the running launcher',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'max_logical_replication_workers', '0');
      setSetting(s, 'node_a', 'max_worker_processes', '12', 'arm');
    }),
    expect: { node_a: { outcome: 'pass', message: [/1 PostgreSQL logical replication launcher/], evidence: { need: 12 } }, node_b: 'pass' },
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
