import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, fixture, tempDir } from '../helpers/cli.js';

function assertOneLineError(run: { status: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  assert.equal(run.status, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got: ${run.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

test('healthy snapshot: exit 0 and a summary line', () => {
  const run = cli(['check', '--snapshot', fixture('healthy-two-node.json')]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /✔ nothing at or above --fail-on error · 0 failed .* 78 passed, 0 skipped · 34 rules/);
});

test('not-ready snapshot: exit 1, findings grouped by node with fixes', () => {
  const run = cli(['check', '--snapshot', fixture('not-ready-two-node.json')]);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /\nnode_a {2}8 failed/);
  // route-to-peer too: both VNETs are 10.0.0.0/16, so each server's own VnetLocal route keeps the traffic home.
  assert.match(run.stdout, /\nnode_a -> node_b {2}5 failed/);
  assert.match(run.stdout, /✖ error +postgres\/wal-level\n +wal_level is "replica" on node_a \(from arm\)/);
  assert.match(run.stdout, /fix: .*az postgres flexible-server restart --resource-group rg-east --name exampleserver-a/);
  assert.match(
    run.stdout,
    /42 findings at or above --fail-on error · 26 failed \(20 errors, 6 warnings, 0 info\), 26 could not be checked/,
  );
});

test('--fail-on decides the exit code', () => {
  const snapshot = fixture('not-ready-two-node.json');
  assert.equal(cli(['check', '--snapshot', snapshot, '--fail-on', 'never']).status, 0);
  // Only the warning-level rule selected: gates at warning, not at error.
  const only = ['--rule', 'postgres/track-commit-timestamp'];
  assert.equal(cli(['check', '--snapshot', snapshot, ...only]).status, 0);
  assert.equal(cli(['check', '--snapshot', snapshot, ...only, '--fail-on', 'warning']).status, 1);
});

test('text and JUnit and JSON in one run; files written whole', () => {
  const dir = tempDir();
  const run = cli(
    ['check', '--snapshot', fixture('not-ready-two-node.json'), '--output', 'junit=reports.xml', '--output', `json=${join(dir, 'r.json')}`],
    { cwd: dir },
  );
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /postgres\/wal-level/);
  assert.match(readFileSync(join(dir, 'reports.xml'), 'utf8'), /^<\?xml/);
  const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
  assert.equal(json.summary.fail, 26);
  assert.deepEqual(readdirSync(dir).sort(), ['r.json', 'reports.xml']);
});

test('JSON on stdout follows the output contract', () => {
  const run = cli(['check', '--snapshot', fixture('not-ready-two-node.json'), '--format', 'json']);
  const doc = JSON.parse(run.stdout);
  assert.deepEqual(doc.tool.name, 'pgl-preflight');
  assert.deepEqual(Object.keys(doc.summary), ['pass', 'fail', 'skip', 'error']);
  const r = doc.results.find((x: { ruleId: string; target: string }) => x.ruleId === 'postgres/wal-level' && x.target === 'node_a');
  assert.deepEqual(Object.keys(r), ['ruleId', 'target', 'outcome', 'severity', 'message', 'help', 'evidence', 'fingerprint']);
  assert.equal(r.outcome, 'fail');
  assert.equal(r.evidence.wal_level, 'replica');
  assert.match(r.fingerprint, /^[0-9a-f]{16}$/);
});

test('an unwritable output leaves no file behind and exits 2', () => {
  const dir = tempDir();
  // A missing folder is created; a folder that cannot exist (a file stands in its place) cannot.
  writeFileSync(join(dir, 'blocker'), '');
  const run = cli(
    ['check', '--snapshot', fixture('healthy-two-node.json'), '--output', 'json=ok.json', '--output', 'junit=blocker/dir/r.xml'],
    { cwd: dir },
  );
  assertOneLineError(run, /blocker\/dir\/r\.xml: cannot write.* \((ENOTDIR|EEXIST)\)$/);
  assert.deepEqual(readdirSync(dir), ['blocker']);
});

test('bad snapshots: one line naming the file, the line and the path', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1,');
  assertOneLineError(cli(['check', '--snapshot', 'broken.json'], { cwd: dir }), /broken\.json:1: not valid JSON at line 1, column 21$/);
  const healthy = JSON.parse(readFileSync(fixture('healthy-two-node.json'), 'utf8'));
  healthy.nodes.node_a.postgres.data.settings.wal_level.value = 7;
  writeFileSync(join(dir, 'typed.json'), JSON.stringify(healthy, null, 2));
  assertOneLineError(
    cli(['check', '--snapshot', 'typed.json'], { cwd: dir }),
    /typed\.json:\d+: nodes\.node_a\.postgres\.data\.settings\.wal_level\.value: must be string$/,
  );
  writeFileSync(join(dir, 'v2.json'), JSON.stringify({ ...healthy, schemaVersion: 2 }));
  assertOneLineError(
    cli(['check', '--snapshot', 'v2.json'], { cwd: dir }),
    /v2\.json: schemaVersion: 2; this pgl-preflight reads snapshot schema version 1/,
  );
  assertOneLineError(cli(['check', '--snapshot', 'nope.json'], { cwd: dir }), /nope\.json: cannot read snapshot \(ENOENT\)/);
});

test('bad flags: unknown rule, format, output spec, command', () => {
  const snap = fixture('healthy-two-node.json');
  assertOneLineError(cli(['check', '--snapshot', snap, '--rule', 'postgres/wal-levle']), /--rule: unknown rule "postgres\/wal-levle"/);
  assertOneLineError(cli(['check', '--snapshot', snap, '--format', 'xml']), /--format xml: expected one of text, json, junit/);
  assertOneLineError(cli(['check', '--snapshot', snap, '--output', 'junit']), /--output junit: expected FORMAT=PATH/);
  assertOneLineError(
    cli(['check', '--snapshot', snap, '--fail-on', 'sometimes']),
    /Invalid values: Argument: fail-on, Given: "sometimes", Choices: "error", "warning", "info", "never"/,
  );
  assertOneLineError(cli(['frobnicate']), /Unknown argument: frobnicate/);
  assertOneLineError(cli([]), /name a command/);
  assertOneLineError(cli(['check']), /no configuration found .* and no --snapshot given/);
});

test('NO_COLOR and --color', () => {
  const snap = fixture('not-ready-two-node.json');
  assert.match(cli(['check', '--snapshot', snap], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[31m/);
  assert.doesNotMatch(cli(['check', '--snapshot', snap], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
  assert.doesNotMatch(cli(['check', '--snapshot', snap, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
  assert.match(cli(['check', '--snapshot', snap, '--color']).stdout, /\u001b\[31m/);
});

test('rules and explain', () => {
  const list = JSON.parse(cli(['rules', '--format', 'json']).stdout);
  assert.ok(list.some((r: { id: string }) => r.id === 'postgres/worker-budget'));
  const explain = cli(['explain', 'postgres/worker-budget']);
  assert.equal(explain.status, 0);
  assert.match(explain.stdout, /## How it is checked/);
  assertOneLineError(cli(['explain', 'postgres/nope']), /explain: unknown rule "postgres\/nope"/);
});

test('a config next to the snapshot applies severity overrides and suppressions', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'ci'));
  writeFileSync(
    join(dir, 'ci', 'pgl.yaml'),
    [
      'database: appdb',
      'nodes:',
      '  - name: node_a',
      '  - name: node_b',
      'rules:',
      '  postgres/worker-budget: warning',
      'suppressions:',
      '  - rule: postgres/wal-level',
      '    reason: restart scheduled',
      '  - rule: pglogical/subscription-status',
      '    target: node_b:sub_node_b_node_a',
      '    reason: known, waiting for the restart',
      '',
    ].join('\n'),
  );
  const snapshot = fixture('worker-budget-exhausted.json');
  assert.equal(cli(['check', '--snapshot', snapshot]).status, 1);
  const run = cli(['check', '--snapshot', snapshot, '--config', 'ci/pgl.yaml'], { cwd: dir });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /⚠ warning +postgres\/worker-budget/);
  assert.ok(!existsSync(join(dir, 'pgl-preflight.yaml')));
});

test('SARIF on stdout and as a file; it points at the snapshot when no config is read, and the JUnit suite starts at the run', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'snap.json'), readFileSync(fixture('not-ready-two-node.json')));
  const before = Date.now();
  const run = cli(['check', '--snapshot', 'snap.json', '--format', 'sarif', '--output', 'sarif=out/r.sarif', '--output', 'junit=r.xml'], {
    cwd: dir,
  });
  assert.equal(run.status, 1, run.stderr);
  const log = JSON.parse(run.stdout);
  assert.equal(log.version, '2.1.0');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out', 'r.sarif'), 'utf8')).runs[0].results.length, log.runs[0].results.length);
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'snap.json');
  const timestamp = /<testsuite [^>]*timestamp="([^"]+)"/.exec(readFileSync(join(dir, 'r.xml'), 'utf8'))![1]!;
  assert.ok(Date.parse(`${timestamp}Z`) >= Math.floor(before / 1000) * 1000, `run start ${timestamp}, not the snapshot's collection date`);
});

