// Facts from a plan (check --plan): which resource a plan address names, and what a plan cannot know.
// A value Terraform or what-if marks as known only after apply is never judged: the result is a skip
// with the AFTER_DEPLOYMENT reason, counted apart in every report, so a plan gate is green only on
// what the plan proves.
import type { PlanRecord, Snapshot } from '../snapshot/types.js';

/** Every "known after deployment" skip reason starts with this; reports count them by it. */
export const AFTER_DEPLOYMENT = 'known after deployment';

export function afterDeploymentReason(what: string): string {
  return `${AFTER_DEPLOYMENT}: ${what}`;
}

export function isAfterDeployment(reason: string): boolean {
  return reason.startsWith(`${AFTER_DEPLOYMENT}:`);
}

/** Slice error code for a fact that exists only once the plan is applied (a new server's database). */
export const AFTER_DEPLOYMENT_CODE = 'after-deployment';

/** Slice error code for facts a plan never holds (the SQL side of a server the plan keeps): skip, not counted as after deployment. */
export const NOT_IN_PLAN_CODE = 'not-in-plan';

export function plannedResource(snapshot: Snapshot, id: string | undefined): PlanRecord['resources'][string] | undefined {
  return id ? snapshot.plan?.resources[id.toLowerCase()] : undefined;
}

/** Whether the plan says this value of the resource is known only after deployment. */
export function unknownUntilDeployed(snapshot: Snapshot, id: string | undefined, pointer: string): boolean {
  return plannedResource(snapshot, id)?.unknown?.includes(pointer) === true;
}

export function createdByPlan(snapshot: Snapshot, id: string | undefined): boolean {
  return plannedResource(snapshot, id)?.change === 'create';
}
