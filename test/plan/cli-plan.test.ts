// check/collect --plan through the built CLI: every report names the plan address and counts the
// "known after deployment" skips apart; a malformed or unsupported plan exits 2 with one line naming the file.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, fixture, tempDir } from '../helpers/cli.js';
import { TWIN_ADMIN_PASSWORD } from '../plan-twins-terraform.js';

const TWIN = fixture('plans/healthy-two-node.tfplan.json');
const BROKEN = fixture('plans/nsg-deny-above-allow.tfplan.json');
const CONFIG = [
  'database: appdb',
  'nodes:',
  '  - name: node_a',
  '    server: azurerm_postgresql_flexible_server.node_a',
  '  - name: node_b',
  '    server: azurerm_postgresql_flexible_server.node_b',
  '',
].join('\n');

function dirWithConfig(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'pgl-preflight.yaml'), CONFIG);
  return dir;
}

test('check --plan: a healthy twin passes the gate; the text report counts the known-after-deployment skips apart', () => {
  const run = cli(['check', '--plan', TWIN], { cwd: dirWithConfig() });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /plan: .*healthy-two-node\.tfplan\.json · 30 checks known only after deployment \(skipped, not passed\)/);
  assert.match(run.stdout, /30 skipped \(30 known after deployment\)/);
});

test('check --plan: a failing twin exits 1 and every report names the Terraform address judged', () => {
  const dir = dirWithConfig();
  const run = cli(
    [
      'check',
      '--plan',
      BROKEN,
      '--output',
      'junit=r.xml',
      '--output',
      'sarif=r.sarif',
      '--output',
      'markdown=r.md',
      '--output',
      'json=r.json',
    ],
    { cwd: dir },
  );
  assert.equal(run.status, 1, run.stderr);
  assert.match(
    run.stdout,
    /network\/nsg-allows-5432\n.*denied by NSG nsg-pg-westus rule deny-pg.*\n\s+plan: azurerm_postgresql_flexible_server\.node_a, azurerm_postgresql_flexible_server\.node_b, azurerm_network_security_group\.nsg_pg_westus/,
  );
  const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
  assert.equal(json.plan.knownAfterDeployment, 30);
  const nsg = json.results.find((r: { ruleId: string; outcome: string }) => r.ruleId === 'network/nsg-allows-5432' && r.outcome === 'fail');
  assert.ok(nsg.planSources.includes('azurerm_network_security_group.nsg_pg_westus'));
  assert.ok(
    json.results
      .filter((r: { knownAfterDeployment?: boolean }) => r.knownAfterDeployment)
      .every((r: { outcome: string }) => r.outcome === 'skip'),
  );
  const junit = readFileSync(join(dir, 'r.xml'), 'utf8');
  assert.match(junit, /<property name="knownAfterDeployment" value="30"\/>/);
  assert.match(
    junit,
    /name="network\/nsg-allows-5432 on node_a-&gt;node_b \(azurerm_postgresql_flexible_server\.node_a, azurerm_postgresql_flexible_server\.node_b, azurerm_network_security_group\.nsg_pg_westus\)"/,
  );
  const sarif = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].properties.knownAfterDeployment, 30);
  assert.ok(
    sarif.runs[0].results[0].locations[0].logicalLocations.some(
      (l: { fullyQualifiedName: string }) => l.fullyQualifiedName === 'azurerm_network_security_group.nsg_pg_westus',
    ),
  );
  const md = readFileSync(join(dir, 'r.md'), 'utf8');
  assert.match(md, /\| ⏳ \| skipped: known after deployment \| 30 \|/);
  assert.match(
    md,
    /Plan: `azurerm_postgresql_flexible_server\.node_a`, `azurerm_postgresql_flexible_server\.node_b`, `azurerm_network_security_group\.nsg_pg_westus`/,
  );
});

test('check --plan without a config: every flexible server in the plan is a node, named after it', () => {
  const run = cli(['check', '--plan', TWIN, '--format', 'json'], { cwd: tempDir() });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout).snapshot.nodes, ['pg-app-a', 'pg-app-b']);
});

test('collect --plan writes the planned snapshot, with the plan record; check --snapshot judges it the same', () => {
  const dir = dirWithConfig();
  const collected = cli(['collect', '--plan', BROKEN, '--output', 'plan-snapshot.json'], { cwd: dir });
  assert.equal(collected.status, 0, collected.stderr);
  const snapshot = JSON.parse(readFileSync(join(dir, 'plan-snapshot.json'), 'utf8'));
  assert.equal(snapshot.plan.files[0], BROKEN);
  const fromPlan = JSON.parse(cli(['check', '--plan', BROKEN, '--format', 'json', '--fail-on', 'never'], { cwd: dir }).stdout);
  const replayed = cli(['check', '--snapshot', join(dir, 'plan-snapshot.json'), '--format', 'json', '--fail-on', 'never'], {
    cwd: tempDir(),
  });
  assert.equal(replayed.status, 0, replayed.stderr);
  const outcomes = (doc: { results: { ruleId: string; target: string; outcome: string }[] }) =>
    doc.results.map((r) => `${r.ruleId}|${r.target}|${r.outcome}`);
  assert.deepEqual(outcomes(JSON.parse(replayed.stdout)), outcomes(fromPlan));
});

