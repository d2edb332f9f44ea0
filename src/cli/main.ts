// The thin CLI layer: parse flags, call the command, print, exit 0/1/2. No stack traces reach the user.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { RULES } from '../../rules/index.js';
import { SEVERITIES } from '../engine/rule.js';
import type { FailOn } from '../engine/result.js';
import { FORMAT_NAMES } from '../report/index.js';
import { InputError } from '../util/errors.js';
import { redactSecrets } from '../util/dsn.js';
import { escapeControl } from '../util/terminal.js';
import { TOOL } from '../util/package-info.js';
import { runCheck, type CheckOptions } from './check.js';
import { runCollect } from './collect.js';
import { renderExplain, renderRuleList } from './rules-info.js';

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
  return value === undefined ? undefined : String(value);
}

/**
 * A file flag given once and not empty: `--snapshot "$UNSET"` must not fall back to collecting live,
 * nor `--config "$UNSET"` to the default config.
 */
function singleFile(value: unknown, flag: string): string | undefined {
  const file = single(value, flag);
  if (file !== undefined && file.trim() === '') throw new InputError(`--${flag} needs a file name`);
  return file;
}

function singleFlag(value: unknown, flag: string): boolean | undefined {
  if (Array.isArray(value)) throw new InputError(`--${flag} given ${value.length} times; give it once`);
  return value === undefined ? undefined : value === true;
}

/** Writes to stdout and waits for it: a full disk or a closed pipe is a one-line error, not a crash. */
function writeStdout(io: CliIo, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new InputError(`standard output: cannot write (${err.code ?? err.message})`));
    // The stream reports a failed write twice (callback, then an 'error' event): both are handled.
    io.stdout.on('error', onError);
    io.stdout.write(text, (err) => (err ? onError(err) : resolve()));
  });
}

const CONFIG_FLAG = { type: 'string', describe: 'config file (default: pgl-preflight.yaml/.yml/.json in the working directory)' } as const;

/** The check command's flags. */
function checkFlags(y: Argv) {
  return y
    .option('config', CONFIG_FLAG)
    .option('snapshot', { type: 'string', describe: 'evaluate this snapshot file instead of collecting' })
    .option('format', { type: 'string', default: 'text', describe: `stdout format: ${FORMAT_NAMES.join(', ')}` })
    .option('output', { type: 'string', array: true, default: [], describe: 'also write FORMAT=PATH (repeatable), e.g. junit=reports/pgl.xml' })
    .option('fail-on', { choices: [...SEVERITIES, 'never'] as const, default: 'error' as const, describe: 'exit 1 when a finding is at or above this severity' })
    .option('rule', { type: 'string', array: true, default: [], describe: 'run only these rule ids or area/* patterns (repeatable)' })
    .option('skip-rule', { type: 'string', array: true, default: [], describe: 'do not run these rule ids or area/* patterns (repeatable)' })
    .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a terminal, off with NO_COLOR)' })
    .option('verbose', { type: 'boolean', default: false, alias: 'v', describe: 'text: also list passed and skipped checks' })
    .option('save-snapshot', { type: 'string', describe: 'also write the snapshot that check collected to this file' })
    .option('baseline', { type: 'string', describe: 'findings recorded in this file (by --write-baseline) are reported as baselined and do not fail the run' })
    .option('write-baseline', { type: 'string', describe: "record this run's findings to this file, for --baseline" });
}

type CheckArgs = Awaited<ReturnType<typeof checkFlags>['argv']>;

/** The check flags as runCheck takes them: a flag given twice or empty is refused here, never half-used. */
function checkOptions(args: CheckArgs, io: CliIo): CheckOptions {
  return {
    cwd: io.cwd,
    env: io.env,
    stderr: io.stderr,
    config: singleFile(args.config, 'config'),
    snapshot: singleFile(args.snapshot, 'snapshot'),
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
  };
}

/** Runs one command; throws on unusable input (InputError) or a bug. `runCli` turns that into the one line and exit 2. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  // --help and --version: yargs hands the text here instead of printing it and exiting the process.
  let builtInOutput = '';
  let commandRan = false;
  const parser = yargs(argv)
    .scriptName('pgl-preflight')
    .version(TOOL.version)
    .strict()
    .recommendCommands()
    .wrap(Math.min(110, io.stdout.columns || 100))
    .usage('$0 <command> [options]\n\nLint bidirectional pglogical replication between VNET-integrated Azure Database for PostgreSQL flexible servers.')
    .command('check', 'collect the facts named by the config (or load --snapshot) and evaluate every rule', checkFlags, async (args) => {
      commandRan = true;
      const outcome = await runCheck(checkOptions(args, io), RULES);
      await writeStdout(io, outcome.stdout);
      exitCode = outcome.exitCode;
    })
    .command(
      'collect',
      'read Azure Resource Manager (and DNS) as the config says and write a redacted snapshot',
      (y) => y.option('config', CONFIG_FLAG).option('output', { type: 'string', alias: 'o', describe: 'snapshot file to write (default: stdout)' }),
      async (args) => {
        commandRan = true;
        const options = { cwd: io.cwd, env: io.env, stderr: io.stderr, config: singleFile(args.config, 'config'), output: singleFile(args.output, 'output') };
        await writeStdout(io, await runCollect(options, RULES.map((r) => r.id)));
      },
    )
    .command(
      'rules',
      'list the rules with their default severity',
      (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
      async (args) => {
        commandRan = true;
        await writeStdout(io, renderRuleList(RULES, single(args.format, 'format') as 'text' | 'json'));
      },
    )
    .command(
      'explain <ruleId>',
      'show a rule\'s documentation: why it matters, how it is checked, how to fix it',
      (y) => y.positional('ruleId', { type: 'string', demandOption: true }),
      async (args) => {
        commandRan = true;
        await writeStdout(io, renderExplain(RULES, String(args.ruleId)));
      },
    )
    .demandCommand(1, 'name a command: check, collect, rules or explain')
    .fail((message, err) => {
      // yargs calls this for usage errors (message) and for errors thrown by handlers (err).
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
  process.exitCode = await runCli(hideBin(process.argv));
}
