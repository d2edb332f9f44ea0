// SARIF validates against the SARIF 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json as shipped in Microsoft's
// @microsoft/jest-sarif package, a draft-04 schema, hence ajv-draft-04) and uses the spec's fields as GitHub code
// scanning and the Azure DevOps SARIF viewer read them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import type { Log } from 'sarif';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { FailOn } from '../src/engine/result.js';
import { REPORTERS } from '../src/report/index.js';
import { FINGERPRINT_KEY } from '../src/report/sarif.js';
import { TOOL } from '../src/util/package-info.js';
import { FIXED_RUN } from './helpers/run-info.js';
import { loadFixture } from './helpers/snapshots.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// CommonJS packages with a default export, seen from ESM.
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as unknown as new (
  options: object,
) => import('ajv').default;
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as unknown as (ajv: import('ajv').default) => void;
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-Unicode regular expressions accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function sarifOf(fixture: string, options: { failOn?: FailOn; suppress?: boolean; skip?: readonly string[]; run?: typeof FIXED_RUN } = {}) {
  const snapshot = loadFixture(fixture);
  const results = evaluate(snapshot, RULES, {
    skip: options.skip,
    suppressions: options.suppress ? [{ rule: 'azure/subnet-delegation', reason: 'accepted for the pilot' }] : [],
  });
  const text = REPORTERS.sarif(results, {
    tool: TOOL,
    snapshot,
    rules: RULES,
    failOn: options.failOn ?? 'error',
    color: false,
    verbose: false,
    run: options.run ?? FIXED_RUN,
  });
  return { log: JSON.parse(text) as Log, results };
}

function assertValid(log: Log): void {
  const ok = validateSarif(log);
  assert.deepEqual(validateSarif.errors ?? [], [], 'schema errors');
  assert.equal(ok, true);
}

test('the schema is SARIF 2.1.0', () => {
  assert.match(schema.title, /Static Analysis Results Format \(SARIF\) Version 2\.1\.0/);
});

for (const [name, options] of [
  ['not-ready-two-node.json', {}],
  ['not-ready-two-node.json', { suppress: true, failOn: 'warning' as const }],
  ['healthy-two-node.json', {}],
  ['sql-unreachable.json', {}],
  ['network/public-access-with-private-endpoint.json', {}],
  ['healthy-two-node.json', { skip: ['azure/*', 'network/*', 'postgres/*', 'pglogical/*', 'dns/*'] }],
] as const) {
  test(`SARIF of ${name} ${JSON.stringify(options)} validates against the SARIF 2.1.0 schema`, () =>
    assertValid(sarifOf(name, options).log));
}

test('the validator refuses a log that breaks the schema (the check can fail)', () => {
  const { log } = sarifOf('not-ready-two-node.json');
  const bad = JSON.parse(JSON.stringify(log));
  bad.runs[0].results[0].level = 'fatal';
  bad.runs[0].results[1].partialFingerprints = { x: 1 };
  assert.equal(validateSarif(bad), false);
});

test('rule descriptors come from the rule metadata, and ruleIndex points at them', () => {
  const { log } = sarifOf('not-ready-two-node.json');
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;
  assert.deepEqual(
    rules.map((r) => r.id),
    RULES.map((r) => r.id),
  );
  const wal = rules.find((r) => r.id === 'postgres/wal-level')!;
  const meta = RULES.find((r) => r.id === 'postgres/wal-level')!;
  assert.equal(wal.shortDescription?.text, meta.title);
  assert.equal(wal.fullDescription?.text, meta.description);
  assert.ok(wal.help?.text.startsWith(meta.help));
  assert.match(wal.help!.markdown!, /rules\/postgres\/wal-level\.md/);
  for (const result of run.results!) assert.equal(rules[result.ruleIndex!]!.id, result.ruleId);
});

