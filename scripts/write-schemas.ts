// Writes the shipped JSON Schemas from their TypeBox definitions (the single source).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { schemaFiles } from '../src/schemas.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

for (const [file, schema] of Object.entries(schemaFiles())) {
  writeFileSync(resolve(PACKAGE_ROOT, 'schemas', file), schema);
  console.log(`wrote schemas/${file}`);
}
