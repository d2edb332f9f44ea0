// Golden files: a missing or different golden fails the test; only UPDATE_GOLDEN=1 writes them, so a
// deleted or never-committed golden cannot pass silently.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';

export const UPDATING_GOLDEN = Boolean(process.env.UPDATE_GOLDEN);

/** The golden file's text; fails (unless updating) when it does not exist. */
export function readGolden(path: string): string {
  assert.ok(
    existsSync(path),
    `golden file ${relative(PACKAGE_ROOT, path)} is missing: run UPDATE_GOLDEN=1 node --test on this test and commit it`,
  );
  return readFileSync(path, 'utf8');
}

/** Compares `actual` with the golden file at `path`; UPDATE_GOLDEN=1 rewrites the file instead. */
export function assertGolden(path: string, actual: string): void {
  if (UPDATING_GOLDEN) writeFileSync(path, actual);
  assert.equal(
    actual,
    readGolden(path),
    `${relative(PACKAGE_ROOT, path)} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after a deliberate change)`,
  );
}
