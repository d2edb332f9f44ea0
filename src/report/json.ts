import { isGating, summarize, type Result } from '../engine/result.js';
import type { ReportContext } from './context.js';
import { escapeJsonControl } from '../util/terminal.js';

/** The JSON output contract: tool, summary, results[{ruleId,target,outcome,severity,message,help,evidence,fingerprint}]. */
export function renderJson(results: readonly Result[], ctx: ReportContext): string {
  const doc = {
    tool: ctx.tool,
    summary: summarize(results),
    failOn: ctx.failOn,
    gating: results.filter((r) => isGating(r, ctx.failOn)).length,
    baselined: results.filter((r) => r.baselined).length,
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
    })),
  };
  return `${escapeJsonControl(JSON.stringify(doc, null, 2))}\n`;
}
