// Baselines: today's findings recorded by fingerprint, so that a pipeline adopting the tool on an
// existing estate fails only on what is new. A fingerprint is rule + target (node names, ordered
// pairs, subscription and table names): it survives a re-collection and a re-ordering of the config.
import type { Result } from './result.js';

export const BASELINE_SCHEMA_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  target: string;
  outcome: 'fail' | 'error';
  severity: string;
}

export interface Baseline {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  tool: { name: string; version: string };
  createdAt: string;
  findings: BaselineEntry[];
}

/** Every failed or unchecked result, sorted so that the file diffs cleanly between runs. */
export function makeBaseline(results: readonly Result[], tool: { name: string; version: string }, createdAt: Date): Baseline {
  const findings = results
    .filter((r): r is Result & { outcome: 'fail' | 'error' } => (r.outcome === 'fail' || r.outcome === 'error') && !r.suppressed)
    .map((r) => ({ fingerprint: r.fingerprint, ruleId: r.ruleId, target: r.target, outcome: r.outcome, severity: r.severity }))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.target.localeCompare(b.target));
  return { schemaVersion: BASELINE_SCHEMA_VERSION, tool, createdAt: createdAt.toISOString(), findings };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Checks the shape of a parsed baseline file; returns a problem in words, or undefined. */
export function baselineProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'expected a baseline object';
  const doc = data as Partial<Baseline>;
  if (doc.schemaVersion !== BASELINE_SCHEMA_VERSION)
    return `schemaVersion: ${JSON.stringify(doc.schemaVersion)}; this pgl-preflight reads baseline version ${BASELINE_SCHEMA_VERSION}`;
  if (!Array.isArray(doc.findings)) return 'findings: expected an array';
  const findings: unknown[] = doc.findings;
  const bad = findings.findIndex(
    (f) => typeof f !== 'object' || f === null || typeof (f as { fingerprint?: unknown }).fingerprint !== 'string',
  );
  return bad >= 0 ? `findings[${bad}].fingerprint: expected a string` : undefined;
}

/**
 * Marks the results the baseline already knows: they stay failures (visible in every report) but
 * no longer gate. A result that is new, or worse than recorded (a warning that became an error), gates.
 */
export function applyBaseline(results: readonly Result[], baseline: Baseline): Result[] {
  const known = new Map(baseline.findings.map((f) => [f.fingerprint, f]));
  const rank: Record<string, number> = { error: 3, warning: 2, info: 1 };
  return results.map((r) => {
    const entry = known.get(r.fingerprint);
    if (!entry || (r.outcome !== 'fail' && r.outcome !== 'error')) return r;
    if ((rank[r.severity] ?? 0) > (rank[entry.severity] ?? 0)) return r;
    return { ...r, baselined: true };
  });
}
