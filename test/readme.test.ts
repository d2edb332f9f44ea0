import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { replaceRuleTable } from '../src/report/rule-table.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

test('the README rule list is the one generated from rule metadata (npm run docs:rules)', () => {
  const readme = readFileSync(resolve(PACKAGE_ROOT, 'README.md'), 'utf8');
  assert.equal(readme, replaceRuleTable(readme, RULES));
});

test('.ci/run runs exactly the README test command', () => {
  const readme = readFileSync(resolve(PACKAGE_ROOT, 'README.md'), 'utf8');
  const ci = readFileSync(resolve(PACKAGE_ROOT, '.ci', 'run'), 'utf8');
  const command = /<!-- test-command -->\n```sh\n(.+)\n```/.exec(readme)?.[1];
  assert.ok(command, 'README marks its test command');
  assert.ok(ci.split('\n').includes(command), `.ci/run does not run: ${command}`);
});
