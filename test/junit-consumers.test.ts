// The JUnit report as an independent parser reads it (junit2json, on xml2js like dorny/test-reporter):
// counts, titles, reasons, times, and agreement with the exit code, for the healthy, broken, suppressed and
// empty-selection cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, type TestCase, type TestSuite, type TestSuites } from 'junit2json';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { isGating, summarize, type FailOn, type Result } from '../src/engine/result.js';
import { REPORTERS, renderedText } from '../src/report/index.js';
import { TOOL } from '../src/util/package-info.js';
import { FIXED_RUN } from './helpers/run-info.js';
import { loadFixture } from './helpers/snapshots.js';

const SUPPRESSION = { rule: 'azure/subnet-delegation', reason: 'accepted for the pilot until the VNET move' };

async function report(fixture: string, options: { failOn?: FailOn; skip?: string[]; suppress?: boolean } = {}) {
  const snapshot = loadFixture(fixture);
  const results = evaluate(snapshot, RULES, { skip: options.skip, suppressions: options.suppress ? [SUPPRESSION] : [] });
  const failOn = options.failOn ?? 'error';
  const xml = renderedText(
    REPORTERS.junit(results, { tool: TOOL, snapshot, rules: RULES, failOn, color: false, verbose: false, run: FIXED_RUN }),
  );
  const parsed = (await parse(xml)) as TestSuites;
  assert.equal(parsed.testsuite?.length, 1, 'one suite per run');
  const suite = parsed.testsuite[0]!;
  return { results, suite, cases: suite.testcase ?? [], failOn, exitCode: results.some((r) => isGating(r, failOn)) ? 1 : 0 };
}

function caseOf(cases: readonly TestCase[], ruleId: string, target: string): TestCase {
  const found = cases.find((c) => c.name === `${ruleId} on ${target}`);
  assert.ok(found, `${ruleId} on ${target}`);
  assert.equal(found.classname, ruleId);
  return found;
}

function assertCountsAgree(suite: TestSuite, cases: readonly TestCase[], results: readonly Result[], failOn: FailOn): void {
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  assert.equal(suite.tests, cases.length);
  assert.equal(suite.failures, failures);
  assert.equal(suite.errors, errors);
  assert.equal(suite.skipped, cases.filter((c) => c.skipped).length);
  // The file and the exit code agree: exactly the gating results are failures or errors.
  assert.equal(failures + errors, results.filter((r) => isGating(r, failOn)).length);
}

test('healthy: every case passes, with a run time and the run start as timestamp', async () => {
  const { suite, cases, results, failOn, exitCode } = await report('healthy-two-node.json');
  assert.equal(exitCode, 0);
  assert.equal(cases.length, results.length);
  assert.equal(cases.length, summarize(results).pass);
  assertCountsAgree(suite, cases, results, failOn);
  assert.equal(suite.time, 1.234);
  assert.equal(suite.timestamp, '2026-12-01T09:30:00', 'the run start, not the snapshot collection date');
  assert.equal(suite.name, 'pgl-preflight appdb');
  assert.ok(cases.every((c) => c.time === 0));
  assert.ok(suite['system-out']?.[0]?.includes('Passed:\n  azure/vnet-integration on node_a: VNET-integrated'));
});

test('broken: gating failures and errors carry diagnosis and fix; warnings below --fail-on error are not failures', async () => {
  const { suite, cases, results, failOn, exitCode } = await report('not-ready-two-node.json');
  assert.equal(exitCode, 1);
  assertCountsAgree(suite, cases, results, failOn);
  const wal = caseOf(cases, 'postgres/wal-level', 'node_a').failure![0]!;
  assert.equal(wal.type, 'error');
  assert.match(wal.message!, /wal_level is "replica" on node_a/);
  assert.match(wal.inner!, /How to fix: Set wal_level to logical and restart/);
  // A warning-level failure passes at the default gate, and is noted at suite level.
  const warning = caseOf(cases, 'postgres/track-commit-timestamp', 'node_a');
  assert.equal(warning.failure, undefined);
  assert.equal(warning.skipped, undefined);
  assert.ok(
    suite.properties?.some(
      (p) =>
        p.name === 'belowFailOn postgres/track-commit-timestamp on node_a' && p.value!.startsWith('warning: track_commit_timestamp is off'),
    ),
  );
  assert.match(suite['system-out']![0]!, /^Findings below --fail-on error \(reported, not failed\):\n\n\[warning\] /);
  assert.match(
    suite['system-out']![0]!,
    /\n\[warning\] postgres\/track-commit-timestamp on node_a\ntrack_commit_timestamp is off on node_a[^\n]*\n\nHow to fix: /,
  );
  // An unchecked result that gates is an error, with its reason.
  const unchecked = cases.find((c) => c.error);
  assert.match(unchecked!.error![0]!.message!, /could not check/);
});

test('broken at --fail-on warning: the warnings become failures; at never nothing fails', async () => {
  const strict = await report('not-ready-two-node.json', { failOn: 'warning' });
  assertCountsAgree(strict.suite, strict.cases, strict.results, strict.failOn);
  assert.equal(caseOf(strict.cases, 'postgres/track-commit-timestamp', 'node_a').failure?.[0]?.type, 'warning');
  const never = await report('not-ready-two-node.json', { failOn: 'never' });
  assert.equal(never.exitCode, 0);
  assertCountsAgree(never.suite, never.cases, never.results, never.failOn);
  assert.equal(never.suite.failures, 0);
  assert.equal(never.suite.errors, 0);
  // Unchecked below the gate: skipped, saying why.
  assert.ok(
    never.cases.some((c) => (c.skipped?.[0]?.message ?? '').startsWith('not checked (error, below --fail-on never): could not check')),
  );
});

test('suppressed and not-applicable: the reason is in skipped@message', async () => {
  const { suite, cases, results, failOn } = await report('not-ready-two-node.json', { suppress: true });
  assertCountsAgree(suite, cases, results, failOn);
  const suppressed = caseOf(cases, 'azure/subnet-delegation', 'node_a');
  assert.match(
    suppressed.skipped![0]!.message!,
    /^suppressed: accepted for the pilot until the VNET move \(was fail: subnet examplesubnet of node_a is delegated/,
  );
  const network = await report('network/public-access-with-private-endpoint.json');
  assertCountsAgree(network.suite, network.cases, network.results, network.failOn);
  const notApplicable = caseOf(network.cases, 'azure/subnet-delegation', 'node_b');
  assert.equal(notApplicable.skipped![0]!.message, 'node_b is not VNET-integrated');
});

test('empty selection: still one suite with one passing case (Jenkins aborts on a report without results)', async () => {
  const { suite, cases, results } = await report('healthy-two-node.json', {
    skip: ['azure/*', 'network/*', 'postgres/*', 'pglogical/*', 'dns/*'],
  });
  assert.equal(results.length, 0);
  assert.equal(suite.tests, 1);
  assert.equal(cases.length, 1);
  assert.equal(cases[0]!.name, 'pgl-preflight selection');
  assert.equal(cases[0]!.failure ?? cases[0]!.error ?? cases[0]!.skipped, undefined);
  assert.match(suite['system-out']![0]!, /No rule was selected/);
  assert.equal(suite.time, 1.234);
});
