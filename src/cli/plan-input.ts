// The snapshot of `check --plan` and `collect --plan`: the plan files read (and live state merged when
// `azure` is configured), with Azure reads and warnings reported through the command's progress.
import type { Config } from '../config/types.js';
import type { Snapshot } from '../snapshot/types.js';
import type { Progress } from './progress.js';

export async function snapshotFromPlanFiles(
  config: Config | undefined,
  plans: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
  progress: Progress,
): Promise<Snapshot> {
  const { snapshotFromPlans } = await import('../plan/index.js');
  return snapshotFromPlans(config, plans, options.cwd, {
    onAzureRead: progress.onAzureRead,
    warn: progress.warn,
    ...(options.env ? { env: options.env } : {}),
  });
}
