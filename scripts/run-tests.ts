// Runs one group of the built tests with Node's test runner: `unit` (everything but e2e and integration),
// `e2e` (the built CLI against local servers and the packed package), `offline` (unit + e2e: what `npm test`
// runs, no PostgreSQL and no root), `integration` (real PostgreSQL clusters; needs PostgreSQL 15 with
// pglogical, and root to start the clusters as `postgres`). Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const GROUPS = {
  unit: (path: string) => !inFolder(path, 'e2e') && !inFolder(path, 'integration'),
  e2e: (path: string) => inFolder(path, 'e2e'),
  offline: (path: string) => !inFolder(path, 'integration'),
  integration: (path: string) => inFolder(path, 'integration'),
} satisfies Record<string, (path: string) => boolean>;

const TEST_ROOT = join(PACKAGE_ROOT, 'dist', 'test');

function inFolder(path: string, folder: string): boolean {
  return relative(TEST_ROOT, path).split(sep)[0] === folder;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith('.test.js') ? [join(dir, entry.name)] : [],
    )
    .sort();
}

const group = process.argv[2];
if (!group || !(group in GROUPS)) {
  console.error(`usage: node dist/scripts/run-tests.js ${Object.keys(GROUPS).join('|')} [node --test options]`);
  process.exit(2);
}
const files = testFiles(TEST_ROOT).filter(GROUPS[group as keyof typeof GROUPS]);
const run = spawnSync(process.execPath, ['--test', '--test-timeout=180000', '--test-reporter=spec', ...process.argv.slice(3), ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
