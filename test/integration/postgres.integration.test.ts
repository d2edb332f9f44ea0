// Integration: the built CLI reads real PostgreSQL 15 + pglogical clusters (bidirectional, on
// loopback ports) through its own collector. No stub stands in for the database.
import assert from 'node:assert/strict';
import { chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliAsync, tempDir } from '../helpers/cli.js';
import { checkMesh, findings, meshConfig, PG_ENV } from '../helpers/pg-check.js';
import { testCertificate } from '../helpers/arm-server.js';
import { selfSignedCertificate } from '../helpers/certificate.js';
import { REPL_PASSWORD } from '../helpers/pg-cluster.js';
import { startMesh, subscriptionStatuses, type Mesh } from '../helpers/pg-mesh.js';
import pg from 'pg';
import { clientConfig } from '../../src/collect/postgres/connect.js';
import { readPostgresFacts } from '../../src/collect/postgres/collect.js';
import type { Snapshot } from '../../src/snapshot/types.js';

let mesh: Mesh;

before(async () => {
  mesh = await startMesh(['node_a', 'node_b']);
});
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when before() failed
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
  assert.deepEqual(
    a.data.pglogical!.subscriptions.map((s) => [s.name, s.status, s.forwardOrigins]),
    [['sub_node_a_node_b', 'replicating', []]],
  );
  assert.ok(a.data.backgroundWorkers!.some((w) => w.backendType.startsWith('pglogical apply')));
  assert.ok(a.data.slots!.some((s) => s.plugin === 'pglogical_output' && s.active));
  assert.deepEqual(
    a.data.tables!.map((t) => `${t.schema}.${t.name}:${(t.primaryKey ?? []).join(',')}`),
    ['public.customers:id', 'public.orders:id'],
  );
  assert.deepEqual(
    a.data.roles!.find((r) => r.name === 'pglogical_repl'),
    { name: 'pglogical_repl', canLogin: true, replication: true, superuser: false, memberOf: ['pg_monitor'] },
  );
  // The snapshot is valid input for an offline run (a support engineer's replay).
  const replay = await cliAsync(['check', '--snapshot', 'snap.json', '--rule', 'pglogical/*'], { cwd: dir });
  assert.equal(replay.status, 0, replay.stdout + replay.stderr);
  const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/*', '--rule', 'pglogical/*'], { cwd: dir, env: PG_ENV });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const results = JSON.parse(run.stdout).results as { ruleId: string; target: string; outcome: string; message: string }[];
  assert.deepEqual(
    results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId} ${r.target}: ${r.message}`),
    [],
  );
  assert.match(results.find((r) => r.ruleId === 'postgres/wal-level')!.message, /\(sql\)/);
});

test('healthy three-node mesh: six subscriptions replicate and every postgres and pglogical rule passes', async () => {
  const three = await startMesh(['node_a', 'node_b', 'node_c']);
  try {
    const { run, results } = await checkMesh(three);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.deepEqual(findings(results), []);
    const subs = results.filter((r) => r.ruleId === 'pglogical/subscription-status').map((r) => r.target);
    assert.deepEqual(subs.sort(), [
      'node_a:sub_node_a_node_b',
      'node_a:sub_node_a_node_c',
      'node_b:sub_node_b_node_a',
      'node_b:sub_node_b_node_c',
      'node_c:sub_node_c_node_a',
      'node_c:sub_node_c_node_b',
    ]);
    // Every ordered pair is checked for its subscription, and three nodes need forward_origins '{}' on all six.
    assert.equal(results.filter((r) => r.ruleId === 'pglogical/bidirectional-mesh').length, 6);
    assert.equal(results.filter((r) => r.ruleId === 'pglogical/forward-origins' && r.outcome === 'pass').length, 6);

    // One subscription of the three-node mesh recreated with the default forward_origins: a loop.
    const c = three.byName('node_c');
    await c.sql("SELECT pglogical.drop_subscription('sub_node_c_node_a')");
    await c.sql(
      "SELECT pglogical.create_subscription(subscription_name := 'sub_node_c_node_a', provider_dsn := $1, synchronize_data := false)",
      [three.byName('node_a').replDsn],
    );
    await three.waitFor(
      async () => (await subscriptionStatuses(c)).sub_node_c_node_a === 'replicating',
      'the new subscription to replicate',
    );
    const looped = await checkMesh(three);
    assert.deepEqual(findings(looped.results), ['pglogical/forward-origins node_c:sub_node_c_node_a']);
  } finally {
    three.stop();
  }
});

test('auth: entra: the token from the Azure credential is the password; never printed; a wrong or missing one is reported', async () => {
  // A JWT-shaped token stands for the Entra access token: the server checks it as the role's password.
  const token = `eyJ0eXAiOiJKV1QifQ.${Buffer.from('{"aud":"https://ossrdbms-aad.database.windows.net"}').toString('base64url')}.c2lnbmF0dXJl`;
  for (const n of mesh.nodes) await n.sql(`CREATE ROLE "entra-app@contoso" LOGIN PASSWORD '${token}' IN ROLE pg_monitor`, [], 'postgres');
  const dir = tempDir();
  const nodes = mesh.nodes.flatMap((n) => [
    `  - name: ${n.name}`,
    `    connection: "host=127.0.0.1 port=${n.port} dbname=appdb user=entra-app@contoso sslmode=disable"`,
    '    auth: entra',
  ]);
  const writeConfig = (credential: string) =>
    writeFileSync(
      join(dir, 'pgl-preflight.yaml'),
      ['database: appdb', 'azure:', `  credential: ${credential}`, 'nodes:', ...nodes, ''].join('\n'),
    );
  const run = (env: Record<string, string | undefined>) =>
    cliAsync(['check', '--format', 'json', '--rule', 'postgres/wal-level'], { cwd: dir, env: { PGPASSWORD: undefined, ...env } });
  try {
    writeConfig('token');
    // Without read access to the pglogical catalogs the node is an error that says which grants are missing.
    const denied = await run({ AZURE_POSTGRESQL_ACCESS_TOKEN: token });
    assert.equal(denied.status, 1);
    assert.match(
      JSON.parse(denied.stdout).results[0].message,
      /permission denied for schema pglogical; the role needs: GRANT USAGE ON SCHEMA pglogical TO "entra-app@contoso"/,
    );
    for (const n of mesh.nodes) {
      await n.sql(
        'GRANT USAGE ON SCHEMA pglogical TO "entra-app@contoso"; GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO "entra-app@contoso"',
      );
      // The view alone, without EXECUTE on the function behind it: the collector must not try to read it.
      await n.sql('GRANT SELECT ON pg_catalog.pg_file_settings TO "entra-app@contoso"');
    }

    const ok = await run({ AZURE_POSTGRESQL_ACCESS_TOKEN: token, AZURE_ACCESS_TOKEN: 'an-arm-token-of-another-audience' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.deepEqual(
      (JSON.parse(ok.stdout).results as { outcome: string }[]).map((r) => r.outcome),
      ['pass', 'pass'],
    );
    assert.ok(!(ok.stdout + ok.stderr).includes(token));

    // No sslmode means libpq's prefer: TLS first. These servers have no TLS, and an Entra token never
    // travels in plain text, so the node is an error instead of a silent plain-text session.
    writeFileSync(
      join(dir, 'pgl-preflight.yaml'),
      readFileSync(join(dir, 'pgl-preflight.yaml'), 'utf8').replaceAll(' sslmode=disable', ''),
    );
    const plain = await run({ AZURE_POSTGRESQL_ACCESS_TOKEN: token });
    assert.equal(plain.status, 1);
    for (const r of JSON.parse(plain.stdout).results as { outcome: string; message: string }[]) {
      assert.equal(r.outcome, 'error');
      assert.match(r.message, /the server does not accept TLS; Azure Database for PostgreSQL requires it/);
    }
    assert.ok(!(plain.stdout + plain.stderr).includes(token));
    writeConfig('token');

    const wrong = await run({ AZURE_POSTGRESQL_ACCESS_TOKEN: `${token}x` });
    assert.equal(wrong.status, 1);
    for (const r of JSON.parse(wrong.stdout).results as { outcome: string; message: string }[]) {
      assert.equal(r.outcome, 'error');
      assert.match(r.message, /password authentication failed for user "entra-app@contoso"/);
    }
    assert.ok(!(wrong.stdout + wrong.stderr).includes(token));

    const missing = await run({ AZURE_POSTGRESQL_ACCESS_TOKEN: undefined });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /auth: entra with azure\.credential "token" needs \$AZURE_POSTGRESQL_ACCESS_TOKEN/);

    // A credential that cannot produce a token: an error for each node, naming the credential, no crash.
    writeConfig('environment');
    const none = await run({
      AZURE_TENANT_ID: undefined,
      AZURE_CLIENT_ID: undefined,
      AZURE_CLIENT_SECRET: undefined,
      AZURE_CLIENT_CERTIFICATE_PATH: undefined,
      AZURE_USERNAME: undefined,
    });
    assert.equal(none.status, 1, none.stderr);
    assert.doesNotMatch(none.stderr, /\n\s+at /);
    for (const r of JSON.parse(none.stdout).results as { outcome: string; message: string }[]) {
      assert.equal(r.outcome, 'error');
      assert.match(r.message, /no Microsoft Entra token for Azure Database for PostgreSQL from azure\.credential environment/);
    }
  } finally {
    for (const n of mesh.nodes) {
      await n.sql('REVOKE SELECT ON pg_catalog.pg_file_settings FROM "entra-app@contoso"');
      await n.sql('DROP OWNED BY "entra-app@contoso"');
      await n.sql('DROP ROLE "entra-app@contoso"', [], 'postgres');
    }
  }
});

test('no sslmode with a password: a server without TLS is still read, in plain text as libpq prefer does', async () => {
  const dir = tempDir();
  const nodes = mesh.nodes.flatMap((n) => [
    `  - name: ${n.name}`,
    `    connection: "host=127.0.0.1 port=${n.port} dbname=appdb user=pglogical_repl"`,
    '    passwordEnv: PGL_TEST_PASSWORD',
  ]);
  writeFileSync(join(dir, 'pgl-preflight.yaml'), ['database: appdb', 'nodes:', ...nodes, ''].join('\n'));
  const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/wal-level'], { cwd: dir, env: PG_ENV });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.deepEqual(
    (JSON.parse(run.stdout).results as { outcome: string }[]).map((r) => r.outcome),
    ['pass', 'pass'],
  );
});

test('the password from PGPASSWORD or ~/.pgpass when no passwordEnv is configured', async () => {
  const dir = tempDir();
  const nodes = mesh.nodes.flatMap((n) => [
    `  - name: ${n.name}`,
    `    connection: "host=127.0.0.1 port=${n.port} dbname=appdb user=pglogical_repl sslmode=disable"`,
  ]);
  writeFileSync(join(dir, 'pgl-preflight.yaml'), ['database: appdb', 'nodes:', ...nodes, ''].join('\n'));
  const outcomes = async (env: Record<string, string | undefined>) => {
    const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/wal-level'], {
      cwd: dir,
      env: { PGPASSWORD: undefined, PGPASSFILE: undefined, ...env },
    });
    return (JSON.parse(run.stdout).results as { outcome: string; message: string }[]).map(
      (r) => `${r.outcome}${r.outcome === 'error' ? `: ${r.message}` : ''}`,
    );
  };
  assert.deepEqual(await outcomes({ PGPASSWORD: REPL_PASSWORD }), ['pass', 'pass']);
  const home = tempDir();
  writeFileSync(
    join(home, '.pgpass'),
    `${mesh.nodes.map((n) => `127.0.0.1:${n.port}:appdb:pglogical_repl:${REPL_PASSWORD}`).join('\n')}\n`,
    { mode: 0o600 },
  );
  assert.deepEqual(await outcomes({ HOME: home }), ['pass', 'pass']);
  // Neither: the server asks for a password that is not there.
  const empty = await outcomes({ HOME: tempDir() });
  assert.equal(empty.length, 2);
  for (const o of empty)
    assert.match(
      o,
      /^error: .*: the server asks for a password and none was given \(set the node's passwordEnv, PGPASSWORD or ~\/\.pgpass\)$/,
    );
});

test('TLS as the DSN says: verify-full with sslrootcert, require, and failures named in one line', async () => {
  const node = mesh.nodes[0]!;
  const { cert, key, caFile } = testCertificate();
  // The server's certificate and key, owned by the server's user as PostgreSQL insists.
  for (const [name, body] of [
    ['server.crt', cert],
    ['server.key', key],
  ] as const) {
    const path = join(node.dataDir, name);
    writeFileSync(path, body, { mode: 0o600 });
    if (process.getuid?.() === 0) chownSync(path, statSync(node.dataDir).uid, statSync(node.dataDir).gid);
  }
  const hba = join(node.dataDir, 'pg_hba.conf');
  const original = readFileSync(hba, 'utf8');
  // tls_reader may only come in over TLS: a pass proves the session was encrypted.
  writeFileSync(hba, `hostnossl appdb tls_reader 127.0.0.1/32 reject\nhostssl appdb tls_reader 127.0.0.1/32 scram-sha-256\n${original}`);
  await node.sql(`CREATE ROLE tls_reader LOGIN PASSWORD '${REPL_PASSWORD}' IN ROLE pg_monitor`, [], 'postgres');
  await node.sql('GRANT USAGE ON SCHEMA pglogical TO tls_reader; GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO tls_reader');
  await node.sql('ALTER SYSTEM SET ssl = on', [], 'postgres');
  await node.sql('SELECT pg_reload_conf()', [], 'postgres');
  await mesh.waitFor(async () => (await node.sql('SHOW ssl')).rows[0].ssl === 'on', 'TLS to be on');
  const otherCa = join(tempDir(), 'other-ca.pem');
  selfSignedCertificate({ keyFile: `${otherCa}.key`, certFile: otherCa, subject: '/CN=other', days: 1 });
  const check = async (params: string) => {
    const dir = tempDir();
    const yaml = [
      'database: appdb',
      'nodes:',
      `  - name: node_a`,
      `    connection: "host=127.0.0.1 port=${node.port} dbname=appdb user=tls_reader ${params}"`,
      '    passwordEnv: PGL_TEST_PASSWORD',
      `  - name: node_b`,
      `    connection: "host=127.0.0.1 port=${mesh.nodes[1]!.port} dbname=appdb user=pglogical_repl sslmode=disable"`,
      '    passwordEnv: PGL_TEST_PASSWORD',
      '',
    ];
    writeFileSync(join(dir, 'pgl-preflight.yaml'), yaml.join('\n'));
    const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/wal-level'], { cwd: dir, env: PG_ENV });
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    const a = (JSON.parse(run.stdout).results as { target: string; outcome: string; message: string }[]).find(
      (r) => r.target === 'node_a',
    )!;
    return a.outcome === 'error' ? a.message : a.outcome;
  };
  try {
    assert.equal(await check(`sslmode=verify-full sslrootcert=${caFile}`), 'pass');
    assert.equal(await check('sslmode=require'), 'pass');
    // No sslmode, prefer and allow try TLS first as libpq does (tls_reader is refused without TLS).
    assert.equal(await check(''), 'pass');
    assert.equal(await check('sslmode=prefer'), 'pass');
    assert.equal(await check('sslmode=allow'), 'pass');
    assert.match(
      await check(`sslmode=verify-full sslrootcert=${otherCa}`),
      /node_a \(127\.0\.0\.1:\d+\): .*(self-signed|verify|certificate)/i,
    );
    assert.match(
      await check('sslmode=disable'),
      /pg_hba\.conf rejects connection for host "127\.0\.0\.1", user "tls_reader", database "appdb", no encryption/,
    );
  } finally {
    writeFileSync(hba, original);
    await node.sql('ALTER SYSTEM RESET ssl', [], 'postgres');
    await node.sql('SELECT pg_reload_conf()', [], 'postgres');
    await node.sql('DROP OWNED BY tls_reader');
    await node.sql('DROP ROLE tls_reader', [], 'postgres');
  }
});

test('a restart-only parameter changed but not yet applied is a pending restart, not a refused value', async () => {
  const node = mesh.nodes[0]!;
  await node.sql('ALTER SYSTEM SET max_wal_senders = 11', [], 'postgres');
  await node.sql('SELECT pg_reload_conf()', [], 'postgres');
  try {
    const dir = meshConfig(mesh, 'superuser');
    const collect = await cliAsync(['collect', '-o', 'snap.json'], { cwd: dir, env: PG_ENV });
    assert.equal(collect.status, 0, collect.stderr);
    const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as Snapshot;
    const a = snap.nodes.node_a!.postgres!;
    assert.ok(a.ok);
    assert.deepEqual(a.data.settings.max_wal_senders, { value: '10', pendingRestart: true, source: 'configuration file' });
  } finally {
    await node.sql('ALTER SYSTEM RESET max_wal_senders', [], 'postgres');
    await node.sql('SELECT pg_reload_conf()', [], 'postgres');
  }
});

test('the collector reads a node in two round trips', async () => {
  const node = mesh.nodes[0]!;
  const client = new pg.Client({ host: '127.0.0.1', port: node.port, user: 'pglogical_repl', password: REPL_PASSWORD, database: 'appdb' });
  await client.connect();
  try {
    const sent: string[] = [];
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      sent.push(String(args[0]).slice(0, 40));
      return query(...args);
    };
    const facts = await readPostgresFacts(client);
    assert.equal(facts.pglogical!.subscriptions.length, 1);
    assert.equal(sent.length, 2, sent.join(' | '));
  } finally {
    await client.end();
  }
});

test("the tool's session is read-only, bounded by a statement timeout and named pgl-preflight", async () => {
  const node = mesh.nodes[0]!;
  const settings = clientConfig(
    {
      name: node.name,
      connection: `host=127.0.0.1 port=${node.port} dbname=appdb user=pglogical_repl sslmode=disable`,
      passwordEnv: 'PGL_TEST_PASSWORD',
    },
    'appdb',
    { connectTimeoutSeconds: 3, statementTimeoutSeconds: 1 },
    { PGL_TEST_PASSWORD: REPL_PASSWORD },
  );
  const client = new pg.Client(settings);
  await client.connect();
  try {
    const show = async (name: string) => Object.values((await client.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[0];
    assert.equal(await show('default_transaction_read_only'), 'on');
    assert.equal(await show('statement_timeout'), '1s');
    assert.equal(await show('application_name'), 'pgl-preflight');
    await assert.rejects(client.query('CREATE TABLE public.should_not_exist (id int)'), /read-only transaction/);
    await assert.rejects(client.query('SELECT pg_sleep(3)'), /canceling statement due to statement timeout/);
  } finally {
    await client.end();
  }
});

test('no password appears in any output, snapshot or error, though every pglogical DSN holds one', async () => {
  const dir = meshConfig(mesh);
  const collect = await cliAsync(['collect', '-o', 'snap.json'], { cwd: dir, env: PG_ENV });
  const check = await cliAsync(['check', '--format', 'json', '--output', 'junit=r.xml', '--output', 'text=r.txt'], {
    cwd: dir,
    env: PG_ENV,
  });
  const texts = [
    collect.stdout,
    collect.stderr,
    check.stdout,
    check.stderr,
    ...['snap.json', 'r.xml', 'r.txt'].map((f) => readFileSync(join(dir, f), 'utf8')),
  ];
  const dsns = (await mesh.nodes[0]!.sql('SELECT if_dsn FROM pglogical.node_interface')).rows as { if_dsn: string }[];
  assert.ok(
    dsns.every((d) => d.if_dsn.includes(REPL_PASSWORD)),
    'the test plants the password in every DSN',
  );
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
      writeFileSync(
        path,
        label === 'bad password' ? `${nodeA.replace('PGL_TEST_PASSWORD', 'PGL_WRONG_PASSWORD')}${rest}` : `${mutate(nodeA)}${rest}`,
      );
      const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/wal-level'], {
        cwd: dir,
        env: { ...PG_ENV, PGL_WRONG_PASSWORD: 'not-the-password' },
      });
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
