// The thin CLI layer: parse flags, call the command, print, exit 0/1/2. No stack traces reach the user.
import { createRequire } from 'node:module';
import { RULES } from '../../rules/index.js';
import type { FailOn } from '../engine/result.js';
import { chunksOf, type Rendered } from '../report/rendered.js';
import { InputError } from '../util/errors.js';
import { redactSecrets } from '../util/dsn.js';
import { escapeControl } from '../util/terminal.js';
import { TOOL } from '../util/package-info.js';
import { runCheck } from './check.js';
import { CHECK_FLAGS, parsePlainCheck, type CheckArgs } from './check-flags.js';

// yargs, when needed, through its CommonJS build: one bundled file instead of some thirty ES modules.
// `collect`, `rules` and `explain` load their modules when they run.
const require = createRequire(import.meta.url);

const EXIT_USAGE = 2;

/**
 * Where a run reads and writes: the process itself for the bin, buffers for in-process tests (the
 * generated bad-input suite runs thousands of cases without spawning a process for each).
 */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export function processIo(): CliIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

function useColor(flag: boolean | undefined, io: CliIo): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

function asList(value: unknown, flag: string): string[] {
  if (value === undefined) return [];
  const entries = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  // An empty entry is a mistake in a script (an unset variable), never a request for nothing.
  if (entries.some((v) => v.trim().length === 0)) throw new InputError(`--${flag}: an empty value was given`);
  return entries;
}

/** A flag that may be given once: a repeated gate (`--fail-on error --fail-on never`) must not silently pick one. */
function single(value: unknown, flag: string): string | undefined {
  if (Array.isArray(value)) throw new InputError(`--${flag} given ${value.length} times; give it once`);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- yargs gives a string, number or boolean here
  return value === undefined ? undefined : String(value);
}

/**
 * A file flag given once and not empty: `--snapshot "$UNSET"` must not fall back to collecting live,
 * nor `--config "$UNSET"` to the default config.
 */
function singleFile(value: unknown, flag: string): string | undefined {
  const file = single(value, flag);
  if (file?.trim() === '') throw new InputError(`--${flag} needs a file name`);
  return file;
}

/** --plan FILE, repeatable; an empty name (an unset variable) is a mistake, never "no plan". */
function planFiles(value: unknown): string[] {
  if (value === undefined) return [];
  const files = (Array.isArray(value) ? value : [value]).map(String);
  if (files.some((f) => f.trim() === '')) throw new InputError('--plan needs a file name');
  return files;
}

function singleFlag(value: unknown, flag: string): boolean | undefined {
  if (Array.isArray(value)) throw new InputError(`--${flag} given ${value.length} times; give it once`);
  return value === undefined ? undefined : value === true;
}

/** Writes to stdout and waits for it: a full disk or a closed pipe is a one-line error, not a crash. */
async function writeStdout(io: CliIo, rendered: Rendered): Promise<void> {
  let failure: InputError | undefined;
  // The stream reports a failed write twice (callback, then an 'error' event): both are handled, and the
  // listener stays, so an 'error' event that comes late is never unhandled.
  const onError = (err: NodeJS.ErrnoException) => {
    failure ??= new InputError(`standard output: cannot write (${err.code ?? err.message})`);
  };
  let listening = false;
  for (const chunk of chunksOf(rendered)) {
    if (chunk === '') continue;
    if (!listening) {
      io.stdout.on('error', onError);
      listening = true;
    }
    await new Promise<void>((resolve) => {
      io.stdout.write(chunk, (err) => {
        if (err) onError(err);
        resolve();
      });
    });
    if (failure) throw failure;
  }
}

async function checkCommand(args: CheckArgs, io: CliIo): Promise<number> {
  const outcome = await runCheck(
    {
      cwd: io.cwd,
      env: io.env,
      stderr: io.stderr,
      config: singleFile(args.config, 'config'),
      snapshot: singleFile(args.snapshot, 'snapshot'),
      plan: planFiles(args.plan),
      format: single(args.format, 'format') ?? 'text',
      output: asList(args.output, 'output'),
      failOn: single(args['fail-on'], 'fail-on') as FailOn,
      rule: asList(args.rule, 'rule'),
      skipRule: asList(args['skip-rule'], 'skip-rule'),
      color: useColor(singleFlag(args.color, 'color'), io),
      verbose: singleFlag(args.verbose, 'verbose') === true,
      ...(args['save-snapshot'] !== undefined ? { saveSnapshot: single(args['save-snapshot'], 'save-snapshot') ?? '' } : {}),
      ...(args.baseline !== undefined ? { baseline: single(args.baseline, 'baseline') ?? '' } : {}),
      ...(args['write-baseline'] !== undefined ? { writeBaseline: single(args['write-baseline'], 'write-baseline') ?? '' } : {}),
    },
    RULES,
  );
  await writeStdout(io, outcome.stdout);
  return outcome.exitCode;
}

