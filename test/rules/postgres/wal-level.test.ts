import rule from '../../../rules/postgres/wal-level.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, savePendingRestart, setSetting, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'logical on both nodes passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'replica on node_b fails with the az fix',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'wal_level', 'replica')),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/wal_level is "replica" on node_b/, /from sql/],
        help: [
          /az postgres flexible-server parameter set --resource-group rg-pg-westus --server-name pg-app-b --name wal_level --value "logical"/,
          /restart/,
        ],
      },
    },
  },
  {
    name: 'live SQL value wins over ARM',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'wal_level', 'replica', 'arm')),
    expect: { node_a: { outcome: 'pass', evidence: { source: 'sql' } }, node_b: 'pass' },
  },
  {
    name: 'ARM value is used when SQL is unreachable',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a', { code: 'timeout', message: 'connect timeout after 10 s' });
      setSetting(s, 'node_a', 'wal_level', 'replica', 'arm');
    }),
    expect: { node_a: { outcome: 'fail', message: [/from arm/] }, node_b: 'pass' },
  },
  {
    name: 'no SQL and no ARM parameters is an error, not a pass',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a', { code: 'auth-failed', message: 'password authentication failed for user "pglogical_repl"' });
      s.nodes.node_a!.azure!.parameters = {
        ok: false,
        error: { code: 'forbidden', message: '403: missing Microsoft.DBforPostgreSQL/flexibleServers/configurations/read' },
      };
    }),
    expect: { node_a: { outcome: 'error', message: [/could not check/, /password authentication failed/, /403/] }, node_b: 'pass' },
  },
  {
    name: 'a parameter missing from every source fails as not reported',
    snapshot: withOverrides(healthy, (s) => removeSetting(s, 'node_a', 'wal_level')),
    expect: { node_a: { outcome: 'fail', severity: 'error', message: [/wal_level is not reported for node_a/] }, node_b: 'pass' },
  },
  {
    name: 'enum values fold case as PostgreSQL does: LOGICAL from ARM passes, Replica fails',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      setSetting(s, 'node_a', 'wal_level', 'LOGICAL', 'arm');
      setSetting(s, 'node_b', 'wal_level', 'Replica');
    }),
    expect: {
      node_a: { outcome: 'pass', evidence: { source: 'arm' } },
      node_b: { outcome: 'fail', severity: 'error', message: [/wal_level is "Replica"/] },
    },
  },
  // Wrong before: ARM's saved "logical" passed while the server waits for a restart and still runs with replica.
  {
    name: 'saved as logical but waiting for a restart (ARM only): fails on the running value, with the restart command',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      setSetting(s, 'node_a', 'wal_level', 'replica', 'arm');
      savePendingRestart(s, 'node_a', 'wal_level', 'logical');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/saved as "logical" \(from arm\) but not running until a restart/],
        help: [/^Restart the server .*az postgres flexible-server restart --resource-group rg-pg-eastus --name pg-app-a$/],
        evidence: { running: null, pendingRestart: true },
      },
      node_b: 'pass',
    },
  },
  {
    name: 'saved as replica and waiting for a restart (ARM only): not logical after the restart either',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'wal_level', 'replica');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/wal_level is "replica" on node_a \(from arm, saved and waiting for a restart\)/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'over SQL pg_settings shows the running value: logical with a pending restart passes',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').settings.wal_level!.pendingRestart = true;
      savePendingRestart(s, 'node_a', 'wal_level', 'replica');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { source: 'sql', running: 'logical' } }, node_b: 'pass' },
  },
]);
