// Integration: faults injected one at a time into a real bidirectional pglogical pair (PostgreSQL 15,
// loopback ports), each of which the tool must name with the expected rule. A downed subscription
// must be traced to the injected cause. The server log of the affected node confirms that the fault
// is what PostgreSQL or pglogical actually tripped on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMesh, findings, type JsonResult } from '../helpers/pg-check.js';
import { hasOutputPluginLibraries, type PgCluster } from '../helpers/pg-cluster.js';
import { startMesh, subscriptionStatuses, type Mesh, type MeshOptions } from '../helpers/pg-mesh.js';

const SUB_A = 'node_a:sub_node_a_node_b';
const SUB_B = 'node_b:sub_node_b_node_a';

interface Fault {
  name: string;
  mesh?: MeshOptions;
  inject(m: Mesh, a: PgCluster, b: PgCluster): Promise<void>;
  /** Subscription states the fault leads to, waited for before the check (both replicating if absent). */
  statuses?: { a: string; b: string };
  /** Every result that is not a pass, as "ruleId target": nothing more, nothing less. */
  expect: string[];
  /** The finding that names the fault, and what its message must say. */
  named: { ruleId: string; target: string; message: RegExp };
  /** For a downed subscription: the root cause subscription-status must give. */
  rootCause?: { target: string; cause: RegExp };
  /** A line the node's server log must hold once the fault has struck. */
  serverLog?: { node: 'a' | 'b'; line: RegExp };
  /** More to check on the faulty mesh. */
  also?(m: Mesh): Promise<void>;
  skip?: string | false;
}

async function restartWith(node: PgCluster, setting: string, value: string): Promise<void> {
  await node.sql(`ALTER SYSTEM SET ${setting} = ${value}`, [], 'postgres');
  node.restart();
}

/**
 * Stops the subscription's apply worker, runs `meanwhile`, and starts the worker again. A worker that
 * dies on its own is restarted whenever pglogical's manager next wakes, which can take minutes; this
 * way the next connection attempt happens now.
 */
async function withSubscriptionStopped(subscriber: PgCluster, subscription: string, meanwhile: () => Promise<void>): Promise<void> {
  await subscriber.sql('SELECT pglogical.alter_subscription_disable($1, immediate := true)', [subscription]);
  await meanwhile();
  await subscriber.sql('SELECT pglogical.alter_subscription_enable($1, immediate := true)', [subscription]);
}