const MALFORMED: [string, (text: string) => string, RegExp][] = [
  ['a truncated plan', (t) => t.slice(0, 5000), /^pgl-preflight: bad\.json:\d+: not valid JSON at line \d+, column \d+\n$/],
  ['a plan cut after its last value', (t) => t.trimEnd().slice(0, -1), /^pgl-preflight: bad\.json(:\d+)?: not valid JSON/],
  [
    'format_version 2.0',
    (t) => t.replace('"format_version": "1.2"', '"format_version": "2.0"'),
    /^pgl-preflight: bad\.json: unsupported Terraform JSON format_version "2\.0": this pgl-preflight reads 1\.x\n$/,
  ],
  [
    'a Terraform state, not a plan',
    () => JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }),
    /^pgl-preflight: bad\.json: a Terraform state, not a plan/,
  ],
  [
    'an errored plan',
    (t) => t.replace('"errored": false', '"errored": true'),
    /^pgl-preflight: bad\.json: the Terraform plan is incomplete \(errored: true\)/,
  ],
  [
    'some other JSON',
    () => JSON.stringify({ hello: 'world' }),
    /^pgl-preflight: bad\.json: unsupported plan: neither Terraform plan JSON .* nor an ARM what-if result/,
  ],
  ['an empty file', () => '', /^pgl-preflight: bad\.json: the plan file is empty\n$/],
];

for (const [name, mutate, expected] of MALFORMED) {
  test(`check --plan with ${name}: exit 2, one line naming the file`, () => {
    const dir = dirWithConfig();
    writeFileSync(join(dir, 'bad.json'), mutate(readFileSync(TWIN, 'utf8')));
    const run = cli(['check', '--plan', 'bad.json'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, expected);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
  });
}

test('--plan usage errors: a missing file, an empty name, with --snapshot, a Terraform address without --plan', () => {
  const dir = dirWithConfig();
  assert.match(
    cli(['check', '--plan', 'missing.json'], { cwd: dir }).stderr,
    /^pgl-preflight: missing\.json: cannot read plan file \(ENOENT\)\n$/,
  );
  assert.match(cli(['check', '--plan', ''], { cwd: dir }).stderr, /--plan needs a file name/);
  assert.match(
    cli(['check', '--plan', TWIN, '--snapshot', fixture('healthy-two-node.json')], { cwd: dir }).stderr,
    /--plan and --snapshot/,
  );
  const noPlan = cli(['check'], { cwd: dir });
  assert.equal(noPlan.status, 2);
  assert.match(noPlan.stderr, /nodes\[0\]\.server: expected \/subscriptions\//);
  const wrongAddress = [
    'database: appdb',
    'nodes:',
    '  - name: a',
    '    server: azurerm_postgresql_flexible_server.nope',
    '  - name: b',
    '    server: azurerm_postgresql_flexible_server.node_b',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'pgl-preflight.yaml'), wrongAddress);
  assert.match(
    cli(['check', '--plan', TWIN], { cwd: dir }).stderr,
    /nodes\[0\]\.server: azurerm_postgresql_flexible_server\.nope is neither an ARM id nor the address of a resource in the plan/,
  );
});

test('check --plan: a node named by an ARM id the plan does not hold, without azure, is unchecked (error), not skipped', () => {
  const dir = tempDir();
  const config = [
    'database: appdb',
    'nodes:',
    '  - name: node_a',
    '    server: azurerm_postgresql_flexible_server.node_a',
    '  - name: old',
    '    server: /subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-old/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-old',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'pgl-preflight.yaml'), config);
  const run = cli(['check', '--plan', TWIN, '--format', 'json'], { cwd: dir });
  assert.equal(run.status, 1, run.stderr);
  const state = JSON.parse(run.stdout).results.find(
    (r: { ruleId: string; target: string }) => r.ruleId === 'azure/server-state' && r.target === 'old',
  );
  assert.equal(state.outcome, 'error');
  assert.match(state.message, /server .*pg-old is not in the plan and azure is not configured to read it live/);
  assert.match(state.help, /^Configure azure/);
});

test('check --plan: a finding about a subnet names the azurerm_subnet, not the association planned on the same id', () => {
  const run = cli(['check', '--plan', fixture('plans/subnet-not-delegated.tfplan.json'), '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const results = (JSON.parse(run.stdout) as { results: { ruleId: string; outcome: string; planSources?: string[] }[] }).results;
  const finding = results.find((r) => r.ruleId === 'azure/subnet-delegation' && r.outcome === 'fail');
  const sources = finding?.planSources ?? [];
  assert.ok(sources.includes('module.net_vnet_app_westus.azurerm_subnet.snet_pg'), JSON.stringify(sources));
  assert.ok(!sources.some((s) => s.includes('_association.')), JSON.stringify(sources));
  // Both VNETs hold a subnet snet-pg: only the failing node's own is named.
  assert.ok(!sources.includes('module.net_vnet_app_eastus.azurerm_subnet.snet_pg'), JSON.stringify(sources));
});

test('the admin password a Terraform plan carries in plain text reaches no report, no snapshot and no error', () => {
  assert.ok(readFileSync(TWIN, 'utf8').includes(TWIN_ADMIN_PASSWORD), 'the twin carries the password, as a real plan does');
  const dir = dirWithConfig();
  const runs = [
    cli(['collect', '--plan', TWIN], { cwd: dir }),
    ...['text', 'json', 'junit', 'sarif', 'markdown'].map((format) =>
      cli(['check', '--plan', TWIN, '--format', format, '--verbose'], { cwd: dir }),
    ),
    cli(['check', '--plan', BROKEN, '--format', 'json'], { cwd: dir }),
  ];
  for (const run of runs) {
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.ok(!run.stdout.includes(TWIN_ADMIN_PASSWORD) && !run.stderr.includes(TWIN_ADMIN_PASSWORD), 'no password in the output');
  }
  assert.ok(runs[0]!.stdout.includes('"plan"'), 'collect wrote a snapshot of the plan');
});
