// Reporter output is checked against golden files (UPDATE_GOLDEN=1 npm test rewrites them after a deliberate change).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Result } from '../src/engine/result.js';
import type { ReportContext } from '../src/report/context.js';
import { REPORTERS, renderedText, type FormatName } from '../src/report/index.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { assertGolden } from './helpers/golden.js';
import { FIXED_RUN } from './helpers/run-info.js';
import { loadFixture } from './helpers/snapshots.js';

const GOLDEN_DIR = resolve(PACKAGE_ROOT, 'test', 'golden');
// A fixed tool version keeps the golden files independent of releases.
const TOOL = { name: 'pgl-preflight', version: '0.0.0-test' };

function render(format: FormatName, fixture: string, extra: Partial<ReportContext> = {}): string {
  const snapshot = loadFixture(fixture);
  const results = evaluate(snapshot, RULES);
  return renderedText(
    REPORTERS[format](results, {
      tool: TOOL,
      snapshot,
      rules: RULES,
      failOn: 'error',
      color: false,
      verbose: false,
      run: FIXED_RUN,
      ...extra,
    }),
  );
}

function golden(name: string, actual: string): void {
  assertGolden(resolve(GOLDEN_DIR, name), actual);
}

const cases: [FormatName, string, string, Partial<ReportContext>?][] = [
  ['text', 'not-ready-two-node.json', 'not-ready.txt'],
  ['text', 'healthy-two-node.json', 'healthy-verbose.txt', { verbose: true }],
  ['text', 'worker-budget-exhausted.json', 'worker-budget-exhausted.color.txt', { color: true }],
  ['json', 'worker-budget-exhausted.json', 'worker-budget-exhausted.json'],
  ['junit', 'not-ready-two-node.json', 'not-ready.junit.xml'],
  ['sarif', 'not-ready-two-node.json', 'not-ready.sarif.json'],
  ['text', 'network/nsg-deny-above-allow.json', 'nsg-deny-above-allow.txt'],
  ['markdown', 'not-ready-two-node.json', 'not-ready.md'],
  ['markdown', 'network/nsg-deny-above-allow.json', 'nsg-deny-above-allow.md'],
  ['mermaid', 'healthy-three-node.json', 'healthy-three-node.mmd'],
  ['mermaid', 'network/peering-initiated.json', 'peering-initiated.mmd'],
];
for (const [format, fixture, file, extra] of cases) {
  test(`${format} report of ${fixture} matches test/golden/${file}`, () => golden(file, render(format, fixture, extra)));
}

test('text report: an unchecked result is shown as such, with its reason', () => {
  const snapshot = loadFixture('sql-unreachable.json');
  delete snapshot.nodes.node_b!.azure!.parameters;
  const text = REPORTERS.text(evaluate(snapshot, RULES), {
    tool: TOOL,
    snapshot,
    rules: RULES,
    failOn: 'error',
    color: false,
    verbose: false,
  });
  assert.match(
    text,
    /\? unchecked +\d+ checks \([^)]*postgres\/wal-level[^)]*\)\n +could not check: SQL on node_b: connect to pg-app-b\.postgres\.database\.azure\.com:5432 timed out after 10 s; the server parameters of node_b were not collected from Azure/,
  );
  // pglogical/subscription-sets and azure/ha-failover-slots add unchecked results here.
  assert.match(text, /✖ 23 findings at or above --fail-on error · 0 failed .*, 27 could not be checked/);
});

test('junit: counts on the suite match its cases, titles are unique, warnings below --fail-on are not failures', () => {
  const xml = render('junit', 'not-ready-two-node.json');
  const suites = [...xml.matchAll(/<testsuite [^>]*>[\s\S]*?<\/testsuite>/g)].map((m) => m[0]);
  assert.equal(suites.length, 1, 'one suite: Azure Pipelines names the run after it');
  const head = /<testsuite [^>]*>/.exec(suites[0]!)![0];
  const attr = (name: string) => Number(new RegExp(` ${name}="(\\d+)"`).exec(head)![1]);
  const cases = [...suites[0]!.matchAll(/<testcase [\s\S]*?(?:\/>|<\/testcase>)/g)].map((m) => m[0]);
  assert.equal(attr('tests'), cases.length);
  assert.equal(attr('failures'), cases.filter((c) => c.includes('<failure')).length);
  assert.equal(attr('errors'), cases.filter((c) => c.includes('<error')).length);
  assert.equal(attr('skipped'), cases.filter((c) => c.includes('<skipped')).length);
  assert.match(xml, /<testsuites>\n/, 'no attributes on <testsuites> (windyroad schema)');
  const ids = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map((m) => m[2]);
  assert.equal(new Set(ids).size, ids.length);
  // 26 failures in the JSON summary: 20 errors fail the default gate, 6 warnings do not.
  assert.equal(attr('failures'), 20);
  assert.match(xml, /<property name="belowFailOn" value="6"\/>/);
  assert.doesNotMatch(xml, /<failure [^>]*type="warning"/);
  const strict = render('junit', 'not-ready-two-node.json', { failOn: 'warning' });
  assert.equal(Number(/ failures="(\d+)"/.exec(strict)![1]), 26);
});

