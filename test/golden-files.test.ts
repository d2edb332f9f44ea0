// A golden file that is missing or different fails the test; it is never re-created silently.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGolden, UPDATING_GOLDEN } from './helpers/golden.js';
import { tempDir } from './helpers/cli.js';

test('a missing golden file fails and is not created', { skip: UPDATING_GOLDEN && 'UPDATE_GOLDEN is set' }, () => {
  const path = join(tempDir(), 'missing.txt');
  assert.throws(() => assertGolden(path, 'report\n'), /golden file .*missing\.txt is missing: run UPDATE_GOLDEN=1/);
  assert.equal(existsSync(path), false);
});

test('a different golden file fails and is left as it was', { skip: UPDATING_GOLDEN && 'UPDATE_GOLDEN is set' }, () => {
  const path = join(tempDir(), 'different.txt');
  writeFileSync(path, 'old report\n');
  assert.throws(() => assertGolden(path, 'new report\n'), /differs from its golden file/);
  assert.equal(readFileSync(path, 'utf8'), 'old report\n');
});

test('an equal golden file passes', () => {
  const path = join(tempDir(), 'equal.txt');
  writeFileSync(path, 'report\n');
  assertGolden(path, 'report\n');
});
