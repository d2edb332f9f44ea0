// The registry, the rule files, the docs and the declared messages must agree.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { PACKAGE_ROOT, ruleDocPath } from '../src/util/package-info.js';
import { loadFixture } from './helpers/snapshots.js';

const RULES_DIR = join(PACKAGE_ROOT, 'rules');
const DOC_SECTIONS = ['Synopsis', 'Why it matters', 'How it is checked', 'Remediation', 'Examples', 'Links'];

function ruleSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? ruleSourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && dir !== RULES_DIR ? [join(dir, e.name)] : [],
  );
}

test('every rule file under rules/<area>/ is registered, and every registered rule has its file', () => {
  const files = ruleSourceFiles(RULES_DIR).map((f) => relative(RULES_DIR, f).replace(/\.ts$/, '')).sort();
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

test('no report leaves a {{placeholder}} unfilled on any fixture', () => {
  for (const fixture of readdirSync(join(PACKAGE_ROOT, 'fixtures')).filter((f) => f.endsWith('.json'))) {
    for (const r of evaluate(loadFixture(fixture), RULES)) {
      assert.doesNotMatch(`${r.message} ${r.help}`, /\{\{/, `${fixture} ${r.ruleId} ${r.target}`);
    }
  }
});
