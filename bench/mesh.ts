// How `check --snapshot` grows with the mesh (issue 14): for healthy full meshes of N nodes (bench/
// generate.ts; N(N-1) ordered pairs) and each report format, the CLI runs as a child process and the
// bench prints wall time, peak RSS and the growth exponent from the previous N measured in ordered
// pairs, log(t2/t1) / log(p2/p1) (1 = linear in the pairs). Snapshots go to a temporary directory
// (200 nodes is tens of megabytes). Each cell is the median wall time of --runs runs (default 3; the
// spread is printed beside it) and the highest peak RSS among them. Figures only; nothing is asserted.
//   node dist/bench/mesh.js [--max-nodes 100] [--nodes 2,10,50] [--format text,json] [--runs 3] [--timeout-s 600]
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMAT_NAMES } from '../src/report/index.js';
import { runCli, type ChildRun } from './child.js';
import { generateMesh } from './generate.js';

const SIZES = [2, 10, 50, 100, 200];
const FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown'];

function usage(problem: string): never {
  console.error(
    `bench/mesh: ${problem}\nusage: node dist/bench/mesh.js [--max-nodes N] [--nodes 2,10,50] [--format ${FORMATS.join(',')}] [--runs R] [--timeout-s S]`,
  );
  process.exit(2);
}

function options(): { sizes: number[]; formats: string[]; runs: number; timeoutMs: number } {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'max-nodes': { type: 'string' },
        nodes: { type: 'string' },
        format: { type: 'string', multiple: true },
        runs: { type: 'string' },
        'timeout-s': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  const count = (text: string, what: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 2) usage(`${what}: expected a whole number of nodes, at least 2 (got "${text}")`);
    return n;
  };
  const maxNodes = parsed['max-nodes'] !== undefined ? count(parsed['max-nodes'], '--max-nodes') : Infinity;
  const sizes = (parsed.nodes !== undefined ? parsed.nodes.split(',').map((n) => count(n, '--nodes')) : SIZES)
    .filter((n) => n <= maxNodes)
    .sort((a, b) => a - b);
  const formats = parsed.format?.flatMap((f) => f.split(',')) ?? FORMATS;
  for (const f of formats)
    if (!(FORMAT_NAMES as readonly string[]).includes(f)) usage(`--format ${f}: expected one of ${FORMAT_NAMES.join(', ')}`);
  const timeoutS = parsed['timeout-s'] !== undefined ? Number(parsed['timeout-s']) : 1800;
  if (!(timeoutS > 0)) usage(`--timeout-s ${parsed['timeout-s']}: expected a positive number of seconds`);
  const runs = parsed.runs !== undefined ? Number(parsed.runs) : 3;
  if (!Number.isInteger(runs) || runs < 1) usage(`--runs ${parsed.runs}: expected a whole number of runs, at least 1`);
  if (sizes.length === 0) usage('no mesh size left to run');
  return { sizes, formats, runs, timeoutMs: timeoutS * 1000 };
}

const pairs = (n: number) => n * (n - 1);
const exponent = (a: number, b: number, n1: number, n2: number) => Math.log(b / a) / Math.log(pairs(n2) / pairs(n1));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number | undefined) => (bytes === undefined ? '? MB' : `${(bytes / 2 ** 20).toFixed(0)} MB`);
const fileSize = (bytes: number) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);

/** The median run by wall time, carrying the highest peak RSS of all runs and the first problem met. */
function medianRun(all: ChildRun[]): ChildRun & { spread: string } {
  const byTime = [...all].sort((a, b) => a.ms - b.ms);
  const median = byTime[Math.floor((byTime.length - 1) / 2)]!;
  const rss = all.map((r) => r.maxRss);
  const spread = all.length > 1 ? `${(byTime[0]!.ms / 1000).toFixed(2)}-${(byTime[byTime.length - 1]!.ms / 1000).toFixed(2)} s` : '';
  return {
    ms: median.ms,
    maxRss: rss.includes(undefined) ? undefined : Math.max(...(rss as number[])),
    problem: all.find((r) => r.problem)?.problem,
    spread,
  };
}

const { sizes, formats, runs, timeoutMs } = options();
const dir = mkdtempSync(join(tmpdir(), 'pgl-bench-mesh-'));
try {
  console.log(
    `mesh bench: N = ${sizes.join(', ')}; formats ${formats.join(', ')}; wall = median of ${runs} run(s), peak RSS = highest; growth exponents in ordered pairs N(N-1)`,
  );
  console.log(
    `${'N'.padStart(4)} ${'pairs'.padStart(6)} ${'snapshot'.padStart(9)} ${'format'.padEnd(9)} ${'wall'.padStart(10)} ${'peak RSS'.padStart(9)} ${'exp(time)'.padStart(10)} ${'exp(RSS)'.padStart(9)}  spread`,
  );
  const previous = new Map<string, { n: number; run: ChildRun }>();
  for (const n of sizes) {
    const path = join(dir, `mesh-${n}.json`);
    writeFileSync(path, JSON.stringify(generateMesh(n)));
    const size = fileSize(statSync(path).size);
    for (const format of formats) {
      const all: ChildRun[] = [];
      for (let i = 0; i < runs; i++) {
        all.push(runCli(['check', '--snapshot', path, '--format', format], dir, timeoutMs));
        if (all[i]!.problem) break;
      }
      const run = medianRun(all);
      const before = previous.get(format);
      const growth = (pick: (r: ChildRun) => number | undefined) => {
        const a = before && !before.run.problem ? pick(before.run) : undefined;
        const b = run.problem ? undefined : pick(run);
        return a && b && before ? exponent(a, b, before.n, n).toFixed(2) : '';
      };
      console.log(
        `${String(n).padStart(4)} ${String(pairs(n)).padStart(6)} ${size.padStart(9)} ${format.padEnd(9)} ${seconds(run.ms).padStart(10)} ${megabytes(run.maxRss).padStart(9)} ${growth((r) => r.ms).padStart(10)} ${growth((r) => r.maxRss).padStart(9)}  ${run.spread}${run.problem ? `  (${run.problem})` : ''}`,
      );
      previous.set(format, { n, run });
    }
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
