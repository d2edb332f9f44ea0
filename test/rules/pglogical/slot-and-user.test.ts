// Boundaries and missing values of pglogical/slot-health and pglogical/replication-user: each case pins one decision.
import replicationUser from '../../../rules/pglogical/replication-user.js';
import slotHealth, { RETAINED_WAL_WARNING_BYTES } from '../../../rules/pglogical/slot-health.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, sql, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const SUB_A = 'node_a:sub_node_a_node_b';
const SUB_B = 'node_b:sub_node_b_node_a';

/** node_b's slot, the one node_a's subscription streams from. */
const slotOfSubA = (change: (slot: { active: boolean; retainedBytes?: number; name: string; walStatus?: string }) => void) =>
  withOverrides(healthy, (s) => change(sql(s, 'node_b').slots![0]!));

ruleCases(slotHealth, [
  {
    name: 'exactly 1 GiB retained is still fine (the threshold is "more than")',
    snapshot: slotOfSubA((slot) => (slot.retainedBytes = RETAINED_WAL_WARNING_BYTES)),
    expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' },
  },
  {
    name: 'one byte over 1 GiB is a warning',
    snapshot: slotOfSubA((slot) => (slot.retainedBytes = RETAINED_WAL_WARNING_BYTES + 1)),
    expect: { [SUB_A]: { outcome: 'fail', severity: 'warning', message: [/retains 1024\.0 MiB of WAL/] }, [SUB_B]: 'pass' },
  },
  {
    name: 'a lost slot (wal_status lost) can never stream again: error, even while marked active',
    snapshot: slotOfSubA((slot) => Object.assign(slot, { active: true, walStatus: 'lost', retainedBytes: undefined })),
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        severity: 'error',
        message: [/is lost \(wal_status lost\)/],
        help: [/pglogical\.drop_subscription\('sub_node_a_node_b'\)/],
      },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'an unreserved slot is about to be lost: warning',
    snapshot: slotOfSubA((slot) => Object.assign(slot, { walStatus: 'unreserved' })),
    expect: { [SUB_A]: { outcome: 'fail', severity: 'warning', message: [/wal_status unreserved/] }, [SUB_B]: 'pass' },
  },
  {
    name: 'wal_status reserved or extended is healthy',
    snapshot: slotOfSubA((slot) => Object.assign(slot, { walStatus: 'extended' })),
    expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' },
  },
  {
    name: 'an inactive slot retaining nothing is still a warning',
    snapshot: slotOfSubA((slot) => Object.assign(slot, { active: false, retainedBytes: 0 })),
    expect: {
      [SUB_A]: { outcome: 'fail', severity: 'warning', message: [/no walsender uses it; it retains 0\.0 MiB of WAL/] },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'an inactive slot whose retained WAL is unknown says unknown, not 0',
    snapshot: slotOfSubA((slot) => Object.assign(slot, { active: false, retainedBytes: undefined })),
    expect: { [SUB_A]: { outcome: 'fail', severity: 'warning', message: [/retains an unknown amount of WAL/] }, [SUB_B]: 'pass' },
  },
  {
    name: 'an active slot whose retained WAL is unknown passes',
    snapshot: slotOfSubA((slot) => delete slot.retainedBytes),
    expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' },
  },
  {
    name: "another subscriber's slot on the provider is not this subscription's slot (no fallback to the first slot)",
    snapshot: slotOfSubA((slot) => (slot.name = 'pgl_appdb_node_b_sub_node_c_node_b')),
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        severity: 'error',
        message: [
          /needs slot pgl_appdb_node_b_sub_node_a_node_b on node_b, which does not exist there \(slots there: pgl_appdb_node_b_sub_node_c_node_b\)/,
        ],
      },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'a subscription without a slot name finds no slot',
    snapshot: withOverrides(healthy, (s) => delete sql(s, 'node_a').pglogical!.subscriptions[0]!.slotName),
    expect: { [SUB_A]: { outcome: 'fail', message: [/needs slot \? on node_b/] }, [SUB_B]: 'pass' },
  },
]);

/** node_a's pglogical_repl role (used by node_a's interface and node_b's subscription). */
const roleOnA = (change: { canLogin?: boolean; replication?: boolean; superuser?: boolean; memberOf?: string[] }) =>
  withOverrides(healthy, (s) => Object.assign(sql(s, 'node_a').roles![0]!, change));

ruleCases(replicationUser, [
  {
    name: 'a superuser without the REPLICATION attribute may replicate (superusers bypass it)',
    snapshot: roleOnA({ replication: false, superuser: true }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'neither superuser nor REPLICATION fails',
    snapshot: roleOnA({ replication: false, superuser: false }),
    expect: { node_a: { outcome: 'fail', severity: 'error', message: [/lacks REPLICATION$/] }, node_b: 'pass' },
  },
  {
    name: 'a superuser still needs LOGIN',
    snapshot: roleOnA({ canLogin: false, replication: false, superuser: true }),
    expect: { node_a: { outcome: 'fail', message: [/lacks LOGIN$/], help: [/ALTER ROLE pglogical_repl LOGIN;/] }, node_b: 'pass' },
  },
  {
    name: 'LOGIN and REPLICATION both missing are both named',
    snapshot: roleOnA({ canLogin: false, replication: false }),
    expect: { node_a: { outcome: 'fail', message: [/lacks LOGIN REPLICATION$/] }, node_b: 'pass' },
  },
  {
    name: 'without an administratorLogin in ARM no role is taken for the admin',
    snapshot: withOverrides(healthy, (s) => delete server(s, 'node_a').administratorLogin),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'outside Azure azure_pg_admin is not required',
    snapshot: withOverrides(healthy, (s) => {
      for (const n of s.topology.nodes) delete n.server;
      delete s.nodes.node_a!.azure;
      sql(s, 'node_a').roles![0]!.memberOf = [];
    }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'no pglogical DSN leads to a node: skipped',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').pglogical!.nodeInterfaces = [];
      sql(s, 'node_b').pglogical!.subscriptions = [];
    }),
    expect: { node_a: 'skip', node_b: 'pass' },
  },
]);
