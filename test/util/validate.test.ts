import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fixture } from '../helpers/cli.js';
import { jsonLineLocator, lineLocator } from '../../src/util/validate.js';

test('the JSON line locator names the same line as the YAML one, for every path of a fixture, pretty or compact', () => {
  const doc = JSON.parse(readFileSync(fixture('healthy-three-node.json'), 'utf8'));
  for (const text of [JSON.stringify(doc, null, 2), JSON.stringify(doc), `\ufeff${JSON.stringify(doc, null, 1)}`]) {
    const [yaml, json] = [lineLocator(text.replace(/^\ufeff/, '')), jsonLineLocator(text)];
    const walk = (value: unknown, path: (string | number)[]): void => {
      assert.equal(json(path), yaml(path), `line of ${JSON.stringify(path)}`);
      if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
    };
    walk(doc, []);
    // A path that goes past what exists is located at its deepest existing part.
    assert.equal(json(['nodes', 'node_a', 'no-such-key', 3]), yaml(['nodes', 'node_a']));
  }
});

test('a duplicate key is located at its last occurrence, the one JSON.parse keeps', () => {
  assert.equal(jsonLineLocator('{\n"a": 1,\n"b": {"c": 1},\n"a": [\n0,\n {"x": "y\\"}"}]\n}')(['a', 1, 'x']), 6);
});
