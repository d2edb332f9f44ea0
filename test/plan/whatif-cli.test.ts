// check --plan with ARM/Bicep what-if results, through the built CLI: a failed or unusable what-if exits 2
// with one line naming the file; an Unsupported change is a warning; a twin is judged like its fixture.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, fixture, tempDir } from '../helpers/cli.js';

function withFile(name: string, text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), text);
  return dir;
}

/** exit 2, and stderr is exactly one line. */
function unusable(args: string[], cwd: string): string {
  const run = cli(args, { cwd });
  assert.equal(run.status, 2, `exit ${run.status}: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  return lines[0]!;
}

test('a failed what-if result exits 2 with one line naming the file and the error code', () => {
  const failed = {
    status: 'Failed',
    error: {
      code: 'InvalidTemplateDeployment',
      message: "The template deployment 'main' is not valid.\nSee details.",
      details: [{ code: 'PrivateDnsZoneNotLinked', message: 'x' }],
    },
  };
  const dir = withFile('whatif.json', JSON.stringify(failed, null, 2));
  const line = unusable(['check', '--plan', 'whatif.json'], dir);
  assert.match(
    line,
    /whatif\.json: the what-if operation failed: InvalidTemplateDeployment \(PrivateDnsZoneNotLinked\): The template deployment 'main' is not valid\. See details\.$/,
  );
});

test('the flattened model with error set (status Failed, changes null) exits 2', () => {
  const dir = withFile(
    'w.json',
    JSON.stringify({ changes: null, error: { code: 'DeploymentWhatIfResourceError', message: 'An error occurred' }, status: 'Failed' }),
  );
  assert.match(
    unusable(['check', '--plan', 'w.json'], dir),
    /w\.json: the what-if operation failed: DeploymentWhatIfResourceError: An error occurred$/,
  );
});

test('a truncated what-if file exits 2 naming the file', () => {
  const text = readFileSync(fixture('plans/healthy-two-node.whatif.json'), 'utf8');
  const dir = withFile('whatif.json', text.slice(0, 2000));
  assert.match(unusable(['check', '--plan', 'whatif.json'], dir), /whatif\.json.*not valid JSON/);
});

test('a what-if change of an unknown type exits 2 naming the change', () => {
  const doc = JSON.parse(readFileSync(fixture('plans/healthy-two-node.whatif.json'), 'utf8')) as { changes: { changeType: string }[] };
  doc.changes[3]!.changeType = 'Replace';
  const dir = withFile('whatif.json', JSON.stringify(doc));
  assert.match(
    unusable(['check', '--plan', 'whatif.json'], dir),
    /whatif\.json: changes\[3\]\.changeType: "Replace" is not a what-if change type/,
  );
});

test('the greenfield two-node twin passes: exit 0, what deployment sets is skipped as known after deployment', () => {
  const run = cli(['check', '--plan', fixture('plans/healthy-two-node.whatif.json'), '--format', 'json']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { results: { ruleId: string; target: string; outcome: string; message: string }[] };
  assert.deepEqual(
    report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error'),
    [],
  );
  // The servers' FQDNs and their A records exist only once deployed: never a pass, never an error.
  const resolution = report.results.filter((r) => r.ruleId === 'dns/private-resolution');
  assert.equal(resolution.length, 2);
  for (const r of resolution) assert.match(r.message, /^known after deployment: /, `${r.target} ${r.outcome}`);
  assert.ok(
    report.results.some((r) => r.ruleId === 'network/vnet-peering' && r.outcome === 'pass'),
    'the planned peerings are judged',
  );
});

test('a broken twin fails the rule its fault breaks: exit 1', () => {
  const run = cli(['check', '--plan', fixture('plans/nsg-deny-above-allow.whatif.json'), '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { results: { ruleId: string; target: string; outcome: string }[] };
  assert.deepEqual(
    report.results.filter((r) => r.outcome === 'fail').map((r) => `${r.ruleId}|${r.target}`),
    ['network/nsg-allows-5432|pg-app-a->pg-app-b'],
  );
});

/** The healthy what-if twin plus one Unsupported change of an Application Insights component, in a folder of its own. */
function withUnsupportedChange(componentName: string, unsupportedReason: string): string {
  const doc = JSON.parse(readFileSync(fixture('plans/healthy-two-node.whatif.json'), 'utf8')) as { changes: Record<string, unknown>[] };
  doc.changes.push({
    after: null,
    before: null,
    changeType: 'Unsupported',
    delta: null,
    resourceId: `/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-eastus/providers/Microsoft.Insights/components/${componentName}`,
    unsupportedReason,
  });
  return withFile('whatif.json', JSON.stringify(doc, null, 2));
}

test('an Unsupported change is a warning on stderr, not a failure', () => {
  const dir = withUnsupportedChange('appi-pg', 'The resource name cannot be calculated because it depends on a reference() call.');
  const run = cli(['check', '--plan', 'whatif.json'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stderr,
    /^warning: whatif\.json: changes\[\d+\]: Unsupported \/subscriptions\/.*\/appi-pg: what-if does not support this resource \(The resource name cannot be calculated .*\); its properties are known only after deployment$/m,
  );
});

test('a warning quoting the what-if file is escaped and redacted, for check and collect alike', () => {
  const dir = withUnsupportedChange(
    'appi\u001b]0;owned\u0007pg',
    'depends on postgres://app:Pl4nt3d-P4ss@db.example/app and \u001b[2J\u202e',
  );
  for (const args of [
    ['check', '--plan', 'whatif.json'],
    ['collect', '--plan', 'whatif.json'],
  ]) {
    const run = cli(args, { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^warning: whatif\.json: changes\[\d+\]: Unsupported .*appi\\x1b\]0;owned\\x07pg/m, args[0]);
    assert.doesNotMatch(run.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/, `${args[0]}: no raw control character`);
    assert.ok(!run.stderr.includes('Pl4nt3d-P4ss'), `${args[0]}: the password is redacted`);
  }
});

test('a password in a what-if body (a template that passes one) never reaches the snapshot or the reports', () => {
  const secret = 'S3cr3t-what-if-P@ss';
  const doc = JSON.parse(readFileSync(fixture('plans/healthy-two-node.whatif.json'), 'utf8')) as {
    changes: { after: { type?: string; properties?: Record<string, unknown> } | null }[];
  };
  for (const c of doc.changes)
    if (c.after?.type === 'Microsoft.DBforPostgreSQL/flexibleServers') c.after.properties!.administratorLoginPassword = secret;
  const dir = withFile('whatif.json', JSON.stringify(doc, null, 2));
  const collected = cli(['collect', '--plan', 'whatif.json'], { cwd: dir });
  assert.equal(collected.status, 0, collected.stderr);
  assert.ok(collected.stdout.includes('"plan"'), 'a snapshot of the plan');
  for (const format of ['json', 'text', 'sarif']) {
    const run = cli(['check', '--plan', 'whatif.json', '--format', format], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `${format} report`);
  }
  assert.ok(!collected.stdout.includes(secret) && !collected.stderr.includes(secret), 'snapshot');
});