test('results: logical locations (target, Azure resource ids), a physical location at the input file, stable fingerprints', () => {
  const { log, results } = sarifOf('not-ready-two-node.json');
  const sarifResults = log.runs[0]!.results!;
  assert.equal(sarifResults.length, results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').length);
  const wal = sarifResults.find((r) => r.ruleId === 'postgres/wal-level' && r.properties?.target === 'node_a')!;
  const location = wal.locations![0]!;
  assert.deepEqual(location.physicalLocation, {
    artifactLocation: { uri: 'pgl-preflight.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 1 },
  });
  assert.deepEqual(location.logicalLocations, [
    { name: 'node_a', fullyQualifiedName: 'node_a' },
    { name: 'node_a', fullyQualifiedName: loadFixture('not-ready-two-node.json').topology.nodes[0]!.server!, kind: 'resource' },
  ]);
  assert.deepEqual(wal.partialFingerprints, { [FINGERPRINT_KEY]: 'beabc177c882d52a' });
  assert.match(wal.message.text ?? '', /How to fix: Set wal_level to logical/);
  const pair = sarifResults.find((r) => String(r.properties?.target).includes('->'))!;
  const [subscriber, provider] = String(pair.properties!.target).split('->');
  assert.equal(pair.locations![0]!.logicalLocations![0]!.fullyQualifiedName, `${subscriber}->${provider}`);
  assert.deepEqual(
    pair.locations![0]!.logicalLocations!.slice(1).map((l) => l.name),
    [subscriber, provider],
  );
  // Same findings, another day and machine: same fingerprints.
  const again = sarifOf('not-ready-two-node.json', {
    run: { ...FIXED_RUN, startedAt: new Date('2027-01-01T00:00:00Z'), hostname: 'other' },
  }).log;
  assert.deepEqual(
    again.runs[0]!.results!.map((r) => r.partialFingerprints),
    sarifResults.map((r) => r.partialFingerprints),
  );
});

test('levels follow --fail-on: error exactly for what gates the exit code', () => {
  const atError = sarifOf('not-ready-two-node.json').log.runs[0]!;
  const track = (run: typeof atError) =>
    run.results!.find((r) => r.ruleId === 'postgres/track-commit-timestamp' && r.properties?.outcome === 'fail')!;
  assert.equal(track(atError).level, 'warning');
  assert.equal(atError.results!.find((r) => r.ruleId === 'postgres/wal-level')!.level, 'error');
  const warningRule = RULES.find((r) => r.severity === 'warning')!;
  const errorRule = RULES.find((r) => r.severity === 'error')!;
  const defaultLevel = (run: typeof atError, id: string) => run.tool.driver.rules!.find((r) => r.id === id)!.defaultConfiguration!.level;
  assert.equal(defaultLevel(atError, warningRule.id), 'warning');
  assert.equal(defaultLevel(atError, errorRule.id), 'error');
  const atWarning = sarifOf('not-ready-two-node.json', { failOn: 'warning' }).log.runs[0]!;
  assert.equal(track(atWarning).level, 'error');
  assert.equal(defaultLevel(atWarning, warningRule.id), 'error');
  const never = sarifOf('not-ready-two-node.json', { failOn: 'never' }).log.runs[0]!;
  assert.ok(never.results!.every((r) => r.level !== 'error'));
  assert.equal(defaultLevel(never, errorRule.id), 'warning');
  assert.equal(never.properties!.gating, 0);
});

test('suppressions are SARIF suppressions with their justification', () => {
  const { log } = sarifOf('not-ready-two-node.json', { suppress: true });
  const suppressed = log.runs[0]!.results!.filter((r) => r.ruleId === 'azure/subnet-delegation');
  assert.equal(suppressed.length, 2);
  for (const r of suppressed) {
    assert.deepEqual(r.suppressions, [{ kind: 'external', status: 'accepted', justification: 'accepted for the pilot' }]);
    assert.equal(r.level, 'error', 'keeps the level it would have without the suppression');
  }
  assert.ok(log.runs[0]!.results!.filter((r) => r.ruleId !== 'azure/subnet-delegation').every((r) => r.suppressions === undefined));
});

test('the run records its own start and length, and the host', () => {
  const invocation = sarifOf('healthy-two-node.json').log.runs[0]!.invocations![0]!;
  assert.equal(invocation.startTimeUtc, '2026-12-01T09:30:00.250Z');
  assert.equal(invocation.endTimeUtc, '2026-12-01T09:30:01.484Z');
  assert.equal(invocation.machine, 'ci-agent');
});
