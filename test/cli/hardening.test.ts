// The gate cannot be switched off by accident, writes are whole (all targets or none), special files
// are refused, and a failing stdout is one line: each reproduction from a hostile test run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeAllAtomically, type WriteFs } from '../../src/cli/write.js';
import { InputError } from '../../src/util/errors.js';
import { describeErrors } from '../../src/util/validate.js';
import { bin, cli, fixture, tempDir } from '../helpers/cli.js';
import { IDS } from '../fixture-variants.js';

function assertOneLineError(run: { status: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(run.status, 2, `exit code; stderr: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got: ${run.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at |node:internal/, 'no stack trace');
}

const NOT_READY = fixture('not-ready-two-node.json');

test('a repeated --fail-on (or any single-valued flag) is unusable input, never a silently opened gate', () => {
  for (const args of [
    ['--fail-on', 'error', '--fail-on', 'info'],
    ['--fail-on', 'error', '--fail-on', 'never'],
    ['--format', 'json', '--format', 'text'],
  ]) {
    assertOneLineError(
      cli(['check', '--snapshot', NOT_READY, ...args]),
      new RegExp(`--${args[0]!.replace(/^--(no-)?/, '')} given 2 times`),
    );
  }
  assert.equal(cli(['check', '--snapshot', NOT_READY, '--fail-on', 'error']).status, 1);
});

test('an empty --output, --rule or --skip-rule is an error, not ignored', () => {
  for (const flag of ['--output', '--rule', '--skip-rule']) {
    assertOneLineError(cli(['check', '--snapshot', NOT_READY, flag, '']), new RegExp(`${flag}: an empty value`));
  }
});

function readDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

test('a write that fails part-way leaves the old file and no temporary file', () => {
  const dir = tempDir();
  const target = join(dir, 'report.xml');
  fs.writeFileSync(target, 'old');
  let calls = 0;
  const failing: WriteFs = {
    ...fs,
    writeSync: ((fd: number, buffer: Buffer, offset: number) => {
      calls += 1;
      if (calls > 1) throw Object.assign(new Error('no space'), { code: 'ENOSPC', syscall: 'write' });
      return fs.writeSync(fd, buffer, offset, 3);
    }) as WriteFs['writeSync'],
  };
  assert.throws(
    () => writeAllAtomically([{ path: target, content: 'new content, long enough' }], failing),
    (err) => err instanceof InputError && err.message.includes('cannot write (ENOSPC)'),
  );
  assert.deepEqual(readDir(dir), ['report.xml']);
  assert.equal(fs.readFileSync(target, 'utf8'), 'old');
});

test('a report that fails while it is produced is not called a write error, and leaves no temporary file', () => {
  const dir = tempDir();
  const target = join(dir, 'report.json');
  fs.writeFileSync(target, 'old');
  function* content(): Generator<string> {
    yield '{"results": [';
    throw new RangeError('Invalid string length');
  }
  assert.throws(
    () => writeAllAtomically([{ path: target, content: content() }]),
    (err) => err instanceof RangeError && !(err instanceof InputError),
  );
  assert.deepEqual(readDir(dir), ['report.json']);
  assert.equal(fs.readFileSync(target, 'utf8'), 'old');
});

test('when the second output cannot be replaced, the first is put back: all or none', () => {
  const dir = tempDir();
  const first = join(dir, 'a.xml');
  const second = join(dir, 'b.json');
  const third = join(dir, 'c.txt');
  fs.writeFileSync(first, 'old a');
  fs.writeFileSync(second, 'old b');
  const failing: WriteFs = {
    ...fs,
    renameSync: ((from: string, to: string) => {
      if (to === second) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
      fs.renameSync(from, to);
    }) as WriteFs['renameSync'],
  };
  const files = [
    { path: first, content: 'new a' },
    { path: second, content: 'new b' },
    { path: third, content: 'new c' },
  ];
  assert.throws(() => writeAllAtomically(files, failing), /b\.json: cannot replace \(EBUSY\)/);
  assert.equal(fs.readFileSync(first, 'utf8'), 'old a');
  assert.equal(fs.readFileSync(second, 'utf8'), 'old b');
  assert.deepEqual(readDir(dir), ['a.xml', 'b.json'], 'no temporary, backup or half-set file left');
  writeAllAtomically(files);
  assert.deepEqual(
    [first, second, third].map((p) => fs.readFileSync(p, 'utf8')),
    ['new a', 'new b', 'new c'],
  );
  assert.deepEqual(readDir(dir), ['a.xml', 'b.json', 'c.txt']);
});

test('a leftover temporary file from an earlier run with the same pid does not block the write', () => {
  const dir = tempDir();
  const target = join(dir, 'out.json');
  fs.writeFileSync(join(dir, `.out.json.${process.pid}.tmp`), 'stale');
  writeAllAtomically([{ path: target, content: '{}' }]);
  assert.equal(fs.readFileSync(target, 'utf8'), '{}');
});

test("the target's mode is kept, and a missing parent folder is created", () => {
  const dir = tempDir();
  const target = join(dir, 'out.xml');
  fs.writeFileSync(target, 'old');
  fs.chmodSync(target, 0o640);
  writeAllAtomically([{ path: target, content: 'new' }]);
  assert.equal(fs.statSync(target).mode & 0o777, 0o640);
  const nested = join(dir, 'reports', 'ci', 'pgl.xml');
  writeAllAtomically([{ path: nested, content: 'x' }]);
  assert.equal(fs.readFileSync(nested, 'utf8'), 'x');
});

test('special files and symlinks are refused with exit 2, before anything is written', (t) => {
  const dir = tempDir();
  const fifo = join(dir, 'pipe');
  spawnSync('mkfifo', [fifo]);
  const link = join(dir, 'link.xml');
  fs.writeFileSync(join(dir, 'real.xml'), 'real');
  fs.symlinkSync(join(dir, 'real.xml'), link);
  const json = join(dir, 'ok.json');
  for (const [target, why] of [
    [fifo, /pipe: is not a regular file/],
    [link, /link\.xml: is a symbolic link/],
    [dir, /is not a regular file/],
  ] as const) {
    assertOneLineError(cli(['check', '--snapshot', NOT_READY, '--output', `json=${json}`, '--output', `junit=${target}`]), why);
    assert.equal(fs.existsSync(json), false, 'the other output is not written either');
  }
  assert.equal(fs.readFileSync(join(dir, 'real.xml'), 'utf8'), 'real');
  // A device node of the test's own (a copy of the null device): never replaced by a regular file.
  const device = join(dir, 'null-device');
  const made = spawnSync('mknod', ['-m', '666', device, 'c', '1', '3']);
  if (made.status !== 0) {
    t.diagnostic('mknod is not permitted here (not root): the device case is covered by the FIFO case');
    return;
  }
  assertOneLineError(cli(['check', '--snapshot', NOT_READY, '--output', `junit=${device}`]), /null-device: is not a regular file/);
  assert.equal(fs.lstatSync(device).isCharacterDevice(), true);
});

test('stdout on a full device is one line and exit 2, not a stack trace', (t) => {
  const dir = tempDir();
  const full = join(dir, 'full-device');
  // A device node of the test's own with the numbers of the "full" device: every write fails ENOSPC.
  const made = spawnSync('mknod', ['-m', '666', full, 'c', '1', '7']);
  if (made.status !== 0) {
    t.skip('mknod is not permitted here (not root)');
    return;
  }
  const fd = fs.openSync(full, 'w');
  try {
    const run = spawnSync(process.execPath, [bin(), 'check', '--snapshot', NOT_READY], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      cwd: dir,
    });
    assertOneLineError({ status: run.status, stderr: run.stderr }, /standard output: cannot write \(ENOSPC\)/);
  } finally {
    fs.closeSync(fd);
  }
});

test('an Azure server plus a SQL-side input error is one line and exit 2, before anything is read', () => {
  const server =
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-a';
  const config = (connection: string, extra = '') =>
    [
      'database: appdb',
      'azure:',
      // Loopback port 9 (discard): nothing is read, since the input error comes first.
      '  endpoint: https://127.0.0.1:9',
      '  credential: token',
      'nodes:',
      '  - name: node_a',
      `    server: ${server}`,
      `    connection: "${connection}"`,
      extra,
      '  - name: node_b',
    ].join('\n');
  const cases: [string, RegExp][] = [
    [
      config('host=127.0.0.1 dbname=appdb user=r sslmode=require', '    passwordEnv: PGL_UNSET_PASSWORD_VAR'),
      /nodes\.node_a\.passwordEnv: \$PGL_UNSET_PASSWORD_VAR is not set/,
    ],
    [config('host=127.0.0.1 dbname=appdb user=r sslmode=sometimes'), /nodes\.node_a\.connection: sslmode=sometimes is not a libpq sslmode/],
    [
      config('host=127.0.0.1 dbname=appdb user=r sslmode=verify-full sslrootcert=/nonexistent/ca.pem'),
      /nodes\.node_a\.connection: sslrootcert \/nonexistent\/ca\.pem: cannot read \(ENOENT\)/,
    ],
    [config('host=127.0.0.1 dbname=appdb user=r sslmode=require', '    auth: entra'), /AZURE_POSTGRESQL_ACCESS_TOKEN/],
  ];
  for (const [text, why] of cases) {
    const dir = tempDir();
    fs.writeFileSync(join(dir, 'pgl-preflight.yaml'), text);
    const report = join(dir, 'report.xml');
    const run = cli(['check', '--output', `junit=${report}`], {
      cwd: dir,
      env: { AZURE_ACCESS_TOKEN: 'arm-token', AZURE_POSTGRESQL_ACCESS_TOKEN: undefined, PGL_UNSET_PASSWORD_VAR: undefined },
    });
    assertOneLineError(run, why);
    assert.equal(fs.existsSync(report), false);
  }
});

const SECRET = 'Pl4nted-S3cret-xyz';

test('a snapshot loaded with --snapshot is redacted: no planted password reaches any format', () => {
  const dir = tempDir();
  const snap = JSON.parse(fs.readFileSync(fixture('healthy-two-node.json'), 'utf8'));
  const pgl = snap.nodes.node_a.postgres.data.pglogical;
  pgl.subscriptions[0].providerDsn = `${pgl.subscriptions[0].providerDsn as string} password=${SECRET}`;
  pgl.nodeInterfaces[0].dsn = `postgresql://pglogical_repl:${SECRET}@pg-app-a.postgres.database.azure.com/appdb?sslmode=require`;
  snap.topology.nodes[1].connection = `postgres://pg-app-b.postgres.database.azure.com/appdb?pass%77ord=${SECRET}`;
  snap.nodes.node_b.postgres = {
    ok: false,
    error: { code: 'error', message: `connect failed: password=${SECRET} Authorization: Bearer ${SECRET}` },
  };
  fs.writeFileSync(join(dir, 'leaky.json'), JSON.stringify(snap));
  for (const format of ['text', 'json', 'junit', 'sarif']) {
    const run = cli(['check', '--snapshot', 'leaky.json', '--format', format, '--verbose'], { cwd: dir });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.ok(!(run.stdout + run.stderr).includes(SECRET), `${format} leaks the planted secret`);
  }
});

test('error texts never quote a secret: JSON parse errors, YAML errors and DSN parse errors', () => {
  const dir = tempDir();
  fs.writeFileSync(join(dir, 'bad.json'), `{"schemaVersion": 1, "collectedAt": ${SECRET}}`);
  const json = cli(['check', '--snapshot', 'bad.json'], { cwd: dir });
  assertOneLineError(json, /bad\.json: not valid JSON/);
  assert.ok(!json.stderr.includes(SECRET.slice(0, 6)));
  fs.writeFileSync(
    join(dir, 'pgl-preflight.yaml'),
    `database: appdb\nnodes:\n  - name: a\n    connection: !vault ${SECRET}\n  - name: b\n`,
  );
  const yaml = cli(['check', '--snapshot', fixture('healthy-two-node.json')], { cwd: dir });
  assertOneLineError(yaml, /pgl-preflight\.yaml:4: not valid YAML: /);
  assert.ok(!yaml.stderr.includes(SECRET));
  fs.writeFileSync(
    join(dir, 'pgl-preflight.yaml'),
    `database: appdb\nnodes:\n  - name: a\n    connection: "host=h ${SECRET}"\n  - name: b\n`,
  );
  const dsn = cli(['check', '--snapshot', fixture('healthy-two-node.json')], { cwd: dir });
  assertOneLineError(dsn, /nodes\[0\]\.connection: not a libpq connection string/);
  assert.ok(!dsn.stderr.includes(SECRET));
});

test('a .json config is strict JSON; a byte-order mark is accepted in configs and snapshots alike', () => {
  const dir = tempDir();
  fs.writeFileSync(join(dir, 'pgl-preflight.json'), "{'database': 'appdb', 'nodes': [{'name': 'a'}, {'name': 'b'},],}");
  assertOneLineError(
    cli(['check', '--snapshot', fixture('healthy-two-node.json')], { cwd: dir }),
    /pgl-preflight\.json:1: not valid JSON at line 1, column 2$/,
  );
  fs.writeFileSync(
    join(dir, 'pgl-preflight.json'),
    `\ufeff${JSON.stringify({ database: 'appdb', nodes: [{ name: 'a' }, { name: 'b' }] })}`,
  );
  fs.writeFileSync(join(dir, 'bom.json'), `\ufeff${fs.readFileSync(fixture('healthy-two-node.json'), 'utf8')}`);
  assert.equal(cli(['check', '--snapshot', 'bom.json'], { cwd: dir }).status, 0);
});

test('a default config name that is a broken link is reported, not skipped', () => {
  const dir = tempDir();
  fs.symlinkSync(join(dir, 'gone.yaml'), join(dir, 'pgl-preflight.yaml'));
  assertOneLineError(
    cli(['check', '--snapshot', fixture('healthy-two-node.json')], { cwd: dir }),
    /pgl-preflight\.yaml: cannot read config file \(a link to a missing file\)/,
  );
});

test('escape sequences from data never reach the terminal raw', () => {
  const dir = tempDir();
  const snap = JSON.parse(fs.readFileSync(fixture('healthy-two-node.json'), 'utf8'));
  const hostile = 'sub\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil';
  snap.nodes.node_a.postgres.data.pglogical.subscriptions[0].name = hostile;
  snap.nodes.node_a.postgres.data.pglogical.subscriptions[0].enabled = false;
  snap.topology.database = 'app\u001b[2Jdb';
  fs.writeFileSync(join(dir, 'hostile.json'), JSON.stringify(snap));
  const run = cli(['check', '--snapshot', 'hostile.json', '--verbose'], { cwd: dir });
  assert.equal(run.status, 1, run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/, 'no raw control character');
  assert.match(run.stdout, /sub\\x1b\]0;owned\\x07\\x1b\[2J\\x9b31m\\u202eevil/);
  assert.match(run.stdout, /database app\\x1b\[2Jdb/);
  for (const format of ['json', 'junit', 'sarif', 'markdown', 'mermaid']) {
    const other = cli(['check', '--snapshot', 'hostile.json', '--format', format], { cwd: dir });
    assert.equal(other.status, 1, `${format}: ${other.stderr}`);
    assert.doesNotMatch(
      other.stdout + other.stderr,
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/,
      `${format}: no raw control character`,
    );
  }
  const arg = cli(['check', '--snapshot', 'no\u001b[2Jfile.json'], { cwd: dir });
  assertOneLineError(arg, /no\\x1b\[2Jfile\.json: cannot read snapshot/);
});

test('addresses, prefixes, ports and priorities are parsed at load: a bad one is exit 2 naming its path', () => {
  const base = JSON.parse(fs.readFileSync(fixture('healthy-two-node.json'), 'utf8'));
  const key = (kind: string, id: string) => {
    const map = base.azure[kind] as Record<string, unknown>;
    return Object.keys(map).find((k) => k === id.toLowerCase())!;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- hostile snapshots are edited as untyped JSON
  const cases: [string, (s: any) => void, RegExp][] = [
    [
      'a subnet prefix that is not one',
      (s) => (s.azure.subnets[key('subnets', IDS.subnetB)].data.addressPrefixes = ['abc']),
      /azure\.subnets\[".*snet-pg"\]\.data\.addressPrefixes\[0\]: "abc" is not a CIDR prefix$/,
    ],
    [
      'a prefix length past 32',
      (s) => (s.azure.virtualNetworks[key('virtualNetworks', IDS.vnetA)].data.addressPrefixes = ['10.0.0.0/33']),
      /addressPrefixes\[0\]: "10\.0\.0\.0\/33" is not a CIDR prefix$/,
    ],
    [
      'a port past 65535',
      (s) => (s.azure.networkSecurityGroups[key('networkSecurityGroups', IDS.nsgB)].data.securityRules[0].destinationPortRange = '70000'),
      /securityRules\[0\]\.destinationPortRange: "70000" is not a port/,
    ],
    [
      'a reversed port range',
      (s) =>
        (s.azure.networkSecurityGroups[key('networkSecurityGroups', IDS.nsgB)].data.securityRules[0].destinationPortRange = '6000-5000'),
      /"6000-5000" is not a port/,
    ],
    [
      'a priority outside 100-4096',
      (s) => (s.azure.networkSecurityGroups[key('networkSecurityGroups', IDS.nsgB)].data.securityRules[0].priority = 5),
      /securityRules\[0\]\.priority: 5 is not a priority from 100 to 4096$/,
    ],
    [
      'a route prefix that is not one',
      (s) =>
        s.azure.routeTables[key('routeTables', IDS.routeTableA)].data.routes.push({
          name: 'x',
          addressPrefix: '10.2.0.0/99',
          nextHopType: 'None',
        }),
      /routes\[\d+\]\.addressPrefix: "10\.2\.0\.0\/99" is not a CIDR prefix or a service tag$/,
    ],
    [
      'an A record that is not an address',
      (s) => (s.azure.privateDnsZones[key('privateDnsZones', IDS.zone)].data.aRecords[0].ipv4Addresses = ['10.2.0.300']),
      /aRecords\[0\]\.ipv4Addresses\[0\]: "10\.2\.0\.300" is not an IP address$/,
    ],
  ];
  for (const [name, mutate, why] of cases) {
    const dir = tempDir();
    const snap = structuredClone(base);
    mutate(snap);
    fs.writeFileSync(join(dir, 's.json'), JSON.stringify(snap, null, 2));
    const run = cli(['check', '--snapshot', 's.json'], { cwd: dir });
    assert.equal(run.status, 2, `${name}: ${run.stderr}`);
    assertOneLineError(run, new RegExp(`s\\.json:\\d+: .*${why.source}`));
  }
});

test('names from the data are quoted in suggested fixes: a hostile subscription name is one SQL literal', () => {
  const dir = tempDir();
  const snap = JSON.parse(fs.readFileSync(fixture('healthy-two-node.json'), 'utf8'));
  const sub = snap.nodes.node_a.postgres.data.pglogical.subscriptions[0];
  sub.name = "s'); DROP TABLE orders; --";
  sub.enabled = false;
  sub.status = 'disabled';
  fs.writeFileSync(join(dir, 's.json'), JSON.stringify(snap));
  const run = cli(['check', '--snapshot', 's.json', '--format', 'json'], { cwd: dir });
  const helps = (JSON.parse(run.stdout).results as { help: string }[])
    .map((r) => r.help)
    .filter((h) => h.includes('alter_subscription_enable'));
  assert.ok(helps.length > 0);
  for (const help of helps) {
    assert.match(help, /alter_subscription_enable\('s''\); DROP TABLE orders; --'\);/);
    assert.doesNotMatch(help, /\('s'\); DROP/);
  }
});

// Counterexamples found by the generated bad-input suite (test/fuzz), kept as plain regressions.

test('very many schema errors (150,000 bad items) are one line naming the first, not a stack overflow', () => {
  const dir = tempDir();
  const snap = JSON.parse(fs.readFileSync(fixture('healthy-two-node.json'), 'utf8'));
  snap.nodes.node_a.azure.databases.data = Array(150_000).fill(7);
  fs.writeFileSync(join(dir, 'many.json'), JSON.stringify(snap));
  assertOneLineError(
    cli(['check', '--snapshot', 'many.json'], { cwd: dir }),
    /many\.json:1: nodes\.node_a\.azure\.databases\.data\[0\]: must be string$/,
  );
  const errors = Array.from({ length: 200_000 }, (_, i) => ({
    instancePath: `/nodes/${i}`,
    schemaPath: '#/type',
    keyword: 'type',
    params: { type: 'object' },
    message: 'must be object',
  }));
  assert.deepEqual(describeErrors(errors), { path: 'nodes[0]', line: undefined, message: 'must be object' });
});

test('a YAML alias bomb in the config is one line, not an internal error', () => {
  const dir = tempDir();
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 13; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    levels.push(`${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}]`);
  }
  fs.writeFileSync(join(dir, 'pgl-preflight.yaml'), [...levels, 'database: appdb', 'nodes: [{name: a}, {name: b}]'].join('\n'));
  assertOneLineError(cli(['check', '--snapshot', NOT_READY], { cwd: dir }), /pgl-preflight\.yaml: not valid YAML: Excessive alias count/);
});

test('an empty --snapshot, --config or collect --output is an error, never a fallback to collecting or the default config', () => {
  const dir = tempDir();
  // A valid default config that a fallback would pick up (and, for check, collect from).
  fs.writeFileSync(join(dir, 'pgl-preflight.yaml'), 'database: appdb\nnodes: [{name: a}, {name: b}]\n');
  for (const [args, why] of [
    [['check', '--snapshot', ''], /--snapshot needs a file name$/],
    [['check', '--snapshot', NOT_READY, '--config', ''], /--config needs a file name$/],
    [['collect', '--config', ''], /--config needs a file name$/],
    [['collect', '--config', 'pgl-preflight.yaml', '--output', ' '], /--output needs a file name$/],
  ] as const) {
    assertOneLineError(cli(args, { cwd: dir }), why);
  }
});

test('a connection URI given as a file name is not echoed with its password', () => {
  const run = cli(['check', '--snapshot', `postgres://repl:${SECRET}@pg.example/appdb?sslmode=require`]);
  assertOneLineError(run, /postgres:\/repl@pg\.example\/appdb\?sslmode=require: cannot read snapshot \(ENOENT\)$/);
  assert.ok(!run.stderr.includes(SECRET));
});

test('a config file over 256 KB is refused in one line, before megabytes of YAML are parsed', () => {
  const dir = tempDir();
  const nodes = Array.from({ length: 12_000 }, (_, i) => `  - name: node_${i}\n    bogus: 1\n`).join('');
  fs.writeFileSync(join(dir, 'pgl-preflight.yaml'), `database: appdb\nnodes:\n${nodes}`);
  assertOneLineError(
    cli(['check', '--snapshot', NOT_READY], { cwd: dir }),
    /pgl-preflight\.yaml: \d+ KB is too large for a config file \(the limit is 256 KB\)$/,
  );
});

test('arguments only after "--" run no command: exit 2, never a silent exit 0', () => {
  for (const args of [
    ['--', 'check'],
    ['--', 'x', 'explain'],
  ]) {
    assertOneLineError(cli(args), /name a command: check, collect, rules or explain/);
  }
});

test('a control character inside an echoed URI does not cut its password short of redaction', () => {
  const dir = tempDir();
  fs.writeFileSync(
    join(dir, 'pgl-preflight.yml'),
    `{"database": "appdb", "nodes": [{"name": "a"}, {"name": "b"}], "azure": {"postgres://repl:\r${SECRET}@pg.example/appdb": 1}}`,
  );
  const run = cli(['check', '--snapshot', NOT_READY], { cwd: dir });
  assertOneLineError(run, /unknown key "postgres:\/\/repl@pg\.example\/appdb"$/);
  assert.ok(!run.stderr.includes(SECRET), run.stderr);
});

test('a secret in a record key of a snapshot is redacted like one in a value; a "__proto__" key stays a key', () => {
  const dir = tempDir();
  const text = fs.readFileSync(fixture('healthy-two-node.json'), 'utf8');
  const snap = JSON.parse(text);
  // A slot is reported with its evidence (the whole slot record), unknown keys included.
  const slot = snap.nodes.node_a.postgres.data.slots[0];
  slot[`host=h sslpassword = ${SECRET}`] = 56;
  slot[`postgres://u:${SECRET}@h/db`] = 1;
  fs.writeFileSync(join(dir, 'keys.json'), JSON.stringify(snap).replace(/^\{/, '{"__proto__": {"polluted": 1},'));
  for (const format of ['text', 'json', 'junit']) {
    const run = cli(['check', '--snapshot', 'keys.json', '--format', format, '--verbose'], { cwd: dir });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.ok(!(run.stdout + run.stderr).includes(SECRET), `${format} leaks the planted secret`);
  }
});
