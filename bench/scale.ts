// How the CLI scales (issue 10): wall time and peak memory of `pgl-preflight check` as a child process
// on generated inputs written to a temporary directory. Figures only; nothing is asserted.
// Meshes of N nodes are measured by bench/mesh.ts.
// BENCH_QUICK=1 runs the smaller sizes only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RULES } from '../rules/index.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { runCli } from './child.js';
import { generateHugeString, generateLargeConfig, generateReplicatedTables } from './generate.js';

const quick = Boolean(process.env.BENCH_QUICK);
const dir = mkdtempSync(join(tmpdir(), 'pgl-bench-'));

function run(label: string, args: string[]): void {
  const { ms, maxRss, problem } = runCli(args, dir);
  console.log(
    `${label.padEnd(46)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${maxRss ? `${(maxRss / 2 ** 20).toFixed(0).padStart(6)} MB` : '     ? MB'}${problem ? ` (${problem})` : ''}`,
  );
}

function write(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

try {
  console.log(`${'input'.padEnd(46)} ${'wall'.padStart(9)}  ${'peak RSS'.padStart(9)}`);
  for (const tables of quick ? [2_000] : [10_000, 20_000]) {
    run(`check, ${tables} replicated tables (text)`, [
      'check',
      '--snapshot',
      write(`tables-${tables}.json`, generateReplicatedTables(tables)),
    ]);
  }
  const keys = quick ? 5_000 : 50_000;
  const config = write(
    'pgl-preflight.yaml',
    generateLargeConfig(
      keys,
      RULES.map((r) => r.id),
    ),
  );
  run(`check, config with ${keys} suppressions (YAML)`, [
    'check',
    '--config',
    config,
    '--snapshot',
    resolve(PACKAGE_ROOT, 'fixtures', 'healthy-two-node.json'),
  ]);
  const bytes = (quick ? 5 : 50) * 1024 * 1024;
  run(`check, one ${bytes / 1024 / 1024} MB string field`, ['check', '--snapshot', write('huge-string.json', generateHugeString(bytes))]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
