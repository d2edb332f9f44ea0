// Every broken network fixture fails exactly the results its fault implies, naming the deciding resource;
// the healthy fixture passes every rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { NETWORK_VARIANTS, variantText } from './fixture-variants.js';
import { loadFixture } from './helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

test('the healthy fixture passes every rule: no failure, warning, skip or unchecked result', () => {
  const results = evaluate(healthy, RULES);
  assert.deepEqual(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}|${r.target}: ${r.message}`), []);
  assert.deepEqual([...new Set(results.map((r) => r.ruleId))], RULES.map((r) => r.id));
});

for (const variant of NETWORK_VARIANTS) {
  test(`fixtures/network/${variant.name}.json: ${variant.description}`, () => {
    const path = resolve(PACKAGE_ROOT, 'fixtures', 'network', `${variant.name}.json`);
    assert.equal(readFileSync(path, 'utf8'), variantText(healthy, variant), 'stale: run npm run fixtures');
    const results = evaluate(loadFixture(`network/${variant.name}.json`), RULES);
    const failing = results.filter((r) => r.outcome === 'fail').map((r) => `${r.ruleId}|${r.target}`);
    assert.deepEqual(failing.sort(), [...variant.fails].sort());
    assert.deepEqual(results.filter((r) => r.outcome === 'error').map((r) => `${r.ruleId}|${r.target}: ${r.message}`), []);
    for (const [key, pattern] of Object.entries(variant.names ?? {})) {
      const result = results.find((r) => `${r.ruleId}|${r.target}` === key)!;
      assert.match(result.message, pattern, key);
    }
  });
}
