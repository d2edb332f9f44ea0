// The GitHub Action and the Azure Pipelines template run the real CLI: their inputs map onto real
// flags and formats, and their check scripts are executed here as the runners would execute them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { FORMAT_NAMES } from '../src/report/index.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { cli, fixture, tempDir } from './helpers/cli.js';

interface ActionStep {
  id?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}
const action = parse(readFileSync(resolve(PACKAGE_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  runs: { steps: ActionStep[] };
};
const checkStep = action.runs.steps.find((s) => s.id === 'check')!;

function checkFlags(): Set<string> {
  const help = cli(['check', '--help']).stdout;
  return new Set([...help.matchAll(/--([a-z][a-z-]+)/g)].map((m) => m[1]!));
}

test('every action input reaches the CLI as a real flag or format', () => {
  const flags = checkFlags();
  const used = [...checkStep.run!.matchAll(/\(--([a-z-]+)/g)].map((m) => m[1]!);
  for (const flag of used) assert.ok(flags.has(flag), `the action passes --${flag}, which check does not take`);
  const formats = [...checkStep.run!.matchAll(/"([a-z]+)=\$/g)].map((m) => m[1]!);
  assert.deepEqual(formats.sort(), ['junit', 'markdown', 'sarif']);
  for (const f of formats) assert.ok((FORMAT_NAMES as string[]).includes(f), f);
  // Every input is used: by the check step's environment, or by another step.
  const text = JSON.stringify(action.runs.steps);
  for (const name of Object.keys(action.inputs)) assert.ok(text.includes(`inputs.${name}`), `input ${name} is not used`);
  for (const [variable, expression] of Object.entries(checkStep.env ?? {})) {
    assert.ok(checkStep.run!.includes(`$${variable}`), `${variable} (${expression}) is never read`);
  }
});

test("the action's check step, run as the runner would: files written, summary appended, exit code passed on", () => {
  const dir = tempDir();
  const githubOutput = join(dir, 'github-output');
  const summary = join(dir, 'step-summary.md');
  writeFileSync(githubOutput, '');
  const env = {
    ...process.env,
    GITHUB_ACTION_PATH: PACKAGE_ROOT,
    GITHUB_OUTPUT: githubOutput,
    GITHUB_STEP_SUMMARY: summary,
    PGL_CONFIG: '',
    PGL_SNAPSHOT: fixture('not-ready-two-node.json'),
    PGL_FAIL_ON: 'error',
    PGL_RULE: '',
    PGL_SKIP_RULE: '',
    PGL_BASELINE: '',
    PGL_JUNIT: 'reports/pgl-preflight.junit.xml',
    PGL_SARIF: 'pgl-preflight.sarif',
    PGL_SUMMARY: 'true',
  };
  const run = spawnSync('bash', ['-e', '-c', checkStep.run!], { cwd: dir, env, encoding: 'utf8' });
  assert.equal(run.status, 0, `the step itself succeeds; the gate step fails later: ${run.stderr}`);
  assert.match(readFileSync(githubOutput, 'utf8'), /^exit-code=1$/m);
  assert.match(readFileSync(join(dir, 'reports', 'pgl-preflight.junit.xml'), 'utf8'), /<testsuites>/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'pgl-preflight.sarif'), 'utf8')).version, '2.1.0');
  assert.match(readFileSync(summary, 'utf8'), /```mermaid/);
});

test('the Azure Pipelines template runs the CLI with its parameters and writes what its publish steps read', () => {
  const template = parse(readFileSync(resolve(PACKAGE_ROOT, 'ci', 'azure-pipelines-template.yml'), 'utf8')) as {
    steps: { script?: string; task?: string; inputs?: Record<string, string> }[];
  };
  const staging = tempDir();
  const substitute = (text: string) =>
    text
      .replaceAll('$(Build.ArtifactStagingDirectory)', staging)
      .replaceAll('${{ parameters.toolPath }}', PACKAGE_ROOT)
      .replaceAll('${{ parameters.failOn }}', 'error')
      .replaceAll('${{ parameters.config }}', '')
      .replaceAll('${{ parameters.snapshot }}', fixture('not-ready-two-node.json'))
      .replaceAll('${{ parameters.baseline }}', '');
  const check = template.steps.find((s) => s.script?.includes('pgl-preflight.js'))!;
  const run = spawnSync('bash', ['-c', substitute(check.script!)], { cwd: tempDir(), encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const publish = template.steps.find((s) => s.task === 'PublishTestResults@2')!;
  assert.ok(existsSync(substitute(publish.inputs!.testResultsFiles!)), 'the JUnit file PublishTestResults reads');
  const summaryStep = template.steps.find((s) => s.script?.includes('task.uploadsummary'))!;
  const summaryPath = /uploadsummary\](.+)"/.exec(substitute(summaryStep.script!))![1]!;
  assert.match(readFileSync(summaryPath, 'utf8'), /^#/m);
  assert.ok(existsSync(join(staging, 'CodeAnalysisLogs', 'pgl-preflight.sarif')));
});
