// The thin CLI layer: parse flags, call the command, print, exit 0/1/2. No stack traces reach the user.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { RULES } from '../../rules/index.js';
import { SEVERITIES } from '../engine/rule.js';
import type { FailOn } from '../engine/result.js';
import { FORMAT_NAMES } from '../report/index.js';
import { InputError } from '../util/errors.js';
import { redactSecrets } from '../util/dsn.js';
import { escapeControl } from '../util/terminal.js';
import { TOOL } from '../util/package-info.js';
import { runCheck } from './check.js';
import { runCollect } from './collect.js';
import { renderExplain, renderRuleList } from './rules-info.js';

const EXIT_USAGE = 2;

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
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

function singleFlag(value: unknown, flag: string): boolean | undefined {
  if (Array.isArray(value)) throw new InputError(`--${flag} given ${value.length} times; give it once`);
  return value === undefined ? undefined : value === true;
}

/** Writes to stdout and waits for it: a full disk or a closed pipe is a one-line error, not a crash. */
function writeStdout(text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new InputError(`standard output: cannot write (${err.code ?? err.message})`));
    // The stream reports a failed write twice (callback, then an 'error' event): both are handled.
    process.stdout.on('error', onError);
    process.stdout.write(text, (err) => (err ? onError(err) : resolve()));
  });
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('pgl-preflight')
    .version(TOOL.version)
    .strict()
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .usage('$0 <command> [options]\n\nLint bidirectional pglogical replication between VNET-integrated Azure Database for PostgreSQL flexible servers.')
    .command(
      'check',
      'collect the facts named by the config (or load --snapshot) and evaluate every rule',
      (y) =>
        y
          .option('config', { type: 'string', describe: 'config file (default: pgl-preflight.yaml/.yml/.json in the working directory)' })
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
          .option('write-baseline', { type: 'string', describe: "record this run's findings to this file, for --baseline" }),
      async (args) => {
        const outcome = await runCheck(
          {
            cwd: process.cwd(),
            config: single(args.config, 'config'),
            snapshot: single(args.snapshot, 'snapshot'),
            format: single(args.format, 'format') ?? 'text',
            output: asList(args.output, 'output'),
            failOn: single(args['fail-on'], 'fail-on') as FailOn,
            rule: asList(args.rule, 'rule'),
            skipRule: asList(args['skip-rule'], 'skip-rule'),
            color: useColor(singleFlag(args.color, 'color')),
            verbose: singleFlag(args.verbose, 'verbose') === true,
            ...(args['save-snapshot'] !== undefined ? { saveSnapshot: single(args['save-snapshot'], 'save-snapshot') ?? '' } : {}),
            ...(args.baseline !== undefined ? { baseline: single(args.baseline, 'baseline') ?? '' } : {}),
            ...(args['write-baseline'] !== undefined ? { writeBaseline: single(args['write-baseline'], 'write-baseline') ?? '' } : {}),
          },
          RULES,
        );
        await writeStdout(outcome.stdout);
        exitCode = outcome.exitCode;
      },
    )
    .command(
      'collect',
      'read Azure Resource Manager (and DNS) as the config says and write a redacted snapshot',
      (y) =>
        y
          .option('config', { type: 'string', describe: 'config file (default: pgl-preflight.yaml/.yml/.json in the working directory)' })
          .option('output', { type: 'string', alias: 'o', describe: 'snapshot file to write (default: stdout)' }),
      async (args) => {
        await writeStdout(await runCollect({ cwd: process.cwd(), config: single(args.config, 'config'), output: single(args.output, 'output') }, RULES.map((r) => r.id)));
      },
    )
    .command(
      'rules',
      'list the rules with their default severity',
      (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
      async (args) => {
        await writeStdout(renderRuleList(RULES, single(args.format, 'format') as 'text' | 'json'));
      },
    )
    .command(
      'explain <ruleId>',
      'show a rule\'s documentation: why it matters, how it is checked, how to fix it',
      (y) => y.positional('ruleId', { type: 'string', demandOption: true }),
      async (args) => {
        await writeStdout(renderExplain(RULES, String(args.ruleId)));
      },
    )
    .demandCommand(1, 'name a command: check, collect, rules or explain')
    .fail((message, err) => {
      // yargs calls this for usage errors (message) and for errors thrown by handlers (err).
      throw err ?? new InputError(message.replace(/\s*\n\s*/g, ' '));
    })
    .help();
  await parser.parseAsync();
  return exitCode;
}

export async function run(): Promise<void> {
  try {
    process.exitCode = await main(hideBin(process.argv));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof InputError) {
      process.stderr.write(`pgl-preflight: ${escapeControl(redactSecrets(message))}\n`);
    } else {
      process.stderr.write(`pgl-preflight: internal error: ${escapeControl(redactSecrets(message.split('\n')[0] ?? ''))}\n`);
      if (process.env.PGL_PREFLIGHT_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    }
    process.exitCode = EXIT_USAGE;
  }
}
