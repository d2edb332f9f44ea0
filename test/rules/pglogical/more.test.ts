import dsnHost from '../../../rules/pglogical/dsn-host.js';
import replicationSetSymmetry from '../../../rules/pglogical/replication-set-symmetry.js';
import replicationUser from '../../../rules/pglogical/replication-user.js';
import schemaDrift from '../../../rules/pglogical/schema-drift.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, sql, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const tables = {
  'node_a:public.customers': 'pass',
  'node_a:public.orders': 'pass',
  'node_b:public.customers': 'pass',
  'node_b:public.orders': 'pass',
} as const;

ruleCases(replicationUser, [
  { name: 'a dedicated replication role passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'a role without REPLICATION fails on the provider it connects to',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_a').roles![0]!.replication = false)),
    expect: {
      node_a: {
        outcome: 'fail',
        message: [/role pglogical_repl used by interface node_a of node_a lacks REPLICATION/],
        help: [/ALTER ROLE pglogical_repl REPLICATION;/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'a role that does not exist fails',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_b').roles = [])),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', message: [/does not exist on node_b/] } },
  },
  {
    name: 'the server admin as replication role is a warning; outside azure_pg_admin too',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_a').administratorLogin = 'pglogical_repl';
      sql(s, 'node_b').roles![0]!.memberOf = [];
    }),
    expect: {
      node_a: { outcome: 'fail', severity: 'warning', message: [/server admin pglogical_repl/] },
      node_b: { outcome: 'fail', severity: 'warning', message: [/not a member of azure_pg_admin/] },
    },
  },
]);

ruleCases(dsnHost, [
  { name: 'FQDNs pass', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'an IP address, hostaddr, a wrong host and a privatelink. host fail',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').pglogical!.subscriptions[0]!.providerDsn = 'host=10.2.0.4 port=5432 dbname=appdb user=pglogical_repl';
      sql(s, 'node_b').pglogical!.subscriptions[0]!.providerDsn =
        'host=pg-app-b.postgres.database.azure.com dbname=appdb user=pglogical_repl';
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        message: [
          /subscription sub_node_a_node_b connects to 10\.2\.0\.4 by address; it must use pg-app-b\.postgres\.database\.azure\.com/,
        ],
      },
      node_b: {
        outcome: 'fail',
        message: [/names host pg-app-b\.postgres\.database\.azure\.com, but node_a is pg-app-a\.postgres\.database\.azure\.com/],
      },
    },
  },
  {
    name: 'a privatelink. host for a VNET-integrated server fails',
    snapshot: withOverrides(
      healthy,
      (s) =>
        (sql(s, 'node_a').pglogical!.subscriptions[0]!.providerDsn = 'host=pg-app-b.privatelink.postgres.database.azure.com dbname=appdb'),
    ),
    expect: { node_a: { outcome: 'fail', message: [/a privatelink\. host, for the VNET-integrated server/] }, node_b: 'pass' },
  },
  {
    name: "outside Azure an address is the operator's choice",
    snapshot: withOverrides(healthy, (s) => {
      for (const n of s.topology.nodes) delete n.server;
      sql(s, 'node_a').pglogical!.subscriptions[0]!.providerDsn = 'host=127.0.0.1 port=5433 dbname=appdb';
    }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
]);

ruleCases(replicationSetSymmetry, [
  { name: 'the same sets pass', snapshot: healthy, expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' } },
  {
    name: "a table in one node's set only, and different operations, are warnings",
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_b').pglogical!.replicationSets!.find((r) => r.name === 'default')!.tables = ['public.customers'];
      sql(s, 'node_b').pglogical!.replicationSets!.find((r) => r.name === 'default_insert_only')!.replicateTruncate = false;
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /set default has public\.orders only on node_a/,
          /set default_insert_only replicates insert\/truncate on node_a but insert on node_b/,
        ],
      },
      'node_b->node_a': 'fail',
    },
  },
]);

// pglogical/sequence-collision: see sequence-collision.test.ts.

ruleCases(schemaDrift, [
  { name: 'identical columns pass', snapshot: healthy, expect: tables },
  {
    name: 'a column added on one node only fails on both',
    snapshot: withOverrides(healthy, (s) =>
      sql(s, 'node_b')
        .tables!.find((t) => t.name === 'orders')!
        .columns.push({ name: 'note', type: 'text' }),
    ),
    expect: {
      ...tables,
      'node_a:public.orders': { outcome: 'fail', message: [/public\.orders differs on node_b: extra column note text there/] },
      'node_b:public.orders': { outcome: 'fail', message: [/column note missing there/] },
    },
  },
  {
    name: 'a type change fails',
    snapshot: withOverrides(
      healthy,
      (s) => (sql(s, 'node_b').tables!.find((t) => t.name === 'customers')!.columns[1]!.type = 'character varying(50)'),
    ),
    expect: {
      ...tables,
      'node_a:public.customers': { outcome: 'fail', message: [/column name is text here, character varying\(50\) there/] },
      'node_b:public.customers': 'fail',
    },
  },
]);
