// How the CLI scales (issue 10): wall time and peak memory of `pgl-preflight check` as a child process
// on generated inputs written to a temporary directory. Figures only; nothing is asserted.
// BENCH_QUICK=1 runs the smaller sizes only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RULES } from '../rules/index.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { generateHugeString, generateLargeConfig, generateMesh, generateReplicatedTables } from './generate.js';

const CLI = resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js');
const quick = Boolean(process.env.BENCH_QUICK);
const dir = mkdtempSync(join(tmpdir(), 'pgl-bench-'));

/** Runs the CLI in a child; its peak RSS comes from the child's own process.resourceUsage() (kilobytes). */
function run(label: string, args: string[]): void {
  // A preload prints the child's maxRSS on exit to stderr; the CLI itself stays untouched.
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--require', probe, CLI, ...args, '--no-color'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr ?? '')?.[1];
  const problem = child.status !== 0 && child.status !== 1 ? ` (exit ${child.status}: ${(child.stderr ?? '').split('\n')[0]})` : '';
  console.log(`${label.padEnd(46)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${rss ? `${(Number(rss) / 1024).toFixed(0).padStart(6)} MB` : '     ? MB'}${problem}`);
}

function write(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

try {
  console.log(`${'input'.padEnd(46)} ${'wall'.padStart(9)}  ${'peak RSS'.padStart(9)}`);
  for (const tables of quick ? [2_000] : [10_000, 20_000]) {
    run(`check, ${tables} replicated tables (text)`, ['check', '--snapshot', write(`tables-${tables}.json`, generateReplicatedTables(tables))]);
  }
  for (const nodes of quick ? [10] : [50, 100]) {
    const path = write(`mesh-${nodes}.json`, generateMesh(nodes));
    for (const format of ['text', 'json', 'junit']) run(`check, ${nodes}-node mesh, ${format}`, ['check', '--snapshot', path, '--format', format]);
  }
  const keys = quick ? 5_000 : 50_000;
  const config = write('pgl-preflight.yaml', generateLargeConfig(keys, RULES.map((r) => r.id)));
  run(`check, config with ${keys} suppressions (YAML)`, ['check', '--config', config, '--snapshot', resolve(PACKAGE_ROOT, 'fixtures', 'healthy-two-node.json')]);
  const bytes = (quick ? 5 : 50) * 1024 * 1024;
  run(`check, one ${bytes / 1024 / 1024} MB string field`, ['check', '--snapshot', write('huge-string.json', generateHugeString(bytes))]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
