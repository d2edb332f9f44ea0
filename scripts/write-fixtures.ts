// Writes fixtures/network/<variant>.json: the healthy fixture with one network fault each.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { NETWORK_VARIANTS, variantText } from '../test/fixture-variants.js';
import { loadFixture } from '../test/helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
mkdirSync(resolve(PACKAGE_ROOT, 'fixtures', 'network'), { recursive: true });
for (const variant of NETWORK_VARIANTS) {
  writeFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'network', `${variant.name}.json`), variantText(healthy, variant));
  console.log(`wrote fixtures/network/${variant.name}.json: ${variant.description}`);
}
