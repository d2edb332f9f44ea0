import { isGating, summarize, type Result } from '../engine/result.js';
import type { ReportContext } from './context.js';
import type { Rendered } from './rendered.js';
import { escapeJsonControl } from '../util/terminal.js';
import { planSummary } from './plan.js';

/**
 * Results per piece of output: enough to write efficiently, few enough that each piece is a short-lived
 * young-generation string (pieces of megabytes go to V8's large-object space and pile up until a full GC).
 */
const RESULTS_PER_CHUNK = 100;

/**
 * The JSON output contract: tool, summary, results[{ruleId,target,outcome,severity,message,help,evidence,fingerprint}].
 * Produced in pieces: the head indented, then one result per line.
 */
export function renderJson(results: readonly Result[], ctx: ReportContext): Rendered {
  const plan = planSummary(results, ctx.snapshot);
  const head = {
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
  };
  if (results.length === 0) return `${escapeJsonControl(JSON.stringify({ ...head, results: [] }, null, 2))}\n`;
  return jsonPieces(head, results);
}

function* jsonPieces(head: object, results: readonly Result[]): Iterable<string> {
  // The head as an indented document without its closing "\n}", then one result per line: a 200-node mesh
  // has 560,000 results, and indenting each result's evidence doubled the size and the time of the report.
  yield `${escapeJsonControl(JSON.stringify(head, null, 2).slice(0, -2))},\n  "results": [\n`;
  for (let start = 0; start < results.length; start += RESULTS_PER_CHUNK) {
    const lines = results.slice(start, start + RESULTS_PER_CHUNK).map((r) => JSON.stringify(entry(r)));
    yield `${start > 0 ? ',\n' : ''}${escapeJsonControl(`    ${lines.join(',\n    ')}`)}`;
  }
  yield '\n  ]\n}\n';
}

interface Entry {
  ruleId: string;
  target: string;
  outcome: string;
  severity: string;
  message: string;
  help: string;
  evidence: unknown;
  fingerprint: string;
  suppressed?: { reason: string };
  baselined?: true;
  knownAfterDeployment?: true;
  planSources?: string[];
}

function entry(r: Result): Entry {
  const e: Entry = {
    ruleId: r.ruleId,
    target: r.target,
    outcome: r.outcome,
    severity: r.severity,
    message: r.message,
    help: r.help,
    evidence: r.evidence,
    fingerprint: r.fingerprint,
  };
  if (r.suppressed) e.suppressed = r.suppressed;
  if (r.baselined) e.baselined = true;
  if (r.afterDeployment) e.knownAfterDeployment = true;
  if (r.planSources) e.planSources = r.planSources;
  return e;
}
