// The flags of `check`, in one table read by both parsers: yargs (main.ts) and the plain parser
// below, which reads an everyday `check` command line without loading yargs (about a sixth of what a
// check from a snapshot spent starting up).
import type { Options } from 'yargs';
import { SEVERITIES } from '../engine/rule.js';
import { FORMAT_NAMES } from '../report/index.js';

export const CHECK_FLAGS = {
  config: { type: 'string', describe: 'config file (default: pgl-preflight.yaml/.yml/.json in the working directory)' },
  snapshot: { type: 'string', describe: 'evaluate this snapshot file instead of collecting' },
  plan: {
    type: 'string',
    array: true,
    describe: 'judge this plan before deployment: terraform show -json output or an ARM what-if result (repeatable)',
  },
  format: { type: 'string', default: 'text', describe: `stdout format: ${FORMAT_NAMES.join(', ')}` },
  output: { type: 'string', array: true, default: [], describe: 'also write FORMAT=PATH (repeatable), e.g. junit=reports/pgl.xml' },
  'fail-on': { choices: [...SEVERITIES, 'never'], default: 'error', describe: 'exit 1 when a finding is at or above this severity' },
  rule: { type: 'string', array: true, default: [], describe: 'run only these rule ids or area/* patterns (repeatable)' },
  'skip-rule': { type: 'string', array: true, default: [], describe: 'do not run these rule ids or area/* patterns (repeatable)' },
  color: { type: 'boolean', describe: 'force colour on or off (default: on for a terminal, off with NO_COLOR)' },
  verbose: { type: 'boolean', default: false, alias: 'v', describe: 'text: also list passed and skipped checks' },
  'save-snapshot': { type: 'string', describe: 'also write the snapshot that check collected to this file' },
  baseline: {
    type: 'string',
    describe: 'findings recorded in this file (by --write-baseline) are reported as baselined and do not fail the run',
  },
  'write-baseline': { type: 'string', describe: "record this run's findings to this file, for --baseline" },
} satisfies Record<string, Options>;

export type CheckFlagName = keyof typeof CHECK_FLAGS;
/** What the check command reads from either parser (yargs adds aliases and camel-case copies besides). */
export type CheckArgs = Partial<Record<CheckFlagName, unknown>>;

const FLAGS: Record<string, Options> = CHECK_FLAGS;

/**
 * `check` flags read without yargs, for the plain command line only: each flag by its own name
 * (`--name value`, `--name=value`, `--flag`, `--no-flag`, `-v`), given once (list flags any number of
 * times), with a value that is not empty and starts with neither `-` nor a quote, and an allowed
 * choice. Anything else (help, version, a typo, a positional, a repeated flag, a value yargs would
 * read differently) returns undefined, and yargs parses it: its messages stay the only ones. A test
 * compares the two parsers on generated command lines.
 */
export function parsePlainCheck(argv: readonly string[]): CheckArgs | undefined {
  if (argv[0] !== 'check') return undefined;
  const args: Record<string, unknown> = {};
  const plainValue = (value: string | undefined) => value !== undefined && value !== '' && !/^[-'"]/.test(value);
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i]!;
    const match = /^--([a-z]+(?:-[a-z]+)*)(?:=([^]*))?$/.exec(token);
    const shortAlias = /^-([a-z])$/.exec(token)?.[1];
    let name = match?.[1] ?? Object.keys(FLAGS).find((key) => shortAlias !== undefined && FLAGS[key]!.alias === shortAlias);
    if (name === undefined) return undefined;
    let negated = false;
    if (!Object.hasOwn(FLAGS, name) && name.startsWith('no-') && FLAGS[name.slice(3)]?.type === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const flag = Object.hasOwn(FLAGS, name) ? FLAGS[name]! : undefined;
    if (!flag) return undefined;
    const inline = match?.[2];
    if (flag.type === 'boolean') {
      if (inline !== undefined || Object.hasOwn(args, name)) return undefined;
      args[name] = !negated;
      continue;
    }
    const value = inline ?? argv[++i];
    if (!plainValue(value)) return undefined;
    if (flag.choices && !(flag.choices as readonly unknown[]).includes(value)) return undefined;
    if (flag.array) args[name] = [...((args[name] as string[] | undefined) ?? []), value];
    else if (Object.hasOwn(args, name)) return undefined;
    else args[name] = value;
  }
  for (const [name, flag] of Object.entries(FLAGS)) {
    if (!Object.hasOwn(args, name) && flag.default !== undefined)
      args[name] = Array.isArray(flag.default) ? [...(flag.default as unknown[])] : flag.default;
  }
  return args;
}
