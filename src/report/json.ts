import { isGating, summarize, type Result } from '../engine/result.js';
import type { ReportContext } from './context.js';
import { escapeJsonControl } from '../util/terminal.js';
import { planSummary } from './plan.js';

/** The JSON output contract: tool, summary, results[{ruleId,target,outcome,severity,message,help,evidence,fingerprint}]. */
export function renderJson(results: readonly Result[], ctx: ReportContext): string {
  const plan = planSummary(results, ctx.snapshot);
  const doc = {
    tool: ctx.tool,
    summary: summarize(results),
    failOn: ctx.failOn,
    gating: results.filter((r) => isGating(r, ctx.failOn)).length,
    baselined: results.filter((r) => r.baselined).length,
    // Plan runs only: skips known after deployment, counted apart from summary.skip's other reasons.
    ...(plan ? { plan: { files: plan.files, knownAfterDeployment: plan.afterDeployment } } : {}),
    snapshot: {
      schemaVersion: ctx.snapshot.schemaVersion,
      collectedAt: ctx.snapshot.collectedAt,
      database: ctx.snapshot.topology.database,
      nodes: ctx.snapshot.topology.nodes.map((n) => n.name),
    },
    results: results.map((r) => ({
      ruleId: r.ruleId,
      target: r.target,
      outcome: r.outcome,
      severity: r.severity,
      message: r.message,
      help: r.help,
      evidence: r.evidence,
      fingerprint: r.fingerprint,
      ...(r.suppressed ? { suppressed: r.suppressed } : {}),
      ...(r.baselined ? { baselined: true } : {}),
      ...(r.afterDeployment ? { knownAfterDeployment: true } : {}),
      ...(r.planSources ? { planSources: r.planSources } : {}),
    })),
  };
  return `${escapeJsonControl(JSON.stringify(doc, null, 2))}\n`;
}
