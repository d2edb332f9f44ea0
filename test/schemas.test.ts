import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { schemaFiles } from '../src/schemas.js';
import { parseSnapshot } from '../src/snapshot/io.js';
import { SNAPSHOT_VERSION } from '../src/snapshot/version.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

test('schemas/*.json are the ones generated from the TypeBox definitions (npm run schemas)', () => {
  for (const [file, text] of Object.entries(schemaFiles())) {
    assert.equal(readFileSync(resolve(PACKAGE_ROOT, 'schemas', file), 'utf8'), text, `schemas/${file} is stale`);
  }
});

test('the shipped snapshot schema and the loader take the version this build writes, and refuse another', () => {
  const schema = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'schemas', 'snapshot.schema.json'), 'utf8')) as { properties: { schemaVersion: { const: unknown } } };
  assert.equal(schema.properties.schemaVersion.const, SNAPSHOT_VERSION);
  const snapshot = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'healthy-two-node.json'), 'utf8')) as { schemaVersion: number };
  assert.equal(snapshot.schemaVersion, SNAPSHOT_VERSION);
  assert.doesNotThrow(() => parseSnapshot(JSON.stringify(snapshot), 'snap.json'));
  assert.throws(() => parseSnapshot(JSON.stringify({ ...snapshot, schemaVersion: SNAPSHOT_VERSION + 1 }), 'snap.json'), /schemaVersion: 2; this pgl-preflight reads snapshot schema version 1/);
});
