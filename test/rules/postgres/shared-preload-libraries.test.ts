import rule from '../../../rules/postgres/shared-preload-libraries.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, setSetting, withOverrides, withoutSql } from '../../helpers/snapshots.js';

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
      node_b: { outcome: 'fail', severity: 'warning', message: [/pg_cron, pg_stat_statements were dropped/], help: [/--value "pglogical,pg_cron,pg_stat_statements"/] },
    },
  },
  {
    name: 'quoted and spaced lists are understood',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'shared_preload_libraries', ' pg_cron , "pg_stat_statements",  pglogical')),
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
]);
