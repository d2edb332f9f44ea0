// Bundles the CLI that bin/pgl-preflight.js runs into dist/bundle/ (part of `npm run build`).
// Why: a check from a snapshot loads about 95 of the project's ES modules, and Node resolves,
// reads, parses and links each on every run — about 40 ms, a quarter of a small check. One
// bundle (plus a chunk per lazily imported part: collect, plan, explain) loads in a few.
// Dependencies stay external: they are installed beside the package and load as before.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const outdir = resolve(PACKAGE_ROOT, 'dist', 'bundle');
// Chunk names carry a content hash: clear the folder so no chunk of an earlier build stays behind.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [resolve(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
