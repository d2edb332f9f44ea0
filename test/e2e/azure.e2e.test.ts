// End to end: the built CLI, the real Azure SDK clients, a local HTTPS Resource Manager on 127.0.0.1
// (reached through azure.endpoint with credential: token) and a local DNS server for dns.servers.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { startArmServer, type ArmServer, type Fault } from '../helpers/arm-server.js';
import { scenarioFromSnapshot } from '../helpers/arm-scenario.js';
import { cliAsync, tempDir, type CliRun } from '../helpers/cli.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { NETWORK_VARIANTS } from '../fixture-variants.js';
import { loadFixture, withOverrides } from '../helpers/snapshots.js';

const TOKEN = 'test-arm-token-3c9f7d1e5b';

interface Live {
  arm: ArmServer;
  dns: DnsServer;
  dir: string;
  run(args: string[], extra?: Record<string, string | undefined>): Promise<CliRun>;
}

/** The facts a live ARM run collects: the fixture without its SQL slices (no PostgreSQL here). */
function withoutSql(snapshot: Snapshot): Snapshot {
  return withOverrides(snapshot, (s) => {
    for (const facts of Object.values(s.nodes)) delete facts.postgres;
  });
}

async function live(snapshot: Snapshot, config: { timeoutSeconds?: number; retries?: number; parameterPageSize?: number } = {}): Promise<Live> {
  const arm = await startArmServer(scenarioFromSnapshot(snapshot, { parameterPageSize: config.parameterPageSize ?? 5 }), TOKEN);
  const answers = Object.fromEntries(Object.entries(snapshot.dns?.answers ?? {}).flatMap(([fqdn, a]) => (a.ok ? [[fqdn, a.data.addresses]] : [])));
  const dns = await startDnsServer(answers);
  const dir = tempDir();
  const yaml = [
    `database: ${snapshot.topology.database}`,
    'azure:',
    `  endpoint: ${arm.url}`,
    '  credential: token',
    `  timeoutSeconds: ${config.timeoutSeconds ?? 10}`,
    `  retries: ${config.retries ?? 3}`,
    // Live resolution only where the fixture recorded answers, so both runs hold the same facts.
    ...(snapshot.dns ? ['dns:', '  resolve: true', `  servers: ["${dns.address}"]`, '  timeoutSeconds: 2'] : []),
    'nodes:',
    ...snapshot.topology.nodes.flatMap((n) => [`  - name: ${n.name}`, `    server: ${n.server}`]),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'pgl-preflight.yaml'), yaml);
  return {
    arm,
    dns,
    dir,
    run: (args, extra = {}) =>
      cliAsync(args, {
        cwd: dir,
        env: { AZURE_ACCESS_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: arm.caFile, HTTPS_PROXY: undefined, HTTP_PROXY: undefined, https_proxy: undefined, http_proxy: undefined, NO_PROXY: '127.0.0.1', ...extra },
      }),
  };
}

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
    const urls = env.arm.requests.map((r) => `${r.path.toLowerCase()}${new URL(`https://x${r.query}`).searchParams.get('$skiptoken') ?? ''}`);
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
    // Per server: server, parameters, firewall rules, replicas (4 x 2); VNETs (2); NSGs (2); route table (1);
    // the shared zone, its links (2 pages of 1) and its A records (1 + 2 + 1).
    assert.equal(new Set(paths).size, 4 * 2 + 2 + 2 + 1 + 3);
    assert.equal(paths.length, new Set(paths).size + 1, 'only the second page of links repeats a path');
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});
