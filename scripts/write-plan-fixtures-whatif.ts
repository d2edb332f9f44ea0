// Writes fixtures/plans/<name>.whatif.json: the ARM/Bicep what-if twin of every network fixture and of
// the healthy two- and three-node fixtures, in the exact shape `az deployment group what-if
// --no-pretty-print` prints. The shapes followed (azure-rest-api-specs deployments.json WhatIfChange and
// PostDeploymentWhatIfOnResourceGroup.json; azure-cli custom.py and knack format_json) are cited in
// test/plan/whatif-twins.ts, which builds the documents.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { loadFixture } from '../test/helpers/snapshots.js';
import { WHATIF_TWINS } from '../test/plan/whatif-twins.js';

mkdirSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans'), { recursive: true });
for (const twin of WHATIF_TWINS) {
  writeFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans', `${twin.name}.whatif.json`), twin.text(loadFixture));
  console.log(`wrote fixtures/plans/${twin.name}.whatif.json (twin of fixtures/${twin.fixture})`);
}
