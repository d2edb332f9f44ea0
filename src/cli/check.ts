// `pgl-preflight check`: load config and/or snapshot, evaluate, render, write, and decide the exit code.
import { hostname } from 'node:os';
import { relative, resolve, sep } from 'node:path';
import { findConfigFile, loadConfig, type LoadedConfig } from '../config/load.js';
import { assertKnownRules, evaluate } from '../engine/evaluate.js';
import { isGating, type FailOn } from '../engine/result.js';
import type { Rule } from '../engine/rule.js';
import { REPORTERS, isFormatName, type FormatName, type Rendered } from '../report/index.js';
import { loadSnapshot, serializeSnapshot } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { TOOL } from '../util/package-info.js';
import { writeAllAtomically } from './write.js';
import { applyBaseline, baselineProblem, makeBaseline, serializeBaseline, type Baseline } from '../engine/baseline.js';
import { readFileSync } from 'node:fs';
import { parseJson } from '../util/validate.js';

function loadBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read baseline (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const data = parseJson(text, path);
  const problem = baselineProblem(data);
  if (problem) throw new InputError(`${path}: ${problem}`);
  return data as Baseline;
}

export interface CheckOptions {
  cwd: string;
  /** Environment for collection (credentials, passwordEnv); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where progress goes while collecting; default process.stderr. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  config?: string;
  snapshot?: string;
  format: string;
  output: readonly string[];
  failOn: FailOn;
  rule: readonly string[];
  skipRule: readonly string[];
  color: boolean;
  verbose: boolean;
  /** Plan files (Terraform plan JSON, ARM what-if) to judge before deployment (--plan, repeatable). */
  plan?: readonly string[];
  /** Keep what check collected (not with --snapshot). */
  saveSnapshot?: string;
  /** Findings recorded here do not gate (--baseline). */
  baseline?: string;
  /** Record today's findings to this file (--write-baseline). */
  writeBaseline?: string;
}

export interface CommandOutcome {
  stdout: Rendered;
  exitCode: 0 | 1;
}

export function parseOutputSpecs(specs: readonly string[], cwd: string): { format: FormatName; path: string }[] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const format = eq > 0 ? spec.slice(0, eq) : '';
    const path = eq > 0 ? spec.slice(eq + 1) : '';
    if (!isFormatName(format) || !path) {
      throw new InputError(`--output ${spec}: expected FORMAT=PATH with FORMAT one of ${Object.keys(REPORTERS).join(', ')}`);
    }
    return { format, path: resolve(cwd, path) };
  });
}

/** The snapshot to evaluate: the one named with --snapshot, or a fresh collection from the config. */
async function obtainSnapshot(options: CheckOptions, loaded: LoadedConfig | undefined): Promise<Snapshot> {
  if (options.snapshot) return loadSnapshot(resolve(options.cwd, options.snapshot));
  if (options.plan?.length) {
    const [{ snapshotFromPlanFiles }, { makeProgress }] = await Promise.all([import('./plan-input.js'), import('./progress.js')]);
    const progress = makeProgress(options.stderr);
    try {
      return await snapshotFromPlanFiles(loaded?.config, options.plan, options, progress);
    } finally {
      progress.done();
    }
  }
  if (!loaded)
    throw new InputError('no configuration found (pgl-preflight.yaml, .yml or .json in the working directory) and no --snapshot given');
  // Loaded only to collect: a check from a snapshot never needs them.
  const [{ collectSnapshot }, { makeProgress }] = await Promise.all([import('../collect/index.js'), import('./progress.js')]);
  const progress = makeProgress(options.stderr);
  try {
    return await collectSnapshot(loaded.config, {
      onAzureRead: progress.onAzureRead,
      onPhase: progress.onPhase,
      ...(options.env ? { env: options.env } : {}),
    });
  } finally {
    progress.done();
  }
}

export async function runCheck(options: CheckOptions, rules: readonly Rule[]): Promise<CommandOutcome> {
  const startedAt = new Date();
  if (!isFormatName(options.format))
    throw new InputError(`--format ${options.format}: expected one of ${Object.keys(REPORTERS).join(', ')}`);
  const outputs = parseOutputSpecs(options.output, options.cwd);
  if (options.saveSnapshot !== undefined && options.saveSnapshot === '') throw new InputError('--save-snapshot needs a file name');
  if (options.baseline === '') throw new InputError('--baseline needs a file name');
  if (options.writeBaseline === '') throw new InputError('--write-baseline needs a file name');
  const now = startedAt;
  assertKnownRules(rules, options.rule, '--rule');
  assertKnownRules(rules, options.skipRule, '--skip-rule');

  const ruleIds = rules.map((r) => r.id);
  const configPath = findConfigFile(options.cwd, options.config);
  const planMode = (options.plan?.length ?? 0) > 0;
  if (planMode && options.snapshot) throw new InputError('--plan and --snapshot name two different inputs; give one');
  const loaded: LoadedConfig | undefined = configPath ? loadConfig(configPath, ruleIds, { plan: planMode }) : undefined;

  if (options.saveSnapshot && options.snapshot)
    throw new InputError('--save-snapshot keeps what check collects; it cannot be used with --snapshot');
  // Read before collecting: a bad baseline is unusable input, found before any server is asked.
  const baseline = options.baseline !== undefined ? loadBaseline(resolve(options.cwd, options.baseline)) : undefined;
  const snapshot = await obtainSnapshot(options, loaded);

  const evaluated = evaluate(snapshot, rules, {
    severityOverrides: loaded?.config.rules ?? {},
    only: options.rule,
    skip: options.skipRule,
    suppressions: loaded?.config.suppressions ?? [],
    now,
  });
  const judged = snapshot.plan ? (await import('../plan/sources.js')).namePlanSources(evaluated, snapshot) : evaluated;
  const results = baseline ? applyBaseline(judged, baseline) : judged;
  // The run's own start and length for JUnit and SARIF (a replayed snapshot's collection date is not when this ran).
  const inputFile =
    configPath ??
    (options.snapshot ? resolve(options.cwd, options.snapshot) : options.plan?.length ? resolve(options.cwd, options.plan[0]!) : undefined);
  const run = {
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    hostname: hostname(),
    ...(inputFile ? { inputFile: relative(options.cwd, inputFile).split(sep).join('/') } : {}),
  };
  const ctx = { tool: TOOL, snapshot, rules, failOn: options.failOn, color: options.color, verbose: options.verbose, run };
  const stdout = REPORTERS[options.format](results, { ...ctx });
  const files = outputs.map((o) => ({ path: o.path, content: REPORTERS[o.format](results, { ...ctx, color: false }) }));
  if (options.saveSnapshot) files.push({ path: resolve(options.cwd, options.saveSnapshot), content: serializeSnapshot(snapshot) });
  if (options.writeBaseline)
    files.push({ path: resolve(options.cwd, options.writeBaseline), content: serializeBaseline(makeBaseline(evaluated, TOOL, now)) });
  writeAllAtomically(files);
  return { stdout, exitCode: results.some((r) => isGating(r, options.failOn)) ? 1 : 0 };
}
