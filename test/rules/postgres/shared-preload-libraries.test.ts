import rule from '../../../rules/postgres/shared-preload-libraries.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, savePendingRestart, setSetting, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'pglogical preloaded beside the defaults passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'pglogical missing fails and the fix keeps the existing libraries',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'shared_preload_libraries', 'pg_cron,pg_stat_statements')),
    expect: {
      node_a: { outcome: 'fail', severity: 'error', help: [/--value "pg_cron,pg_stat_statements,pglogical"/] },
      node_b: 'pass',
    },
  },
  {
    name: 'setting only pglogical dropped the platform defaults: warning',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'shared_preload_libraries', 'pglogical')),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'warning',
        message: [/pg_cron, pg_stat_statements were dropped/],
        help: [/--value "pglogical,pg_cron,pg_stat_statements"/],
      },
    },
  },
  {
    name: 'quoted and spaced lists are understood',
    snapshot: withOverrides(healthy, (s) =>
      setSetting(s, 'node_a', 'shared_preload_libraries', ' pg_cron , "pg_stat_statements",  pglogical'),
    ),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'library names are file names: PGLOGICAL is not pglogical',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'shared_preload_libraries', 'pg_cron,pg_stat_statements,PGLOGICAL')),
    expect: { node_a: 'pass', node_b: 'fail' },
  },
  {
    name: 'ARM-only facts (no SQL) still detect a missing pglogical',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      setSetting(s, 'node_a', 'shared_preload_libraries', 'pg_cron,pg_stat_statements', 'arm');
    }),
    expect: { node_a: { outcome: 'fail', message: [/\(arm\)/] }, node_b: 'pass' },
  },
  // Wrong before: ARM's saved list with pglogical passed while the server waits for a restart.
  {
    name: 'pglogical saved but waiting for a restart (ARM only): could not check, never a pass',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      const arm = s.nodes.node_a!.azure!.parameters!;
      savePendingRestart(s, 'node_a', 'shared_preload_libraries', arm.ok ? arm.data.shared_preload_libraries!.value : '');
    }),
    expect: {
      node_a: {
        outcome: 'error',
        message: [
          /saved as ".*pglogical.*" \(from arm\) and not in effect until a restart/,
          /restart --resource-group rg-pg-eastus --name pg-app-a/,
        ],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'pglogical missing from the saved list waiting for a restart (ARM only): fails',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'shared_preload_libraries', 'pg_cron,pg_stat_statements');
    }),
    expect: { node_a: { outcome: 'fail', severity: 'error', message: [/\(arm, saved and waiting for a restart\)/] }, node_b: 'pass' },
  },
  {
    name: 'over SQL a pending restart does not hide the running list: pglogical loaded passes',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').settings.shared_preload_libraries!.pendingRestart = true;
      savePendingRestart(s, 'node_a', 'shared_preload_libraries', 'pg_cron');
    }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
]);
