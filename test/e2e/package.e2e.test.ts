// The packed package works on its own: `npm pack`, installed into an empty folder without dev
// dependencies, runs `rules`, `explain` and `check --snapshot` on its bundled example.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { tempDir } from '../helpers/cli.js';

test('npm pack, install in an empty folder without dev dependencies, then rules, explain and check --snapshot', () => {
  const packDir = tempDir();
  // --ignore-scripts: the build in dist/ is the one this test run compiled.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, '--loglevel=error'], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
  });
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  const listing = execFileSync('tar', ['-tzf', join(packDir, tarball)], { encoding: 'utf8' }).split('\n');
  assert.ok(listing.includes('package/LICENSE'), 'the tarball carries the LICENSE');
  // Source maps would point at TypeScript sources the package does not ship.
  assert.deepEqual(
    listing.filter((f) => f.endsWith('.map')),
    [],
    'no source maps in the tarball',
  );

  const app = tempDir();
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  execFileSync(
    'npm',
    ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(packDir, tarball)],
    { cwd: app, encoding: 'utf8' },
  );
  const installed = join(app, 'node_modules', 'pgl-preflight');
  assert.equal(
    existsSync(join(installed, 'dist', 'bundle', 'main.js')),
    true,
    'the build is in the package (prepack), not compiled on install',
  );
  for (const devOnly of ['typescript', 'esbuild', 'fast-check', 'mermaid', 'xmllint-wasm'])
    assert.equal(existsSync(join(app, 'node_modules', devOnly)), false, `${devOnly} is not installed`);

  const bin = join(app, 'node_modules', '.bin', 'pgl-preflight');
  const run = (args: string[]) => spawnSync(bin, args, { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const rules = run(['rules']);
  assert.equal(rules.status, 0, rules.stderr);
  assert.match(rules.stdout, /postgres\/wal-level/);
  const explain = run(['explain', 'pglogical/forward-origins']);
  assert.equal(explain.status, 0, explain.stderr);
  assert.match(explain.stdout, /## How it is checked|How it is checked/);
  const check = run([
    'check',
    '--snapshot',
    join(installed, 'fixtures', 'not-ready-two-node.json'),
    '--output',
    'junit=reports/pgl.xml',
    '--output',
    'sarif=reports/pgl.sarif',
  ]);
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stdout, /findings at or above --fail-on error/);
  assert.ok(existsSync(join(app, 'reports', 'pgl.xml')) && existsSync(join(app, 'reports', 'pgl.sarif')));
});
