// The plain `check` parser (src/cli/check-flags.ts) reads a command line exactly as yargs does, or
// hands it to yargs: compared on generated command lines, both odd ones (the fuzz suite's) and plain ones.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Options } from 'yargs';
import { test } from 'node:test';
import fc from 'fast-check';
import { CHECK_FLAGS, parsePlainCheck, type CheckArgs } from '../../src/cli/check-flags.js';
import { checkArgv } from '../fuzz/arbitraries.js';

const require = createRequire(import.meta.url);
const yargs = require('yargs') as typeof import('yargs').default;

/** The check command as main.ts declares it to yargs; undefined when yargs refuses the line. */
function yargsCheckArgs(argv: string[]): CheckArgs | undefined {
  let args: CheckArgs | undefined;
  try {
    void yargs(argv)
      .strict()
      .version(false)
      .help(false)
      .command(
        'check',
        '',
        (y) => y.options(CHECK_FLAGS),
        (parsed) => {
          args = parsed;
        },
      )
      .fail((message, err) => {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- yargs passes no err for usage errors (its typing says Error)
        throw err ?? new Error(message);
      })
      .parse();
  } catch {
    return undefined;
  }
  return args;
}

function assertSameAsYargs(argv: string[]): boolean {
  const plain = parsePlainCheck(argv);
  if (!plain) return false;
  const viaYargs = yargsCheckArgs(argv);
  assert.ok(viaYargs, `yargs refuses ${JSON.stringify(argv)}, the plain parser read it`);
  for (const name of Object.keys(CHECK_FLAGS) as (keyof typeof CHECK_FLAGS)[]) {
    assert.deepEqual(plain[name], viaYargs[name], `--${name} of ${JSON.stringify(argv)}`);
  }
  return true;
}

const value = fc.oneof(
  fc.constantFrom('snap.json', 'out/r.json', 'a b.json', 'x=y', 'postgres/*', 'a,b', '1e3', '0x10', 'true', 'false', 'check'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const VALUE_FLAGS = Object.entries(CHECK_FLAGS as Record<string, Options>)
  .filter(([, flag]) => flag.type !== 'boolean')
  .map(([name]) => name);
/** Command lines of the forms the plain parser reads (and some it must hand on). */
const plainArgv = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.constantFrom(...VALUE_FLAGS), value, fc.boolean())
        .map(([name, v, inline]) =>
          name === 'fail-on' ? ['--fail-on', v.length % 2 ? 'warning' : 'never'] : inline ? [`--${name}=${v}`] : [`--${name}`, v],
        ),
      fc.constantFrom(['--color'], ['--no-color'], ['--verbose'], ['--no-verbose'], ['-v']),
    ),
    { maxLength: 6 },
  )
  .map((flags) => ['check', ...flags.flat()]);

test('plain command lines are read as yargs reads them', () => {
  let plain = 0;
  fc.assert(
    fc.property(plainArgv, (argv) => {
      if (assertSameAsYargs(argv)) plain += 1;
    }),
    { seed: 14, numRuns: 1000 },
  );
  // Most of them must take the plain path, or this test compares nothing.
  assert.ok(plain > 500, `only ${plain} of 1000 took the plain path`);
});

test('odd command lines (the fuzz suite`s) are read as yargs reads them, or left to yargs', () => {
  fc.assert(
    fc.property(checkArgv, (argv) => void assertSameAsYargs(argv)),
    { seed: 14, numRuns: 1000 },
  );
});

test('what the plain parser leaves to yargs', () => {
  for (const argv of [
    ['check', '--help'],
    ['check', '--version'],
    ['check', '--snapshot'],
    ['check', '--snapshot', ''],
    ['check', '--snapshot', '-'],
    ['check', "--snapshot='quoted.json'"],
    ['check', '--snapshot', 'a.json', '--snapshot', 'b.json'],
    ['check', '--rule', 'a', 'b'],
    ['check', '--color', '--color'],
    ['check', '--color=false'],
    ['check', '--fail-on', 'fatal'],
    ['check', '--failOn', 'never'],
    ['check', '-vv'],
    ['check', '--'],
    ['check', 'extra'],
    ['--snapshot', 'a.json', 'check'],
    ['rules'],
  ]) {
    assert.equal(parsePlainCheck(argv), undefined, JSON.stringify(argv));
  }
  assert.deepEqual(
    parsePlainCheck(['check', '--snapshot', 'a.json', '--output', 'json=r.json', '--output=junit=r.xml', '-v', '--no-color']),
    {
      snapshot: 'a.json',
      output: ['json=r.json', 'junit=r.xml'],
      verbose: true,
      color: false,
      format: 'text',
      'fail-on': 'error',
      rule: [],
      'skip-rule': [],
    },
  );
});
