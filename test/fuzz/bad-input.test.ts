// The generated bad-input suite: a few hundred mutated snapshots, configs and flag combinations at
// a fixed seed, each held to the CLI contract (see contract.ts). A violation fails with the seed,
// the path and the shrunk counterexample, to be fixed at its root and kept as a plain regression test.
// `npm run bench:fuzz` runs thousands more at a random (printed) seed.
import fc from 'fast-check';
import { after, test } from 'node:test';
import { configCase, flagsCase, snapshotCase } from './arbitraries.js';
import { CaseRunner, contractViolations, type CliCase } from './contract.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260610);
const runner = new CaseRunner();
after(() => runner.close());

async function keepsContract(c: CliCase): Promise<void> {
  const outcome = await runner.run(c);
  const violations = contractViolations(c, outcome);
  if (violations.length > 0) throw new Error(`${violations.join('; ')}\n  argv: ${JSON.stringify(c.argv).slice(0, 500)}`);
}

for (const [name, arbitrary, numRuns] of [
  ['mutated snapshots', snapshotCase, 250],
  ['mutated configs', configCase, 200],
  ['flag combinations', flagsCase, 200],
] as const) {
  test(`${name} keep the CLI contract (seed ${SEED}, ${numRuns} cases)`, async () => {
    await fc.assert(fc.asyncProperty(arbitrary, keepsContract), {
      seed: SEED,
      numRuns,
      endOnFailure: false,
      verbose: fc.VerbosityLevel.Verbose,
    });
  });
}
