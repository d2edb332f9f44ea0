import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { schemaFiles } from '../src/schemas.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

test('schemas/*.json are the ones generated from the TypeBox definitions (npm run schemas)', () => {
  for (const [file, text] of Object.entries(schemaFiles())) {
    assert.equal(readFileSync(resolve(PACKAGE_ROOT, 'schemas', file), 'utf8'), text, `schemas/${file} is stale`);
  }
});

test('the schema version the loader reads is the one the snapshot type declares', async () => {
  const { READABLE_SCHEMA_VERSION } = await import('../src/snapshot/io.js');
  const { SNAPSHOT_SCHEMA_VERSION } = await import('../src/snapshot/types.js');
  assert.equal(READABLE_SCHEMA_VERSION, SNAPSHOT_SCHEMA_VERSION);
});