test('unchecked results that share one reason read as one line, with a fix that helps (run inside the VNET)', () => {
  const run = cli(['check', '--snapshot', fixture('sql-unreachable.json')]);
  assert.equal(run.status, 1);
  assert.match(
    run.stdout,
    /\? unchecked 11 checks \(pglogical\/extension-installed, pglogical\/replication-user, pglogical\/dsn-host, pglogical\/forward-origins and 7 more\)\n +could not check: SQL on node_b: connect to pg-app-b\.postgres\.database\.azure\.com:5432 timed out after 10 s\n +fix: The servers are private: run pgl-preflight from inside the VNET/,
  );
  assert.equal(run.stdout.match(/timed out after 10 s/g)!.length, 3, 'once per group, not once per check');
  assert.doesNotMatch(run.stdout, /Collect the missing facts/);
  // JSON keeps one result per check, each with the same helpful fix.
  const json = JSON.parse(cli(['check', '--snapshot', fixture('sql-unreachable.json'), '--format', 'json']).stdout) as {
    results: { outcome: string; help: string }[];
  };
  const unchecked = json.results.filter((r) => r.outcome === 'error');
  assert.equal(unchecked.length, 17);
  assert.ok(unchecked.every((r) => /inside the VNET|provider node could not be read/.test(r.help)));
});
