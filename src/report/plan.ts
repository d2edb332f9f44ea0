// What a plan run adds to every report: the plan files, the "known after deployment" count (kept apart
// from the other skips, so a green plan gate is never mistaken for a green deployment), and the plan
// address or ARM id each result judged.
import type { Result } from '../engine/result.js';
import type { Snapshot } from '../snapshot/types.js';

export interface PlanSummary {
  files: string[];
  /** Skips whose fact is known only after deployment. */
  afterDeployment: number;
}

/** Undefined for a run that did not read a plan: reports stay as they were. */
export function planSummary(results: readonly Result[], snapshot: Snapshot): PlanSummary | undefined {
  if (!snapshot.plan) return undefined;
  let afterDeployment = 0;
  for (const r of results) if (r.afterDeployment) afterDeployment += 1;
  return { files: snapshot.plan.files, afterDeployment };
}

export function planSourcesText(r: Result): string | undefined {
  return r.planSources?.length ? r.planSources.join(', ') : undefined;
}
