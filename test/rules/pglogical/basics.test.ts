// Table-driven cases for the pglogical rules that read one node's catalogs.
import extensionInstalled from '../../../rules/pglogical/extension-installed.js';
import forwardOrigins from '../../../rules/pglogical/forward-origins.js';
import primaryKeys from '../../../rules/pglogical/primary-keys.js';
import conflictResolution from '../../../rules/pglogical/conflict-resolution.js';
import syncStatus from '../../../rules/pglogical/sync-status.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, savePendingRestart, setSetting, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const SUB_A = 'node_a:sub_node_a_node_b';
const SUB_B = 'node_b:sub_node_b_node_a';

ruleCases(extensionInstalled, [
  { name: 'installed with a local node passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'extension missing fails',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_b').pglogical = { installed: false, subscriptions: [] })),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', message: [/not installed in database appdb/] } },
  },
  {
    name: 'installed without a local node fails',
    snapshot: withOverrides(healthy, (s) => delete sql(s, 'node_a').pglogical!.localNode),
    expect: { node_a: { outcome: 'fail', help: [/pglogical\.create_node\(node_name := 'node_a'/] }, node_b: 'pass' },
  },
  {
    name: 'no SQL facts: not checked',
    snapshot: withOverrides(healthy, (s) => withoutSql(s, 'node_a')),
    expect: { node_a: 'error', node_b: 'pass' },
  },
]);