/** The subscriber's slot on its provider, dropped while nothing streams from it. */
async function dropProviderSlot(subscriber: PgCluster, provider: PgCluster): Promise<void> {
  const { sub_name: name, sub_slot_name: slot } = (await subscriber.sql('SELECT sub_name, sub_slot_name FROM pglogical.subscription'))
    .rows[0] as { sub_name: string; sub_slot_name: string };
  await withSubscriptionStopped(subscriber, name, async () => {
    // The walsender leaves shortly after the apply worker: wait until the slot is free to drop.
    for (let attempt = 0; ; attempt++) {
      try {
        await provider.sql('SELECT pg_drop_replication_slot($1)', [slot]);
        return;
      } catch (err) {
        if (attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
}

const FAULTS: Fault[] = [
  {
    name: 'max_worker_processes too low on node_b',
    inject: (_m, _a, b) => restartWith(b, 'max_worker_processes', '3'),
    statuses: { a: 'replicating', b: 'down' },
    expect: ['pglogical/slot-health ' + SUB_B, 'pglogical/subscription-status ' + SUB_B, 'postgres/worker-budget node_b'],
    named: { ruleId: 'postgres/worker-budget', target: 'node_b', message: /max_worker_processes on node_b is 3 but pglogical needs \d+/ },
    rootCause: { target: SUB_B, cause: /worker budget exhausted \(postgres\/worker-budget/ },
    serverLog: { node: 'b', line: /worker registration failed, you might want to increase max_worker_processes/ },
  },
  {
    name: 'pglogical_output not in output_plugin_libraries on node_a (the non-superuser replication role is refused)',
    skip: !hasOutputPluginLibraries() && 'this PostgreSQL minor release has no output_plugin_libraries',
    async inject(m, a, b) {
      // A running walsender keeps the plugin it loaded: the refusal strikes when the subscriber reconnects.
      await withSubscriptionStopped(b, 'sub_node_b_node_a', async () => {
        await a.sql("ALTER SYSTEM SET output_plugin_libraries = 'pgoutput', 'test_decoding'", [], 'postgres');
        await a.sql('SELECT pg_reload_conf()', [], 'postgres');
        await m.waitFor(
          async () => !String((await a.sql('SHOW output_plugin_libraries')).rows[0].output_plugin_libraries).includes('pglogical_output'),
          'the reload',
        );
      });
    },
    statuses: { a: 'replicating', b: 'down' },
    expect: ['pglogical/slot-health ' + SUB_B, 'pglogical/subscription-status ' + SUB_B, 'postgres/output-plugin-allowed node_a'],
    named: { ruleId: 'postgres/output-plugin-allowed', target: 'node_a', message: /does not list pglogical_output/ },
    rootCause: { target: SUB_B, cause: /output plugin refused by the provider/ },
    serverLog: { node: 'a', line: /library "pglogical_output" may not be used as an output plugin/ },
  },
  {
    name: 'track_commit_timestamp off on node_a while the configuration asks for last_update_wins',
    inject: (_m, a) => restartWith(a, 'track_commit_timestamp', 'off'),
    expect: ['pglogical/conflict-resolution node_a', 'pglogical/conflict-resolution node_b', 'postgres/track-commit-timestamp node_a'],
    // The replication role cannot read pg_file_settings: the peer's mode shows what node_a was meant to run.
    named: {
      ruleId: 'postgres/track-commit-timestamp',
      target: 'node_a',
      message: /resolves conflicts with apply_remote while node_b uses last_update_wins/,
    },
    serverLog: { node: 'a', line: /invalid value for parameter "pglogical.conflict_resolution": "last_update_wins"/ },
    async also(m) {
      // A superuser session reads the refused value itself.
      const { results } = await checkMesh(m, 'superuser');
      const tct = results.find((r) => r.ruleId === 'postgres/track-commit-timestamp' && r.target === 'node_a')!;
      assert.match(
        tct.message,
        /track_commit_timestamp is off on node_a, so the server refused pglogical.conflict_resolution = last_update_wins/,
      );
      assert.deepEqual(tct.evidence.configuredButRefused, 'last_update_wins');
    },
  },
  {
    name: 'a subscription created with the default forward_origins',
    async inject(_m, a, b) {
      await a.sql("SELECT pglogical.drop_subscription('sub_node_a_node_b')");
      await a.sql(
        "SELECT pglogical.create_subscription(subscription_name := 'sub_node_a_node_b', provider_dsn := $1, synchronize_data := false)",
        [b.replDsn],
      );
    },
    expect: ['pglogical/forward-origins ' + SUB_A],
    named: { ruleId: 'pglogical/forward-origins', target: SUB_A, message: /forwards origins '\{all\}'/ },
  },
  {
    name: 'a table in the default set that lost its primary key',
    async inject(_m, a, b) {
      for (const n of [a, b]) {
        await n.sql(`CREATE TABLE public.audit_log (id bigint PRIMARY KEY, note text);
          SELECT pglogical.replication_set_add_table('default', 'public.audit_log');
          ALTER TABLE public.audit_log DROP CONSTRAINT audit_log_pkey;`);
      }
    },
    expect: ['pglogical/primary-keys node_a:public.audit_log', 'pglogical/primary-keys node_b:public.audit_log'],
    named: {
      ruleId: 'pglogical/primary-keys',
      target: 'node_a:public.audit_log',
      message: /in set default, which replicates UPDATE\/DELETE, but has no primary key/,
    },
  },
  {
    name: "node_a's slot on its provider node_b dropped",
    inject: (_m, a, b) => dropProviderSlot(a, b),
    statuses: { a: 'down', b: 'replicating' },
    expect: ['pglogical/slot-health ' + SUB_A, 'pglogical/subscription-status ' + SUB_A],
    named: {
      ruleId: 'pglogical/slot-health',
      target: SUB_A,
      message: /needs slot pgl_appdb_node_b_\w+ on node_b, which does not exist there/,
    },
    rootCause: { target: SUB_A, cause: /provider slot missing \(pglogical\/slot-health/ },
    serverLog: { node: 'b', line: /replication slot "pgl_appdb_node_b_\w+" does not exist/ },
  },
  {
    name: 'a disabled subscription',
    inject: (_m, a) => a.sql("SELECT pglogical.alter_subscription_disable('sub_node_a_node_b')").then(() => undefined),
    statuses: { a: 'disabled', b: 'replicating' },
    expect: ['pglogical/bidirectional-mesh node_a->node_b', 'pglogical/slot-health ' + SUB_A, 'pglogical/subscription-status ' + SUB_A],
    named: { ruleId: 'pglogical/subscription-status', target: SUB_A, message: /subscription sub_node_a_node_b to node_b is disabled/ },
  },
  {
    name: 'tables keyed by the same sequence on both nodes',
    async inject(_m, a, b) {
      for (const n of [a, b]) {
        await n.sql(
          "CREATE TABLE public.invoices (id bigserial PRIMARY KEY, total numeric NOT NULL); SELECT pglogical.replication_set_add_table('default', 'public.invoices');",
        );
      }
    },
    expect: ['pglogical/sequence-collision node_a:public.invoices', 'pglogical/sequence-collision node_b:public.invoices'],
    named: {
      ruleId: 'pglogical/sequence-collision',
      target: 'node_a:public.invoices',
      message: /public.invoices_id_seq \(start 1, increment 1\).*both produce the same keys/,
    },
  },
  {
    name: 'a column added on node_a only',
    inject: (_m, a) => a.sql('ALTER TABLE public.customers ADD COLUMN tier text').then(() => undefined),
    expect: ['pglogical/schema-drift node_a:public.customers', 'pglogical/schema-drift node_b:public.customers'],
    named: { ruleId: 'pglogical/schema-drift', target: 'node_a:public.customers', message: /column tier missing there/ },
  },
  {
    name: 'wal_level=replica on node_b (a node built without logical decoding)',
    // A server holding logical slots refuses to start with wal_level=replica, so the node is built that way.
    mesh: { nodeSettings: { node_b: { wal_level: 'replica' } }, waitForReplication: false },
    inject: async () => undefined,
    statuses: { a: 'down', b: 'replicating' },
    expect: [
      'pglogical/slot-health ' + SUB_A,
      'pglogical/subscription-status ' + SUB_A,
      'pglogical/sync-status ' + SUB_A,
      'postgres/wal-level node_b',
    ],
    named: { ruleId: 'postgres/wal-level', target: 'node_b', message: /wal_level is "replica" on node_b/ },
    rootCause: { target: SUB_A, cause: /the provider cannot decode \(wal_level\) \(postgres\/wal-level/ },
    serverLog: { node: 'b', line: /logical decoding requires wal_level >= logical/ },
  },
];

/** The end of every node's server log, for a failure message. */
function logTails(mesh: Mesh): string {
  return mesh.nodes
    .map(
      (n) =>
        `--- ${n.name}\n${readFileSync(join(n.dataDir, 'server.log'), 'utf8')
          .split('\n')
          .slice(-25)
          .map((l) => l.slice(0, 240))
          .join('\n')}`,
    )
    .join('\n');
}

/** Subscription states as the tool saw them (subscription-status evidence), to tell a transient from the fault. */
function seenStatuses(results: readonly JsonResult[]): { a?: string; b?: string } {
  const status = (target: string) =>
    results.find((r) => r.ruleId === 'pglogical/subscription-status' && r.target === target)?.evidence.status as string | undefined;
  return { a: status(SUB_A), b: status(SUB_B) };
}

for (const fault of FAULTS) {
  test(`fault: ${fault.name} -> ${fault.named.ruleId}`, { skip: fault.skip || false }, async () => {
    const mesh = await startMesh(['node_a', 'node_b'], fault.mesh);
    try {
      const [a, b] = [mesh.byName('node_a'), mesh.byName('node_b')];
      const healthy = await checkMesh(mesh);
      if (fault.mesh?.waitForReplication !== false) assert.deepEqual(findings(healthy.results), [], 'the pair is healthy before the fault');
      await fault.inject(mesh, a, b);
      if (fault.serverLog) {
        const log = join((fault.serverLog.node === 'a' ? a : b).dataDir, 'server.log');
        const line = fault.serverLog.line;
        await mesh
          .waitFor(async () => line.test(readFileSync(log, 'utf8')), `the server log to show ${line}`)
          .catch((err: unknown) => {
            throw new Error(`${(err as Error).message}\n${logTails(mesh)}`);
          });
      }
      const want = fault.statuses ?? { a: 'replicating', b: 'replicating' };
      const reached = async () => {
        const [sa, sb] = [await subscriptionStatuses(a), await subscriptionStatuses(b)];
        return sa.sub_node_a_node_b === want.a && sb.sub_node_b_node_a === want.b;
      };
      // A subscription cut off by the fault (a restarted peer) reconnects when pglogical's manager next
      // wakes, usually within seconds; if it sleeps on, restart the subscription that should recover.
      if (
        !(await mesh.waitFor(reached, 'recovery', 20_000).then(
          () => true,
          () => false,
        ))
      ) {
        for (const [node, sub, expected] of [
          [a, 'sub_node_a_node_b', want.a],
          [b, 'sub_node_b_node_a', want.b],
        ] as const) {
          if (expected === 'replicating' && (await subscriptionStatuses(node))[sub] !== 'replicating')
            await withSubscriptionStopped(node, sub, async () => undefined);
        }
        await mesh.waitFor(reached, `subscriptions ${JSON.stringify(want)}`);
      }
      // A downed apply worker is restarted every few seconds and shows as replicating while it
      // retries: read again if the tool caught that moment.
      let check = await checkMesh(mesh);
      for (let i = 0; i < 3 && JSON.stringify(seenStatuses(check.results)) !== JSON.stringify(want); i++) {
        await new Promise((r) => setTimeout(r, 1000));
        check = await checkMesh(mesh);
      }
      assert.deepEqual(seenStatuses(check.results), want, 'the tool saw the subscription states the fault leads to');
      const gating = check.results.some((r) => r.outcome === 'fail' && r.severity === 'error');
      assert.equal(check.run.status, gating ? 1 : 0, 'an error finding fails the run, warnings do not');
      assert.deepEqual(findings(check.results), [...fault.expect].sort());
      const named = check.results.find((r) => r.ruleId === fault.named.ruleId && r.target === fault.named.target)!;
      assert.equal(named.outcome, 'fail');
      assert.match(named.message, fault.named.message);
      if (fault.rootCause) {
        const down = check.results.find((r) => r.ruleId === 'pglogical/subscription-status' && r.target === fault.rootCause!.target)!;
        assert.match(down.message, /is down; most likely cause: /);
        assert.match(down.message.split('most likely cause: ')[1]!, new RegExp(`^${fault.rootCause.cause.source}`));
      }
      await fault.also?.(mesh);
    } finally {
      mesh.stop();
    }
  });
}