test('junit: failure text carries diagnosis, fix and evidence; XML-hostile facts are made safe', () => {
  const results: Result[] = evaluate(loadFixture('not-ready-two-node.json'), RULES, { only: ['postgres/wal-level'] }).map((r) => ({
    ...r,
    message: `${r.message} ]]> \u0001 <&>`,
  }));
  const snapshot = loadFixture('not-ready-two-node.json');
  const xml = renderedText(
    REPORTERS.junit(results, { tool: TOOL, snapshot, rules: RULES, failOn: 'error', color: false, verbose: false, run: FIXED_RUN }),
  );
  assert.match(
    xml,
    /<failure message="wal_level is &quot;replica&quot; on node_a[^"]*\]\] &gt; \\x01 &lt;&amp;&gt;" type="error"><!\[CDATA\[\[error\] postgres\/wal-level on node_a/,
  );
  assert.match(xml, /How to fix: Set wal_level to logical and restart: az postgres flexible-server parameter set/);
  assert.match(xml, /Evidence: \{"wal_level":"replica","source":"arm","running":"replica","pendingRestart":false\}/);
  assert.doesNotMatch(xml, /\u0001/);
  // A control character from data is shown escaped, as in the text report (a newline cannot forge a line).
  assert.match(xml, /CDATA\[\[error\] postgres\/wal-level on node_a\n[^\n]*\\x01 <&>\n/);
});

test('json: terminal-unsafe characters that JSON.stringify leaves raw (C1, bidi) are written as \\u escapes', () => {
  const results: Result[] = evaluate(loadFixture('not-ready-two-node.json'), RULES, { only: ['postgres/wal-level'] }).map((r) => ({
    ...r,
    message: `a\u009b31m\u202eb\u0007`,
  }));
  const snapshot = loadFixture('not-ready-two-node.json');
  const json = renderedText(REPORTERS.json(results, { tool: TOOL, snapshot, rules: RULES, failOn: 'error', color: false, verbose: false }));
  assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  assert.equal(JSON.parse(json).results[0].message, 'a\u009b31m\u202eb\u0007');
});

test('text report of three nodes starts with the reachability matrix', () => {
  const snapshot = loadFixture('healthy-three-node.json');
  const first = snapshot.azure!.networkSecurityGroups!;
  const nsgC = Object.values(first).find((x) => x.ok && x.data.name === 'nsg-pg-centralus')!;
  if (nsgC.ok)
    nsgC.data.securityRules.push({
      name: 'deny-from-west',
      priority: 150,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      sourceAddressPrefix: '10.2.0.0/16',
      destinationAddressPrefix: '*',
      sourcePortRange: '*',
      destinationPortRange: '5432',
    });
  const text = REPORTERS.text(evaluate(snapshot, RULES), {
    tool: TOOL,
    snapshot,
    rules: RULES,
    failOn: 'error',
    color: false,
    verbose: false,
  });
  golden('three-node-matrix.txt', text);
  assert.match(text, /\n {2}node_b {13}✔ {18}· {18}✖ nsg-allows-5432\n/);
  const two = REPORTERS.text(evaluate(loadFixture('healthy-two-node.json'), RULES), {
    tool: TOOL,
    snapshot: loadFixture('healthy-two-node.json'),
    rules: RULES,
    failOn: 'error',
    color: false,
    verbose: false,
  });
  assert.doesNotMatch(two, /Reachability/);
});

test('every format renders 250,000 results without overflowing the argument stack', () => {
  const snapshot = loadFixture('healthy-two-node.json');
  const [one] = evaluate(snapshot, RULES).filter((r) => r.outcome === 'pass');
  const many: Result[] = Array.from({ length: 250_000 }, (_, i) => ({ ...one!, target: `node_a:public.t${i}`, fingerprint: `f${i}` }));
  for (const format of Object.keys(REPORTERS) as FormatName[]) {
    const out = renderedText(
      REPORTERS[format](many, {
        tool: { name: 'pgl-preflight', version: '0.0.0-test' },
        snapshot,
        rules: RULES,
        failOn: 'error',
        color: false,
        verbose: false,
        run: FIXED_RUN,
      }),
    );
    assert.ok(out.length > 0, format);
  }
});
