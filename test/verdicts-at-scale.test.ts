// Verdicts on generated large inputs stay what they were before the indexes and caches of issue 10:
// a 10-node mesh and a 2,000-table snapshot, healthy and with defects injected, evaluated and rendered
// in every format. The golden (test/golden/verdicts-at-scale.json) holds one sha256 per rule's results
// and per report, computed with the code before the optimisations; UPDATE_GOLDEN=1 rewrites it.
// The mesh cases are also pinned readably (test/golden/verdicts-at-scale-mesh.json, taken before the
// speed work of issue 14): one line per result with its status, severity, rule, target, message id and,
// for anything but a pass, the message (which names the cause). Evidence and report layout may change
// deliberately (then the hashes are re-taken); these lines may not.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { generateMesh, generateReplicatedTables } from '../bench/generate.js';
import { RULES } from '../rules/index.js';
import { evaluate, type EvaluateOptions } from '../src/engine/evaluate.js';
import { REPORTERS, FORMAT_NAMES, renderedText } from '../src/report/index.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { parseSnapshot } from '../src/snapshot/io.js';
import { readGolden, UPDATING_GOLDEN } from './helpers/golden.js';
import { brokenMesh, brokenMeshNetwork, brokenTables } from './helpers/scale.js';
import type { Result } from '../src/engine/result.js';

const GOLDEN = resolve(PACKAGE_ROOT, 'test', 'golden', 'verdicts-at-scale.json');
const MESH_GOLDEN = resolve(PACKAGE_ROOT, 'test', 'golden', 'verdicts-at-scale-mesh.json');
const TOOL = { name: 'pgl-preflight', version: '0.0.0-test' };
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const OPTIONS: EvaluateOptions = {
  severityOverrides: { 'pglogical/sequence-collision': 'error', 'dns/private-resolution': 'off' },
  suppressions: [
    { rule: 'network/*', target: 'node_06->node_07', reason: 'peering is being rebuilt' },
    { rule: 'pglogical/schema-drift', target: 'node_a:public.t_0100', reason: 'migration in progress', expires: '2099-12-31' },
    { rule: 'pglogical/primary-keys', reason: 'expired', expires: '2000-01-01' },
  ],
  now: new Date('2026-11-20T12:00:00Z'),
};

interface Entry {
  results: Record<string, string>;
  reports: Record<string, string>;
}

// Through the loader, as the CLI reads a snapshot (validation and redaction included).
function run(snapshot: Snapshot, options: EvaluateOptions): { loaded: Snapshot; results: Result[] } {
  const loaded = parseSnapshot(JSON.stringify(snapshot), 'generated.json');
  return { loaded, results: evaluate(loaded, RULES, options) };
}

function verdictLines(results: readonly Result[]): string[] {
  return results.map((r) =>
    [r.outcome, r.severity, r.ruleId, r.target, r.messageId ?? '-', r.suppressed ? 'suppressed' : '', r.outcome === 'pass' ? '' : r.message]
      .join(' | ')
      .replace(/( \| )+$/, ''),
  );
}

function fingerprintRun(snapshot: Snapshot, options: EvaluateOptions): Entry {
  const { loaded, results } = run(snapshot, options);
  const perRule: Record<string, string> = {};
  for (const rule of RULES) perRule[rule.id] = sha(JSON.stringify(results.filter((r) => r.ruleId === rule.id)));
  const reports: Record<string, string> = {};
  for (const format of FORMAT_NAMES) {
    for (const verbose of [false, true]) {
      reports[`${format}${verbose ? ' verbose' : ''}`] = sha(
        renderedText(
          REPORTERS[format](results, { tool: TOOL, snapshot: loaded, rules: RULES, failOn: 'warning', color: verbose, verbose }),
        ),
      );
    }
  }
  return { results: perRule, reports };
}

const MESH_CASES: Record<string, () => Result[]> = {
  'mesh-10 healthy': () => run(generateMesh(10), {}).results,
  'mesh-10 broken': () => run(brokenMesh(), OPTIONS).results,
  'mesh-10 network broken, all subscriptions down': () => run(brokenMeshNetwork(), {}).results,
  // Causes are still named when the rules they come from are not reported.
  'mesh-10 network broken, only subscription-status': () => run(brokenMeshNetwork(), { only: ['pglogical/subscription-status'] }).results,
  'mesh-10 network broken, network rules skipped': () =>
    run(brokenMeshNetwork(), { skip: ['network/*'], severityOverrides: { 'dns/zone-linked': 'off' } }).results,
};

const CASES: Record<string, () => Entry> = {
  'mesh-10 healthy': () => fingerprintRun(generateMesh(10), {}),
  'mesh-10 broken': () => fingerprintRun(brokenMesh(), OPTIONS),
  'mesh-10 network broken': () => fingerprintRun(brokenMeshNetwork(), {}),
  'tables-2000 healthy': () => fingerprintRun(generateReplicatedTables(2000), {}),
  'tables-2000 broken': () => fingerprintRun(brokenTables(), OPTIONS),
};

const computed: Record<string, Entry> = {};

for (const [name, run] of Object.entries(CASES)) {
  test(`${name}: results per rule and every report match test/golden/verdicts-at-scale.json`, () => {
    const actual = (computed[name] = run());
    if (UPDATING_GOLDEN) return;
    const expected = (JSON.parse(readGolden(GOLDEN)) as Record<string, Entry>)[name];
    assert.ok(expected, `test/golden/verdicts-at-scale.json has no entry for ${name}: run UPDATE_GOLDEN=1`);
    for (const id of Object.keys({ ...expected.results, ...actual.results }))
      assert.equal(actual.results[id], expected.results[id], `results of ${id} changed`);
    for (const id of Object.keys({ ...expected.reports, ...actual.reports }))
      assert.equal(actual.reports[id], expected.reports[id], `${id} report changed`);
  });
}

const meshComputed: Record<string, string[]> = {};

for (const [name, runCase] of Object.entries(MESH_CASES)) {
  test(`${name}: every verdict (status, rule, target, message id, message) matches test/golden/verdicts-at-scale-mesh.json`, () => {
    const actual = (meshComputed[name] = verdictLines(runCase()));
    if (UPDATING_GOLDEN) return;
    const expected = (JSON.parse(readGolden(MESH_GOLDEN)) as Record<string, string[]>)[name];
    assert.ok(expected, `test/golden/verdicts-at-scale-mesh.json has no entry for ${name}: run UPDATE_GOLDEN=1`);
    // Compared as text so a difference shows the lines that changed.
    assert.equal(actual.join('\n'), expected.join('\n'));
  });
}

test('UPDATE_GOLDEN=1 rewrites the golden files', { skip: !UPDATING_GOLDEN }, () => {
  writeFileSync(GOLDEN, `${JSON.stringify(computed, null, 2)}\n`);
  writeFileSync(MESH_GOLDEN, `${JSON.stringify(meshComputed, null, 1)}\n`);
});
