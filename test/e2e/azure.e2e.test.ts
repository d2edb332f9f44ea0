// End to end: the built CLI, the real Azure SDK clients, a local HTTPS Resource Manager on 127.0.0.1
// (reached through azure.endpoint with credential: token) and a local DNS server for dns.servers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { type Fault } from '../helpers/arm-server.js';
import { live, TOKEN, withoutSql } from '../helpers/live-arm.js';
import { NETWORK_VARIANTS } from '../fixture-variants.js';
import { loadFixture, withOverrides } from '../helpers/snapshots.js';

const comparable = (results: { ruleId: string; target: string; outcome: string; severity: string; message: string }[]) =>
  results.map((r) => `${r.ruleId}|${r.target}|${r.outcome}|${r.severity}|${r.message}`);

async function assertSameAsFixture(name: string, fixture: Snapshot): Promise<void> {
  const env = await live(fixture);
  try {
    const run = await env.run(['check', '--format', 'json', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    const liveResults = JSON.parse(run.stdout).results;
    const offline = evaluate(withoutSql(fixture), RULES);
    assert.deepEqual(comparable(liveResults), comparable(offline), `${name}: live and offline results differ`);
    // Every request is a read, carries the token, and no resource (URL) is read twice.
    assert.deepEqual([...new Set(env.arm.requests.map((r) => r.method))], ['GET']);
    assert.ok(env.arm.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
    const urls = env.arm.requests.map(
      (r) => `${r.path.toLowerCase()}${new URL(`https://x${r.query}`).searchParams.get('$skiptoken') ?? ''}`,
    );
    assert.equal(new Set(urls).size, urls.length, `a resource was read twice: ${urls.join('\n')}`);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(TOKEN));
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
}

const healthy = loadFixture('healthy-two-node.json');

test('healthy two-node scenario: live results equal the fixture results, each resource read once', async () => {
  await assertSameAsFixture('healthy-two-node', healthy);
});

test('three-node scenario: live results equal the fixture results', async () => {
  await assertSameAsFixture('healthy-three-node', loadFixture('healthy-three-node.json'));
});

for (const variant of NETWORK_VARIANTS) {
  test(`broken scenario ${variant.name}: live results equal the fixture results`, async () => {
    await assertSameAsFixture(variant.name, withOverrides(healthy, variant.mutate));
  });
}

test('the request count equals the number of distinct resources read (two nodes sharing a zone)', async () => {
  const env = await live(healthy, { parameterPageSize: 1000 });
  try {
    assert.equal((await env.run(['check', '--fail-on', 'never'])).status, 0);
    const paths = env.arm.requests.map((r) => r.path.toLowerCase());
    // Per server: server, parameters, firewall rules, replicas, databases (5 x 2); VNETs (2); NSGs (2); route table (1);
    // the shared zone, its links (2 pages of 1) and its A records (1 + 2 + 1).
    assert.equal(new Set(paths).size, 5 * 2 + 2 + 2 + 1 + 3);
    assert.equal(paths.length, new Set(paths).size + 1, 'only the second page of links repeats a path');
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});

const SUB = '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff';
const PATHS = {
  nsgB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.Network/networkSecurityGroups/nsg-pg-westus`,
  serverB: `${SUB}/resourceGroups/rg-pg-westus/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-app-b`,
  vnetA: `${SUB}/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/virtualNetworks/vnet-app-eastus`,
  zoneA: `${SUB}/resourceGroups/rg-pg-dns/providers/Microsoft.Network/privateDnsZones/pg-app.private.postgres.database.azure.com/A`,
};

async function withFaults(path: string, faults: Fault[], config: Parameters<typeof live>[1] = {}) {
  const env = await live(healthy, config);
  env.arm.faults.set(path.toLowerCase(), faults);
  const started = Date.now();
  const run = await env.run(['check', '--format', 'json', '--skip-rule', 'pglogical/*']);
  const seconds = (Date.now() - started) / 1000;
  await env.arm.close();
  await env.dns.close();
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  const results = run.stdout
    ? (JSON.parse(run.stdout).results as { ruleId: string; target: string; outcome: string; message: string }[])
    : [];
  return { run, results, seconds, requests: env.arm.requests.filter((r) => r.path.toLowerCase() === path.toLowerCase()).length };
}

test('403 on an NSG: the rules that need it report error naming the permission and the role; the rest still run; exit 1', async () => {
  const { run, results } = await withFaults(PATHS.nsgB, [
    { status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action' },
  ]);
  assert.equal(run.status, 1);
  const nsg = results.find((r) => r.ruleId === 'network/nsg-allows-5432' && r.target === 'node_a->node_b')!;
  assert.equal(nsg.outcome, 'error');
  assert.match(
    nsg.message,
    /could not check: NSG .*nsg-pg-westus: NSG nsg-pg-westus: access denied \(403 AuthorizationFailed\); the identity needs Microsoft\.Network\/networkSecurityGroups\/read, e\.g\. through the built-in Reader role/,
  );
  assert.equal(results.find((r) => r.ruleId === 'postgres/wal-level' && r.target === 'node_b')!.outcome, 'pass');
  assert.equal(results.find((r) => r.ruleId === 'dns/zone-linked' && r.target === 'node_a->node_b')!.outcome, 'error');
});

test('404 for a server named in the config: its rules report error naming the config entry; exit 1', async () => {
  const { run, results } = await withFaults(PATHS.serverB, [{ status: 404, code: 'ResourceNotFound', message: 'not found' }]);
  assert.equal(run.status, 1);
  const r = results.find((x) => x.ruleId === 'azure/vnet-integration' && x.target === 'node_b')!;
  assert.equal(r.outcome, 'error');
  assert.match(
    r.message,
    /flexible server pg-app-b does not exist \(404 ResourceNotFound\); it is named by the config \(nodes\[1\]\.server\)/,
  );
  assert.equal(results.find((x) => x.ruleId === 'azure/vnet-integration' && x.target === 'node_a')!.outcome, 'pass');
});

test('429 with Retry-After, then success: retried, same results as without the fault; exit 0', async () => {
  const { run, results, requests } = await withFaults(PATHS.vnetA, [
    { status: 429, code: 'TooManyRequests', headers: { 'retry-after': '1' } },
  ]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(requests, 2);
  assert.ok(results.every((r) => r.outcome === 'pass'));
});

test('500, then success: retried, same results; exit 0', async () => {
  const { run, results, requests } = await withFaults(PATHS.nsgB, [
    { status: 500, code: 'InternalServerError' },
    { status: 503, code: 'ServiceUnavailable' },
  ]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(requests, 3);
  assert.ok(results.every((r) => r.outcome === 'pass'));
});

test('a hanging response times out within the bound and becomes a could-not-check fact; exit 1', async () => {
  const { run, results, seconds } = await withFaults(PATHS.zoneA, [{ hang: true }, { hang: true }], { timeoutSeconds: 1, retries: 1 });
  assert.equal(run.status, 1);
  assert.ok(seconds < 15, `took ${seconds} s`);
  const r = results.find((x) => x.ruleId === 'dns/private-resolution' && x.target === 'node_a->node_b')!;
  assert.equal(r.outcome, 'error');
  assert.match(r.message, /A records of pg-app\.private\.postgres\.database\.azure\.com: no answer within 1 s \(azure\.timeoutSeconds\)/);
});

test('a malformed body becomes a could-not-check fact; exit 1', async () => {
  const { run, results } = await withFaults(PATHS.vnetA, [{ malformed: true }], { retries: 0 });
  assert.equal(run.status, 1);
  const r = results.find((x) => x.ruleId === 'network/vnet-peering' && x.target === 'node_a->node_b')!;
  assert.equal(r.outcome, 'error');
  assert.match(r.message, /virtual network vnet-app-eastus: Resource Manager sent a response that is not valid JSON/);
});

test('a rejected token (401) is a fact for every Azure read, and is not printed', async () => {
  const env = await live(healthy);
  try {
    const run = await env.run(['check', '--format', 'json'], { AZURE_ACCESS_TOKEN: 'wrong-token-8d7e6f' });
    assert.equal(run.status, 1);
    const r = JSON.parse(run.stdout).results.find(
      (x: { ruleId: string; target: string }) => x.ruleId === 'azure/vnet-integration' && x.target === 'node_a',
    );
    assert.match(r.message, /the token was rejected \(401 InvalidAuthenticationToken\)/);
    assert.doesNotMatch(run.stdout + run.stderr, /wrong-token-8d7e6f/);
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});

test('credential: token without $AZURE_ACCESS_TOKEN is unusable input: exit 2, one line', async () => {
  const env = await live(healthy);
  try {
    const run = await env.run(['check'], { AZURE_ACCESS_TOKEN: '' });
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim(), 'pgl-preflight: azure.credential is "token" but $AZURE_ACCESS_TOKEN is empty');
    assert.equal(env.arm.requests.length, 0);
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});

test('collect writes a snapshot that check --snapshot replays to identical results; --save-snapshot keeps the same facts', async () => {
  const env = await live(healthy);
  try {
    const collect = await env.run(['collect', '--output', 'snap.json']);
    assert.equal(collect.status, 0, collect.stderr);
    // 16 before each server's database list (Databases_ListByServer) was read.
    assert.match(collect.stderr, /^pgl-preflight: azure: 18 resources read in [\d.]+ s\npgl-preflight: dns: 2 names resolved\n$/);
    const text = readFileSync(join(env.dir, 'snap.json'), 'utf8');
    assert.doesNotMatch(text, new RegExp(TOKEN));
    const replay = await env.run(['check', '--snapshot', 'snap.json', '--format', 'json']);
    const again = await env.run(['check', '--format', 'json', '--save-snapshot', 'saved.json']);
    assert.deepEqual(JSON.parse(replay.stdout).results, JSON.parse(again.stdout).results);
    const saved = JSON.parse(readFileSync(join(env.dir, 'saved.json'), 'utf8'));
    const first = JSON.parse(text);
    assert.deepEqual({ ...saved, collectedAt: '' }, { ...first, collectedAt: '' });
    assert.deepEqual(first.nodes.node_a.azure.databases, { ok: true, data: ['appdb', 'azure_maintenance', 'azure_sys', 'postgres'] });
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});

test('reads run concurrently up to azure.concurrency, and no further', async () => {
  for (const [concurrency, expectAtMost, expectAtLeast] of [
    [2, 2, 2],
    [6, 6, 4],
  ] as const) {
    const env = await live(healthy, { concurrency });
    env.arm.latencyMs = 150;
    try {
      const run = await env.run(['check', '--fail-on', 'never']);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(env.arm.maxInFlight <= expectAtMost, `concurrency ${concurrency}: ${env.arm.maxInFlight} in flight`);
      assert.ok(env.arm.maxInFlight >= expectAtLeast, `concurrency ${concurrency}: only ${env.arm.maxInFlight} in flight`);
    } finally {
      await env.arm.close();
      await env.dns.close();
    }
  }
});
