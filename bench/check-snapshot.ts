// Prints how long the main job takes on the bundled example: the whole CLI as a process (what a
// user waits for) and the in-process load + evaluate + render. Figures only; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { REPORTERS } from '../src/report/index.js';
import { loadSnapshot } from '../src/snapshot/io.js';
import { PACKAGE_ROOT, TOOL } from '../src/util/package-info.js';

const snapshotPath = resolve(PACKAGE_ROOT, 'fixtures', process.argv[2] ?? 'not-ready-two-node.json');
const runs = Number(process.env.BENCH_RUNS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const cli: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js'), 'check', '--snapshot', snapshotPath, '--no-color'], { encoding: 'utf8' });
  cli.push(performance.now() - t0);
}

const inProcess: number[] = [];
for (let i = 0; i < runs * 10; i++) {
  const t0 = performance.now();
  const snapshot = loadSnapshot(snapshotPath);
  const results = evaluate(snapshot, RULES);
  const ctx = { tool: TOOL, snapshot, rules: RULES, failOn: 'error' as const, color: false, verbose: false };
  for (const render of Object.values(REPORTERS)) render(results, ctx);
  inProcess.push(performance.now() - t0);
}

console.log(`snapshot: ${snapshotPath}`);
console.log(`cli process (node start + check + text), median of ${runs}: ${median(cli).toFixed(1)} ms (min ${Math.min(...cli).toFixed(1)}, max ${Math.max(...cli).toFixed(1)})`);
console.log(`in-process load + evaluate + every reporter, median of ${runs * 10}: ${median(inProcess).toFixed(2)} ms`);
