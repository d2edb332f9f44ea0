// `pgl-preflight collect`: read Azure (and DNS) as the config says and write the redacted snapshot.
import { resolve } from 'node:path';
import { collectSnapshot } from '../collect/index.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { serializeSnapshot } from '../snapshot/io.js';
import { InputError } from '../util/errors.js';
import { makeProgress } from './progress.js';
import { writeAllAtomically } from './write.js';

export interface CollectOptions {
  cwd: string;
  config?: string;
  output?: string;
  /** Plan files: write the snapshot the plan describes (merged with the live state when azure is configured). */
  plan?: readonly string[];
  /** Environment for collection (credentials, passwordEnv); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where progress goes; default process.stderr. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export async function runCollect(options: CollectOptions, ruleIds: readonly string[]): Promise<string> {
  const configPath = findConfigFile(options.cwd, options.config);
  const plans = options.plan?.length ? options.plan : undefined;
  const planMode = plans !== undefined;
  if (!configPath && !planMode)
    throw new InputError('no configuration found (pgl-preflight.yaml, .yml or .json in the working directory); pass --config FILE');
  const config = configPath ? loadConfig(configPath, ruleIds, { plan: planMode }).config : undefined;
  const progress = makeProgress(options.stderr);
  let snapshot;
  try {
    if (plans) {
      const { snapshotFromPlanFiles } = await import('./plan-input.js');
      snapshot = await snapshotFromPlanFiles(config, plans, options, progress);
    } else {
      if (!config) throw new InputError('no configuration found'); // refused above: without --plan a config is required
      snapshot = await collectSnapshot(config, {
        onAzureRead: progress.onAzureRead,
        onPhase: progress.onPhase,
        ...(options.env ? { env: options.env } : {}),
      });
    }
  } finally {
    progress.done();
  }
  const text = serializeSnapshot(snapshot);
  if (!options.output || options.output === '-') return text;
  writeAllAtomically([{ path: resolve(options.cwd, options.output), content: text }]);
  return '';
}
