// The registry, the rule files, the docs and the declared messages must agree.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadConfig } from '../src/config/load.js';
import { PACKAGE_ROOT, ruleDocPath } from '../src/util/package-info.js';
import { parse as parseYaml } from 'yaml';
import { tempDir } from './helpers/cli.js';
import { docExamples, mergePatch, runDocExample } from './helpers/doc-examples.js';
import { loadFixture } from './helpers/snapshots.js';

const RULES_DIR = join(PACKAGE_ROOT, 'rules');
const DOC_SECTIONS = ['Synopsis', 'Why it matters', 'How it is checked', 'Remediation', 'How to turn it off', 'Examples', 'Links'];

function ruleSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? ruleSourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && dir !== RULES_DIR ? [join(dir, e.name)] : [],
  );
}

test('every rule file under rules/<area>/ is registered, and every registered rule has its file', () => {
  const files = ruleSourceFiles(RULES_DIR)
    .map((f) => relative(RULES_DIR, f).replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(files, RULES.map((r) => r.id).sort());
});

test('rule ids are unique', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
});

for (const rule of RULES) {
  test(`${rule.id}: documented with the template, synopsis = description`, () => {
    const path = ruleDocPath(rule.id);
    assert.ok(existsSync(path), `${path} missing`);
    const doc = readFileSync(path, 'utf8');
    assert.match(doc, new RegExp(`^# ${rule.id.replace('/', '\\/')}\\n`));
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, DOC_SECTIONS);
    const synopsis = /## Synopsis\n([\s\S]*?)\n\n## /.exec(doc)?.[1]?.trim();
    assert.equal(synopsis, rule.description);
  });

  test(`${rule.id}: the doc's examples run: each triggering fragment fails, each counterpart passes`, () => {
    const examples = docExamples(readFileSync(ruleDocPath(rule.id), 'utf8'));
    assert.ok(
      examples.some((e) => e.expect === 'fail'),
      'a triggering example (```json fail <fixture> <target> <messageId>)',
    );
    assert.ok(
      examples.some((e) => e.expect === 'pass'),
      'a passing counterpart (```json pass <fixture> <target>)',
    );
    for (const example of examples) {
      const result = runDocExample(rule.id, example);
      const label = `${example.expect} example on ${example.fixture} for ${example.target}`;
      assert.ok(result, `${label}: the rule has no such target`);
      assert.equal(result.outcome, example.expect, `${label}: ${result.message}`);
      if (example.messageId) assert.equal(result.messageId, example.messageId, `${label}: ${result.message}`);
    }
  });

  test(`${rule.id}: "How to turn it off" gives a config the loader accepts, with a severity override and a suppression with reason and expiry`, () => {
    const doc = readFileSync(ruleDocPath(rule.id), 'utf8');
    const section = /## How to turn it off\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(yaml, 'a yaml block');
    const fragment = parseYaml(yaml) as {
      rules?: Record<string, string>;
      suppressions?: { rule: string; reason?: string; expires?: string }[];
    };
    assert.ok(fragment.rules && rule.id in fragment.rules, `rules: { ${rule.id}: ... }`);
    assert.ok(
      fragment.suppressions?.some((s) => s.rule === rule.id && s.reason && s.expires),
      'a suppression of this rule with reason and expires',
    );
    // Loaded as users paste it: the block as written, in a YAML config (whose warnings are errors).
    const path = join(tempDir(), 'pgl-preflight.yaml');
    writeFileSync(path, `database: appdb\nnodes:\n  - name: node_a\n  - name: node_b\n${yaml}`);
    assert.doesNotThrow(() =>
      loadConfig(
        path,
        RULES.map((r) => r.id),
      ),
    );
  });

  test(`${rule.id}: every declared message is used, has help, and every used message is declared`, () => {
    const source = readFileSync(join(RULES_DIR, `${rule.id}.ts`), 'utf8');
    const used = new Set([...source.matchAll(/ctx\.fail\(\s*'([A-Za-z]+)'/g)].map((m) => m[1]));
    // A rule may pick the message id in an expression: `cond ? ctx.fail('a', …) : ctx.fail('b', …)` is covered above.
    assert.deepEqual([...used].sort(), Object.keys(rule.messages).sort());
    for (const [id, spec] of Object.entries(rule.messages)) {
      assert.ok(spec.message.length > 20, `${id} message too short`);
      assert.ok(spec.help.length > 10, `${id} help missing`);
    }
    assert.ok(rule.help.length > 10 && rule.title.length > 5);
  });
}

test('doc examples: a merge patch merges objects, replaces arrays and removes on null', () => {
  assert.deepEqual(mergePatch({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3], e: 'x' }, d: null }), { a: { b: 1, c: [3], e: 'x' } });
  assert.deepEqual(docExamples('```json fail healthy-two-node.json node_b notLogical\n{"x": 1}\n```\n'), [
    { expect: 'fail', fixture: 'healthy-two-node.json', target: 'node_b', messageId: 'notLogical', patch: { x: 1 } },
  ]);
});

test('no report leaves a {{placeholder}} unfilled on any fixture', () => {
  for (const fixture of readdirSync(join(PACKAGE_ROOT, 'fixtures')).filter((f) => f.endsWith('.json'))) {
    for (const r of evaluate(loadFixture(fixture), RULES)) {
      assert.doesNotMatch(`${r.message} ${r.help}`, /\{\{/, `${fixture} ${r.ruleId} ${r.target}`);
    }
  }
});
