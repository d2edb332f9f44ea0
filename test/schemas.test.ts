import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { schemaFiles, VALIDATOR_OPTIONS } from '../src/schemas.js';
import { lazyValidator } from '../src/util/validate.js';
import { parseSnapshot } from '../src/snapshot/io.js';
import { SNAPSHOT_VERSION } from '../src/snapshot/version.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

test('schemas/*.json and schemas/validators.cjs are the ones generated from the TypeBox definitions (npm run schemas)', () => {
  for (const [file, text] of Object.entries(schemaFiles())) {
    assert.equal(readFileSync(resolve(PACKAGE_ROOT, 'schemas', file), 'utf8'), text, `schemas/${file} is stale`);
  }
});

test('the shipped snapshot schema and the loader take the version this build writes, and refuse another', () => {
  const schema = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'schemas', 'snapshot.schema.json'), 'utf8')) as {
    properties: { schemaVersion: { const: unknown } };
  };
  assert.equal(schema.properties.schemaVersion.const, SNAPSHOT_VERSION);
  const snapshot = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'healthy-two-node.json'), 'utf8')) as {
    schemaVersion: number;
  };
  assert.equal(snapshot.schemaVersion, SNAPSHOT_VERSION);
  assert.doesNotThrow(() => parseSnapshot(JSON.stringify(snapshot), 'snap.json'));
  assert.throws(
    () => parseSnapshot(JSON.stringify({ ...snapshot, schemaVersion: SNAPSHOT_VERSION + 1 }), 'snap.json'),
    /schemaVersion: 2; this pgl-preflight reads snapshot schema version 1/,
  );
});

test('the precompiled validators (schemas/validators.cjs) report exactly the errors of the schema compiled at run time', async () => {
  const { default: AjvModule } = await import('ajv');
  const { default: fc } = await import('fast-check');
  const { FIXTURE_PATHS, VALID_CONFIG, applyMutations, mutation } = await import('./fuzz/arbitraries.js');
  const { Snapshot } = await import('../src/snapshot/types.js');
  const { Config } = await import('../src/config/types.js');
  const Ajv = AjvModule as unknown as typeof AjvModule.default;
  const compiled = {
    snapshot: new Ajv(VALIDATOR_OPTIONS).compile(JSON.parse(JSON.stringify(Snapshot)) as object),
    config: new Ajv(VALIDATOR_OPTIONS).compile(JSON.parse(JSON.stringify(Config)) as object),
  };
  const precompiled = { snapshot: lazyValidator('snapshot'), config: lazyValidator('config') };
  type Json = Parameters<typeof applyMutations>[0];
  const documents = [
    ...FIXTURE_PATHS.map((p) => ['snapshot', JSON.parse(readFileSync(p, 'utf8')) as Json] as const),
    ['config', VALID_CONFIG] as const,
  ];
  // 150,000 bad items (the fuzz suite's largest) would only make this slow: 1,000 show the same code paths.
  const someMutations = fc.array(
    mutation.filter((m) => m.op !== 'manyErrors' || m.count <= 1000),
    { minLength: 0, maxLength: 3 },
  );
  fc.assert(
    fc.property(fc.nat({ max: documents.length - 1 }), someMutations, (which, mutations) => {
      const [name, document] = documents[which]!;
      const value = applyMutations(document, mutations);
      const expectedOk = compiled[name](value);
      const actual = precompiled[name](value);
      assert.equal(actual.ok, expectedOk);
      if (!actual.ok) assert.deepEqual(actual.errors, compiled[name].errors);
    }),
    { seed: 14, numRuns: 400 },
  );
});
