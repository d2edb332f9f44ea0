// The generated bad-input suite at bench scale: 5,000 cases (mutated snapshots, configs and flag
// combinations) held to the CLI contract, at the seed given (or a random one, printed so a failure
// can be replayed). Prints the number of cases, the violations (there must be none) and the timing.
//   npm run bench:fuzz -- [cases] [seed] [snapshot|config|flags|any]
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { anyCase, configCase, flagsCase, snapshotCase } from '../test/fuzz/arbitraries.js';
import { CaseRunner, contractViolations, type CliCase } from '../test/fuzz/contract.js';

function openFiles(): number | string {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return '?';
  }
}

const GENERATORS: Record<string, fc.Arbitrary<CliCase>> = { any: anyCase, snapshot: snapshotCase, config: configCase, flags: flagsCase };

const cases = Number(process.argv[2] ?? 5000);
const seed = process.argv[3] !== undefined && process.argv[3] !== 'random' ? Number(process.argv[3]) : Math.floor(Math.random() * 2 ** 31);
const kind = process.argv[4] ?? 'any';
const generator = GENERATORS[kind];
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed) || !generator) {
  console.error(`usage: node dist/bench/fuzz.js [cases] [seed|random] [${Object.keys(GENERATORS).join('|')}]`);
  process.exit(2);
}

console.log(`fuzz: ${cases} cases, seed ${seed}, generator ${kind} (replay: node dist/bench/fuzz.js ${cases} ${seed} ${kind})`);
const runner = new CaseRunner();
const durations: number[] = [];
const slowest: { ms: number; label: string }[] = [];
const exitCodes = new Map<number, number>();
let violations = 0;
const started = performance.now();
try {
  // fc.assert with endOnFailure false runs every case; the reporter collects instead of stopping.
  const result = await fc.check(
    fc.asyncProperty(generator, async (c) => {
      const outcome = await runner.run(c);
      durations.push(outcome.ms);
      slowest.push({ ms: outcome.ms, label: fc.stringify(c).slice(0, 400) });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
      exitCodes.set(outcome.exitCode, (exitCodes.get(outcome.exitCode) ?? 0) + 1);
      if (durations.length % 500 === 0)
        console.log(
          `  ${durations.length} cases, ${violations} violations, ${((performance.now() - started) / 1000).toFixed(0)} s, ${openFiles()} open files`,
        );
      const found = contractViolations(c, outcome);
      if (found.length === 0) return true;
      violations += 1;
      if (violations <= 10)
        console.log(`violation ${violations}: ${found.join('; ').slice(0, 600)}\n  case: ${fc.stringify(c).slice(0, 1200)}`);
      return true;
    }),
    { seed, numRuns: cases },
  );
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the property threw, rethrown as is
  if (result.failed) throw result.errorInstance ?? new Error('the property failed');
} finally {
  await runner.close();
}
const total = performance.now() - started;
const sorted = [...durations].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
console.log(`cases: ${durations.length}`);
console.log(
  `exit codes: ${[...exitCodes]
    .sort(([a], [b]) => a - b)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ')}`,
);
console.log(`violations: ${violations}`);
console.log(
  `time: ${(total / 1000).toFixed(1)} s total; per case median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`,
);
for (const s of slowest) console.log(`slow: ${s.ms.toFixed(0)} ms  ${s.label}`);
process.exitCode = violations === 0 ? 0 : 1;
