// Prints how long the main job takes on the bundled example: the whole CLI as a process (what a
// user waits for) against a bare `node -e 0` (the start-up target of issue 14: `check --snapshot
// fixtures/healthy-two-node.json` within 3x of it), and the in-process load + evaluate + render.
// Figures only; nothing is asserted. The two processes are timed alternately, so load on a shared
// machine weighs on both alike. BENCH_RUNS sets the number of runs (default 10).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { REPORTERS } from '../src/report/index.js';
import { loadSnapshot } from '../src/snapshot/io.js';
import { PACKAGE_ROOT, TOOL } from '../src/util/package-info.js';

const BIN = resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js');
const runs = Number(process.env.BENCH_RUNS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(args: string[]): number {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const elapsed = performance.now() - t0;
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return elapsed;
}

const spread = (values: number[]) =>
  `median of ${values.length}: ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;

/** Start-up: the healthy example against bare Node, alternately. */
function startUp(): void {
  const example = resolve(PACKAGE_ROOT, 'fixtures', 'healthy-two-node.json');
  const bare: number[] = [];
  const check: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timed(['-e', '0']));
    check.push(timed([BIN, 'check', '--snapshot', example, '--no-color']));
  }
  console.log('start-up (issue 14 target: check <= 3x bare node)');
  console.log(`  node -e 0, ${spread(bare)}`);
  console.log(`  check --snapshot fixtures/healthy-two-node.json, ${spread(check)}`);
  console.log(`  ratio of medians: ${(median(check) / median(bare)).toFixed(2)}x`);
}

/** The whole job on a snapshot with findings (default fixtures/not-ready-two-node.json, or the file named). */
function wholeJob(snapshotPath: string): void {
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) cli.push(timed([BIN, 'check', '--snapshot', snapshotPath, '--no-color']));
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
  console.log(`  cli process (node start + check + text), ${spread(cli)}`);
  console.log(`  in-process load + evaluate + every reporter, median of ${runs * 10}: ${median(inProcess).toFixed(2)} ms`);
}

startUp();
wholeJob(resolve(PACKAGE_ROOT, 'fixtures', process.argv[2] ?? 'not-ready-two-node.json'));