/** Runs one command; throws on unusable input (InputError) or a bug. `runCli` turns that into the one line and exit 2. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // The everyday `check` line needs no yargs (see check-flags.ts); everything else goes through it.
  const plainCheck = parsePlainCheck(argv);
  if (plainCheck) return checkCommand(plainCheck, io);
  const yargs = require('yargs') as typeof import('yargs').default;
  let exitCode = 0;
  // --help and --version: yargs hands the text here instead of printing it and exiting the process.
  let builtInOutput = '';
  let commandRan = false as boolean; // set in the command handlers, which TypeScript does not follow
  const parser = yargs(argv)
    .scriptName('pgl-preflight')
    .version(TOOL.version)
    .strict()
    .recommendCommands()
    .wrap(Math.min(110, io.stdout.columns || 100))
    .usage(
      '$0 <command> [options]\n\nLint bidirectional pglogical replication between VNET-integrated Azure Database for PostgreSQL flexible servers.',
    )
    .command(
      'check',
      'collect the facts named by the config (or load --snapshot) and evaluate every rule',
      (y) => y.options(CHECK_FLAGS),
      async (args) => {
        commandRan = true;
        exitCode = await checkCommand(args, io);
      },
    )
    .command(
      'collect',
      'read Azure Resource Manager (and DNS) as the config says and write a redacted snapshot',
      (y) =>
        y
          .option('config', { type: 'string', describe: 'config file (default: pgl-preflight.yaml/.yml/.json in the working directory)' })
          .option('output', { type: 'string', alias: 'o', describe: 'snapshot file to write (default: stdout)' })
          .option('plan', {
            type: 'string',
            array: true,
            describe: 'write the snapshot this plan describes: terraform show -json output or an ARM what-if result (repeatable)',
          }),
      async (args) => {
        commandRan = true;
        const options = {
          cwd: io.cwd,
          env: io.env,
          stderr: io.stderr,
          config: singleFile(args.config, 'config'),
          output: singleFile(args.output, 'output'),
          plan: planFiles(args.plan),
        };
        const { runCollect } = await import('./collect.js');
        await writeStdout(
          io,
          await runCollect(
            options,
            RULES.map((r) => r.id),
          ),
        );
      },
    )
    .command(
      'rules',
      'list the rules with their default severity',
      (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
      async (args) => {
        commandRan = true;
        const { renderRuleList } = await import('./rules-info.js');
        await writeStdout(io, renderRuleList(RULES, single(args.format, 'format') as 'text' | 'json'));
      },
    )
    .command(
      'explain <ruleId>',
      "show a rule's documentation: why it matters, how it is checked, how to fix it",
      (y) => y.positional('ruleId', { type: 'string', demandOption: true }),
      async (args) => {
        commandRan = true;
        const { renderExplain } = await import('./rules-info.js');
        await writeStdout(io, renderExplain(RULES, args.ruleId));
      },
    )
    .demandCommand(1, 'name a command: check, collect, rules or explain')
    .fail((message, err) => {
      // yargs calls this for usage errors (message) and for errors thrown by handlers (err).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- yargs passes no err for usage errors (its typing says Error)
      throw err ?? new InputError(message.replace(/\s*\n\s*/g, ' '));
    })
    .help();
  await parser.parseAsync(argv, {}, (_err, _argv, output) => {
    builtInOutput = output;
  });
  if (builtInOutput) await writeStdout(io, `${builtInOutput}\n`);
  // `pgl-preflight -- check` passes yargs' checks without running anything: never a silent exit 0.
  else if (!commandRan) throw new InputError('name a command: check, collect, rules or explain (nothing after "--")');
  return exitCode;
}

/** The whole CLI contract: exit 0/1 with a report on stdout, or exit 2 with one line on stderr. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await main(argv, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Escaped first, then redacted: a control character inside an echoed value (a tab or carriage
    // return in a key) would otherwise end the password as redaction sees it, and leave the rest.
    if (err instanceof InputError) {
      io.stderr.write(`pgl-preflight: ${redactSecrets(escapeControl(message))}\n`);
    } else {
      io.stderr.write(`pgl-preflight: internal error: ${redactSecrets(escapeControl(message.split('\n')[0] ?? ''))}\n`);
      if (io.env.PGL_PREFLIGHT_DEBUG) io.stderr.write(`${(err as Error).stack ?? ''}\n`);
    }
    return EXIT_USAGE;
  }
}

export async function run(): Promise<void> {
  // What yargs' hideBin returns under Node (it differs only in a bundled Electron app).
  process.exitCode = await runCli(process.argv.slice(2));
}
