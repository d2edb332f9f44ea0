// Integration: the built CLI reads real PostgreSQL 15 + pglogical clusters (bidirectional, on
// loopback ports) through its own collector. No stub stands in for the database.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliAsync } from '../helpers/cli.js';
import { meshConfig, PG_ENV } from '../helpers/pg-check.js';
import { REPL_PASSWORD } from '../helpers/pg-cluster.js';
import { startMesh, type Mesh } from '../helpers/pg-mesh.js';
import type { Snapshot } from '../../src/snapshot/types.js';

let mesh: Mesh;

before(async () => {
  mesh = await startMesh(['node_a', 'node_b']);
});
after(() => mesh?.stop());

test('healthy two-node mesh: collected facts are real, and every postgres and pglogical rule passes', async () => {
  const dir = meshConfig(mesh);
  const collect = await cliAsync(['collect', '-o', 'snap.json'], { cwd: dir, env: PG_ENV });
  assert.equal(collect.status, 0, collect.stderr);
  const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as Snapshot;
  const a = snap.nodes.node_a!.postgres!;
  assert.ok(a.ok, JSON.stringify(a));
  assert.equal(a.data.settings.wal_level!.value, 'logical');
  assert.equal(a.data.pglogical!.localNode, 'node_a');
  assert.deepEqual(a.data.pglogical!.subscriptions.map((s) => [s.name, s.status, s.forwardOrigins]), [['sub_node_a_node_b', 'replicating', []]]);
  assert.ok(a.data.backgroundWorkers!.some((w) => w.backendType.startsWith('pglogical apply')));
  assert.ok(a.data.slots!.some((s) => s.plugin === 'pglogical_output' && s.active));
  assert.deepEqual(a.data.tables!.map((t) => `${t.schema}.${t.name}:${(t.primaryKey ?? []).join(',')}`), ['public.customers:id', 'public.orders:id']);
  const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/*', '--rule', 'pglogical/*'], { cwd: dir, env: PG_ENV });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const results = JSON.parse(run.stdout).results as { ruleId: string; target: string; outcome: string; message: string }[];
  assert.deepEqual(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId} ${r.target}: ${r.message}`), []);
  assert.match(results.find((r) => r.ruleId === 'postgres/wal-level')!.message, /\(sql\)/);
});

test('no password appears in any output, snapshot or error, though every pglogical DSN holds one', async () => {
  const dir = meshConfig(mesh);
  const collect = await cliAsync(['collect', '-o', 'snap.json'], { cwd: dir, env: PG_ENV });
  const check = await cliAsync(['check', '--format', 'json', '--output', 'junit=r.xml', '--output', 'text=r.txt'], { cwd: dir, env: PG_ENV });
  const texts = [collect.stdout, collect.stderr, check.stdout, check.stderr, ...['snap.json', 'r.xml', 'r.txt'].map((f) => readFileSync(join(dir, f), 'utf8'))];
  const dsns = (await mesh.nodes[0]!.sql('SELECT if_dsn FROM pglogical.node_interface')).rows as { if_dsn: string }[];
  assert.ok(dsns.every((d) => d.if_dsn.includes(REPL_PASSWORD)), 'the test plants the password in every DSN');
  for (const text of texts) assert.ok(!text.includes(REPL_PASSWORD), 'a password leaked');
  assert.match(readFileSync(join(dir, 'snap.json'), 'utf8'), /password=\*\*\*/);
});

test('a node that refuses connections, a rejected password, or no answer: error for that node, the other is still checked', async () => {
  const blackhole = await import('node:net').then(
    (net) =>
      new Promise<import('node:net').Server>((resolve) => {
        // Accepts TCP but never speaks: a server that never answers.
        const s = net.createServer(() => undefined);
        s.listen(0, '127.0.0.1', () => resolve(s));
      }),
  );
  const silentPort = (blackhole.address() as { port: number }).port;
  try {
    for (const [label, mutate, pattern] of [
      ['refused', (y: string) => y.replace(/port=\d+/, 'port=1'), /node_a \(127\.0\.0\.1:1\) refuses connections/],
      ['bad password', (y: string) => y, /password authentication failed for user "pglogical_repl"/],
      ['no answer', (y: string) => y.replace(/port=\d+/, `port=${silentPort}`), /no answer within 3 s/],
    ] as const) {
      const dir = meshConfig(mesh);
      const path = join(dir, 'pgl-preflight.yaml');
      const yaml = readFileSync(path, 'utf8');
      const nodeA = yaml.split('  - name: node_b')[0]!;
      const rest = yaml.slice(nodeA.length);
      writeFileSync(path, label === 'bad password' ? `${nodeA.replace('PGL_TEST_PASSWORD', 'PGL_WRONG_PASSWORD')}${rest}` : `${mutate(nodeA)}${rest}`);
      const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/wal-level'], { cwd: dir, env: { ...PG_ENV, PGL_WRONG_PASSWORD: 'not-the-password' } });
      assert.equal(run.status, 1, `${label}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
      const results = JSON.parse(run.stdout).results as { target: string; outcome: string; message: string }[];
      const a = results.find((r) => r.target === 'node_a')!;
      assert.equal(a.outcome, 'error', label);
      assert.match(a.message, pattern, label);
      assert.equal(results.find((r) => r.target === 'node_b')!.outcome, 'pass', label);
      assert.doesNotMatch(run.stdout + run.stderr, /not-the-password/);
    }
  } finally {
    blackhole.close();
  }
});
