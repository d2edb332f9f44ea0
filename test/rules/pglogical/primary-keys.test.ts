// Replica identity as pglogical's apply worker uses it: only an index (primary key or USING INDEX) will do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import primaryKeys from '../../../rules/pglogical/primary-keys.js';
import { replicaIdentityIndex } from '../../../src/model/pglogical.js';
import type { Snapshot } from '../../../src/snapshot/types.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, sql, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const others = { 'node_a:public.orders': 'pass', 'node_b:public.customers': 'pass', 'node_b:public.orders': 'pass' } as const;

/** node_a's public.customers (primary key (id), in set default) with another replica identity. */
const customersWith = (
  replicaIdentity: string,
  change: { primaryKey?: string[] | null; hasReplicaIdentityIndex?: boolean } = {},
): Snapshot =>
  withOverrides(healthy, (s) => {
    const t = sql(s, 'node_a').tables!.find((x) => x.name === 'customers')!;
    t.replicaIdentity = replicaIdentity;
    if (change.primaryKey === null) delete t.primaryKey;
    else if (change.primaryKey) t.primaryKey = change.primaryKey;
    if (change.hasReplicaIdentityIndex !== undefined) t.hasReplicaIdentityIndex = change.hasReplicaIdentityIndex;
  });

ruleCases(primaryKeys, [
  {
    name: 'wrong before: REPLICA IDENTITY FULL on a table with a primary key fails (FULL gives no index), and the fix is DEFAULT, never FULL',
    snapshot: customersWith('f'),
    expect: {
      ...others,
      'node_a:public.customers': {
        outcome: 'fail',
        severity: 'error',
        message: [
          /public\.customers is in set default, which replicates UPDATE\/DELETE, and has REPLICA IDENTITY FULL, so its primary key \(id\) is not its replica identity index/,
        ],
        help: [/^ALTER TABLE public\.customers REPLICA IDENTITY DEFAULT;/],
      },
    },
  },
  {
    name: 'wrong before: REPLICA IDENTITY FULL without a primary key fails and asks for a key',
    snapshot: customersWith('f', { primaryKey: null }),
    expect: {
      ...others,
      'node_a:public.customers': {
        outcome: 'fail',
        message: [/REPLICA IDENTITY FULL and no primary key/],
        help: [/ADD PRIMARY KEY/, /USING INDEX/],
      },
    },
  },
  {
    name: 'REPLICA IDENTITY NOTHING with a primary key fails with the DEFAULT fix',
    snapshot: customersWith('n'),
    expect: {
      ...others,
      'node_a:public.customers': { outcome: 'fail', message: [/REPLICA IDENTITY NOTHING/], help: [/REPLICA IDENTITY DEFAULT/] },
    },
  },
  {
    name: 'right: REPLICA IDENTITY USING INDEX with the index present passes',
    snapshot: customersWith('i', { hasReplicaIdentityIndex: true }),
    expect: { ...others, 'node_a:public.customers': 'pass' },
  },
  {
    name: 'REPLICA IDENTITY USING INDEX whose index is gone fails',
    snapshot: customersWith('i', { hasReplicaIdentityIndex: false }),
    expect: {
      ...others,
      'node_a:public.customers': {
        outcome: 'fail',
        message: [/no primary key or replica identity index \(replica identity USING INDEX, but the index is gone\)/],
      },
    },
  },
  {
    name: 'DEFAULT without a primary key fails; no advice names FULL',
    snapshot: customersWith('d', { primaryKey: null }),
    expect: {
      ...others,
      'node_a:public.customers': {
        outcome: 'fail',
        message: [/replica identity DEFAULT, no primary key/],
        help: [/^(?!.*FULL).*$/s, /replication_set_add_table\('default_insert_only', 'public\.customers'\)/],
      },
    },
  },
  {
    name: 'FULL is fine in an insert-only set (no row lookup)',
    snapshot: withOverrides(customersWith('f'), (s) => {
      const sets = sql(s, 'node_a').pglogical!.replicationSets!;
      sets.find((r) => r.name === 'default')!.tables = ['public.orders'];
      sets.find((r) => r.name === 'default_insert_only')!.tables = ['public.customers'];
    }),
    expect: { ...others, 'node_a:public.customers': 'pass' },
  },
  {
    name: 'a table in a set but absent from the table facts is not checked, not failed',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_a').tables = sql(s, 'node_a').tables!.filter((t) => t.name !== 'customers'))),
    expect: { ...others, 'node_a:public.customers': 'error' },
  },
]);

test('replicaIdentityIndex follows RelationGetReplicaIndex', () => {
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'd', primaryKey: ['id'], hasReplicaIdentityIndex: false }), 'primary key');
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'd', primaryKey: [], hasReplicaIdentityIndex: false }), undefined);
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'd', hasReplicaIdentityIndex: false }), undefined);
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'i', primaryKey: ['id'], hasReplicaIdentityIndex: true }), 'index');
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'i', primaryKey: ['id'], hasReplicaIdentityIndex: false }), undefined);
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'f', primaryKey: ['id'], hasReplicaIdentityIndex: false }), undefined);
  assert.equal(replicaIdentityIndex({ replicaIdentity: 'n', primaryKey: ['id'], hasReplicaIdentityIndex: false }), undefined);
});
