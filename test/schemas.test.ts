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
