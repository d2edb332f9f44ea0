import rule from '../../../rules/postgres/wal-level.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, setSetting, withOverrides, withoutSql } from '../../helpers/snapshots.js';

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
        help: [/az postgres flexible-server parameter set --resource-group rg-pg-westus --server-name pg-app-b --name wal_level --value "logical"/, /restart/],
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
      s.nodes.node_a!.azure!.parameters = { ok: false, error: { code: 'forbidden', message: '403: missing Microsoft.DBforPostgreSQL/flexibleServers/configurations/read' } };
    }),
    expect: { node_a: { outcome: 'error', message: [/could not check/, /password authentication failed/, /403/] }, node_b: 'pass' },
  },
  {
    name: 'a parameter missing from every source fails as not reported',
    snapshot: withOverrides(healthy, (s) => removeSetting(s, 'node_a', 'wal_level')),
    expect: { node_a: { outcome: 'fail', message: [/not reported/] }, node_b: 'pass' },
  },
]);