ruleCases(forwardOrigins, [
  { name: "forward_origins '{}' passes", snapshot: healthy, expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' } },
  {
    name: "the default '{all}' fails with the recreate advice",
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_a').pglogical!.subscriptions[0]!.forwardOrigins = ['all'])),
    expect: {
      [SUB_A]: { outcome: 'fail', message: [/forwards origins '\{all\}'/], help: [/drop_subscription\('sub_node_a_node_b'\)/] },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'a node without SQL facts is reported as not checked',
    snapshot: withOverrides(healthy, (s) => withoutSql(s, 'node_b')),
    expect: { [SUB_A]: 'pass', node_b: 'error' },
  },
]);

ruleCases(primaryKeys, [
  {
    name: 'keyed tables pass',
    snapshot: healthy,
    expect: {
      'node_a:public.customers': 'pass',
      'node_a:public.orders': 'pass',
      'node_b:public.customers': 'pass',
      'node_b:public.orders': 'pass',
    },
  },
  {
    name: 'a table without key in the default set fails; replica identity full fails too (pglogical has no full-row lookup); insert-only passes',
    snapshot: withOverrides(healthy, (s) => {
      const a = sql(s, 'node_a');
      a.tables!.push({
        schema: 'public',
        name: 'events',
        replicaIdentity: 'd',
        hasReplicaIdentityIndex: false,
        columns: [{ name: 'payload', type: 'jsonb' }],
      });
      a.tables!.push({
        schema: 'public',
        name: 'audit',
        replicaIdentity: 'f',
        hasReplicaIdentityIndex: false,
        columns: [{ name: 'line', type: 'text' }],
      });
      a.tables!.push({
        schema: 'public',
        name: 'log',
        replicaIdentity: 'n',
        hasReplicaIdentityIndex: false,
        columns: [{ name: 'line', type: 'text' }],
      });
      a.pglogical!.replicationSets!.find((r) => r.name === 'default')!.tables.push('public.events', 'public.audit');
      a.pglogical!.replicationSets!.find((r) => r.name === 'default_insert_only')!.tables.push('public.log');
    }),
    expect: {
      'node_a:public.audit': { outcome: 'fail', message: [/has REPLICA IDENTITY FULL/], help: [/ADD PRIMARY KEY/] },
      'node_a:public.customers': 'pass',
      'node_a:public.events': {
        outcome: 'fail',
        message: [/public\.events is in set default, which replicates UPDATE\/DELETE, but has no primary key/],
      },
      'node_a:public.log': 'pass',
      'node_a:public.orders': 'pass',
      'node_b:public.customers': 'pass',
      'node_b:public.orders': 'pass',
    },
  },
]);

ruleCases(conflictResolution, [
  { name: 'the same mode everywhere passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'different modes fail on both nodes',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'pglogical.conflict_resolution', 'apply_remote')),
    expect: {
      node_a: { outcome: 'fail', message: [/node_b uses apply_remote/] },
      node_b: { outcome: 'fail', message: [/node_a uses last_update_wins/] },
    },
  },
  {
    name: 'last_update_wins without commit timestamps fails',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'track_commit_timestamp', 'off')),
    expect: { node_a: { outcome: 'fail', severity: 'error', message: [/track_commit_timestamp is off/] }, node_b: 'pass' },
  },
  // Wrong before: apply_remote / keep_local on every node passed, though concurrent updates of a row diverge.
  {
    name: 'apply_remote on every node: the nodes swap versions of a row changed on both, a warning advising last_update_wins',
    snapshot: withOverrides(healthy, (s) =>
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'apply_remote')),
    ),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'warning',
        message: [/apply_remote like every other node/, /swap/, /silently diverge/],
        help: [/--name pglogical.conflict_resolution --value "last_update_wins"/],
      },
      node_b: { outcome: 'fail', severity: 'warning', message: [/swap/] },
    },
  },
  {
    name: 'pglogical.conflict_resolution unset everywhere is the default apply_remote: warning',
    snapshot: withOverrides(healthy, (s) => ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', ''))),
    expect: {
      node_a: { outcome: 'fail', severity: 'warning', evidence: { mode: 'apply_remote' } },
      node_b: { outcome: 'fail', severity: 'warning' },
    },
  },
  {
    name: 'keep_local on every node with commit timestamps: each keeps its own version, a warning',
    snapshot: withOverrides(healthy, (s) =>
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'keep_local')),
    ),
    expect: {
      node_a: { outcome: 'fail', severity: 'warning', message: [/keep_local like every other node/, /keeps its own version/] },
      node_b: { outcome: 'fail', severity: 'warning', message: [/keeps its own version/] },
    },
  },
  // Wrong before: keep_local without commit timestamps passed (only the timestamp modes were checked).
  {
    name: 'keep_local without commit timestamps is refused by pglogical: an error',
    snapshot: withOverrides(healthy, (s) => {
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'keep_local'));
      setSetting(s, 'node_a', 'track_commit_timestamp', 'off');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/keep_local but track_commit_timestamp is off/, /accepts only apply_remote or error/],
      },
      node_b: { outcome: 'fail', severity: 'warning' },
    },
  },
  {
    name: 'last_update_wins with track_commit_timestamp saved as on but waiting for a restart (ARM only): an error',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'track_commit_timestamp', 'on');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/track_commit_timestamp is saved as on \(from arm\) but not in effect until a restart/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'apply_remote where the other node could not be read: the warning does not claim "every other node"',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'pglogical.conflict_resolution', 'apply_remote');
      withoutSql(s, 'node_b', { code: 'timeout', message: 'connect timeout after 10 s' });
      s.nodes.node_b!.azure!.parameters = { ok: false, error: { code: 'forbidden', message: '403' } };
    }),
    expect: {
      node_a: { outcome: 'fail', severity: 'warning', message: [/apply_remote \(not every other node could be read\)/] },
      node_b: { outcome: 'error', message: [/could not check/] },
    },
  },
  {
    name: 'first_update_wins on every node with commit timestamps converges: pass',
    snapshot: withOverrides(healthy, (s) =>
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'first_update_wins')),
    ),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'error on every node stops on a conflict instead of diverging, and needs no commit timestamps: pass',
    snapshot: withOverrides(healthy, (s) => {
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'error'));
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
    }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
]);

ruleCases(syncStatus, [
  { name: 'ready passes', snapshot: healthy, expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' } },
  {
    name: 'a subscription stuck in data sync while down must be recreated',
    snapshot: withOverrides(healthy, (s) => {
      const sub = sql(s, 'node_b').pglogical!.subscriptions[0]!;
      sub.syncStatus = 'd';
      sub.status = 'down';
    }),
    expect: {
      [SUB_A]: 'pass',
      [SUB_B]: { outcome: 'fail', severity: 'error', message: [/stuck in data sync \(d\)/], help: [/drop_subscription/] },
    },
  },
  {
    name: 'a table still catching up is a warning',
    snapshot: withOverrides(healthy, (s) =>
      sql(s, 'node_a').pglogical!.tableSync!.push({ subscription: 'sub_node_a_node_b', table: 'public.orders', status: 'u' }),
    ),
    expect: { [SUB_A]: { outcome: 'fail', severity: 'warning', message: [/public\.orders catching up \(u\)/] }, [SUB_B]: 'pass' },
  },
]);
