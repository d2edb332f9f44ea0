// A subscription receives only the tables of the provider's sets it includes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import subscriptionSets from '../../../rules/pglogical/subscription-sets.js';
import { setCoverage } from '../../../src/model/pglogical.js';
import type { ReplicationSet } from '../../../src/snapshot/types.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const SUB_A = 'node_a:sub_node_a_node_b';
const SUB_B = 'node_b:sub_node_b_node_a';

const set = (name: string, tables: string[]): ReplicationSet => ({
  name,
  replicateInsert: true,
  replicateUpdate: true,
  replicateDelete: true,
  replicateTruncate: true,
  tables,
});

/** node_a holds public.invoices in its own set `reporting` (the same set on node_b keeps the sets symmetric). */
const withReportingSet = withOverrides(healthy, (s) => {
  for (const n of ['node_a', 'node_b']) sql(s, n).pglogical!.replicationSets!.push(set('reporting', ['public.invoices']));
});

ruleCases(subscriptionSets, [
  { name: 'subscriptions to the default sets pass', snapshot: healthy, expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' } },
  {
    name: 'wrong before: a provider table only in a set the subscription lacks fails (replication-set-symmetry passes this)',
    snapshot: withReportingSet,
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        severity: 'error',
        message: [
          /node_a: no subscription of node_a to node_b \(sub_node_a_node_b, sets ddl_sql, default, default_insert_only\) includes set\(s\) reporting, so node_b sends nothing for public\.invoices/,
        ],
      },
      [SUB_B]: {
        outcome: 'fail',
        help: [
          /^On node_b: SELECT pglogical\.alter_subscription_add_replication_set\('sub_node_b_node_a', 'reporting'\);/,
          /alter_subscription_synchronize\('sub_node_b_node_a'\)/,
        ],
      },
    },
  },
  {
    name: 'right: the set added to the subscription passes',
    snapshot: withOverrides(withReportingSet, (s) => {
      for (const n of ['node_a', 'node_b']) sql(s, n).pglogical!.subscriptions[0]!.replicationSets!.push('reporting');
    }),
    expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' },
  },
  {
    name: 'a table also in a subscribed set passes; only the other direction lacks the set',
    snapshot: withOverrides(withReportingSet, (s) => {
      sql(s, 'node_b')
        .pglogical!.replicationSets!.find((r) => r.name === 'default')!
        .tables.push('public.invoices');
    }),
    expect: {
      [SUB_A]: 'pass',
      [SUB_B]: { outcome: 'fail', message: [/includes set\(s\) reporting, so node_a sends nothing for public\.invoices$/] },
    },
  },
  {
    name: 'a subscription that omits the default set misses every table in it',
    snapshot: withOverrides(
      healthy,
      (s) => (sql(s, 'node_a').pglogical!.subscriptions[0]!.replicationSets = ['default_insert_only', 'ddl_sql']),
    ),
    expect: {
      [SUB_A]: { outcome: 'fail', message: [/includes set\(s\) default, so node_b sends nothing for public\.customers, public\.orders/] },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'an empty set left out (ddl_sql) does not matter',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_a').pglogical!.subscriptions[0]!.replicationSets = ['default'])),
    expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' },
  },
  {
    name: 'a second subscription to the same provider covering the set passes; the sets are judged on the first',
    snapshot: withOverrides(withReportingSet, (s) => {
      const a = sql(s, 'node_a').pglogical!;
      a.subscriptions.push({
        ...a.subscriptions[0]!,
        name: 'sub_node_a_node_b_reporting',
        replicationSets: ['reporting'],
        slotName: 'pgl_appdb_node_b_sub_node_a_node_b_reporting',
      });
    }),
    expect: {
      [SUB_A]: 'pass',
      'node_a:sub_node_a_node_b_reporting': { outcome: 'pass', message: [/judged with sub_node_a_node_b/] },
      [SUB_B]: 'fail',
    },
  },
  {
    name: 'a set the provider does not have fails: the walsender cannot start',
    snapshot: withOverrides(healthy, (s) => sql(s, 'node_b').pglogical!.subscriptions[0]!.replicationSets!.push('old_set')),
    expect: {
      [SUB_A]: 'pass',
      [SUB_B]: {
        outcome: 'fail',
        message: [/names replication set\(s\) old_set, which node_a does not have \(its sets: ddl_sql, default, default_insert_only\)/],
        help: [/alter_subscription_remove_replication_set\('sub_node_b_node_a', 'old_set'\)/],
      },
    },
  },
  {
    name: 'a hostile set name in the fix is one SQL literal, not a second statement',
    snapshot: withOverrides(healthy, (s) =>
      sql(s, 'node_b').pglogical!.subscriptions[0]!.replicationSets!.push("x'); DROP TABLE orders; --"),
    ),
    expect: {
      [SUB_A]: 'pass',
      [SUB_B]: {
        outcome: 'fail',
        help: [/alter_subscription_remove_replication_set\('sub_node_b_node_a', 'x''\); DROP TABLE orders; --'\);/],
      },
    },
  },
  {
    name: 'the provider without SQL facts: not checked',
    snapshot: withOverrides(healthy, (s) => withoutSql(s, 'node_b')),
    expect: { [SUB_A]: 'error', node_b: 'error' },
  },
  {
    name: 'subscription sets not collected: not checked',
    snapshot: withOverrides(healthy, (s) => delete sql(s, 'node_a').pglogical!.subscriptions[0]!.replicationSets),
    expect: { [SUB_A]: 'error', [SUB_B]: 'pass' },
  },
]);

test('setCoverage: a table is covered when any of its sets is subscribed', () => {
  const sets = [set('a', ['t1', 't2']), set('b', ['t2', 't3']), set('empty', [])];
  assert.deepEqual(setCoverage(sets, ['a'], ['a']), { unknownSets: [], uncovered: [{ table: 't3', sets: ['b'] }] });
  assert.deepEqual(setCoverage(sets, ['b'], ['b']), { unknownSets: [], uncovered: [{ table: 't1', sets: ['a'] }] });
  assert.deepEqual(setCoverage(sets, ['a', 'b'], ['a', 'b']), { unknownSets: [], uncovered: [] });
  assert.deepEqual(setCoverage(sets, ['x'], ['x']).unknownSets, ['x']);
  assert.deepEqual(
    setCoverage(sets, [], []).uncovered.map((u) => u.table),
    ['t1', 't2', 't3'],
  );
});
