// `pgl-preflight check`: load config and/or snapshot, evaluate, render, write, and decide the exit code.
import { resolve } from 'node:path';
import { findConfigFile, loadConfig, type LoadedConfig } from '../config/load.js';
import { assertKnownRules, evaluate } from '../engine/evaluate.js';
import { isGating, type FailOn } from '../engine/result.js';
import type { Rule } from '../engine/rule.js';
import { REPORTERS, isFormatName, type FormatName } from '../report/index.js';
import { loadSnapshot } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { TOOL } from '../util/package-info.js';
import { writeAllAtomically } from './write.js';

export interface CheckOptions {
  cwd: string;
  config?: string;
  snapshot?: string;
  format: string;
  output: readonly string[];
  failOn: FailOn;
  rule: readonly string[];
  skipRule: readonly string[];
  color: boolean;
  verbose: boolean;
}

export interface CommandOutcome {
  stdout: string;
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

export function runCheck(options: CheckOptions, rules: readonly Rule[]): CommandOutcome {
  if (!isFormatName(options.format)) throw new InputError(`--format ${options.format}: expected one of ${Object.keys(REPORTERS).join(', ')}`);
  const outputs = parseOutputSpecs(options.output, options.cwd);
  assertKnownRules(rules, options.rule, '--rule');
  assertKnownRules(rules, options.skipRule, '--skip-rule');

  const ruleIds = rules.map((r) => r.id);
  const configPath = findConfigFile(options.cwd, options.config);
  const loaded: LoadedConfig | undefined = configPath ? loadConfig(configPath, ruleIds) : undefined;

  let snapshot: Snapshot;
  if (options.snapshot) {
    snapshot = loadSnapshot(resolve(options.cwd, options.snapshot));
  } else if (loaded) {
    throw new InputError(`${loaded.path}: live collection from Azure and PostgreSQL is not available in this version; pass --snapshot FILE`);
  } else {
    throw new InputError('no configuration found (pgl-preflight.yaml, .yml or .json in the working directory) and no --snapshot given');
  }

  const results = evaluate(snapshot, rules, {
    severityOverrides: loaded?.config.rules ?? {},
    only: options.rule,
    skip: options.skipRule,
    suppressions: loaded?.config.suppressions ?? [],
    now: new Date(),
  });
  const ctx = { tool: TOOL, snapshot, rules, failOn: options.failOn, color: options.color, verbose: options.verbose };
  const stdout = REPORTERS[options.format](results, { ...ctx });
  const files = outputs.map((o) => ({ path: o.path, content: REPORTERS[o.format](results, { ...ctx, color: false }) }));
  writeAllAtomically(files);
  return { stdout, exitCode: results.some((r) => isGating(r, options.failOn)) ? 1 : 0 };
}
