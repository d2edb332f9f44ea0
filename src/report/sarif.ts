// SARIF 2.1.0 (OASIS) for GitHub code scanning and the Azure DevOps SARIF viewer.
// - One reportingDescriptor per registered rule, from the rule metadata (title, description, help; the doc path).
// - Results: failures and could-not-check results, plus suppressed ones carrying a SARIF suppression with the
//   config's reason as justification (GitHub shows those as dismissed, not open). Passes and not-applicable
//   skips are not findings and are left out.
// - level follows --fail-on: "error" exactly for what the exit code counts, else "warning" ("note" for info).
// - Locations: logical locations name the target (node, `subscriber->provider` pair or catalog object) and the
//   nodes' Azure resource ids. GitHub code scanning needs a physical location to show an alert
//   ("SARIF support for code scanning": each result needs at least one location, and a result outside the
//   repository's files is not displayed), so each result also points at line 1 of the input it came from: the
//   config file when one was read (it sits in the repository and holds suppressions and severities), else the
//   snapshot file.
// - partialFingerprints carry the result fingerprint (sha256 of rule + target), stable across runs and machines,
//   so GitHub and baselines match the same finding from run to run.
// Typed with @types/sarif; written by hand because the maintained builder (node-sarif-builder 5) needs Node 22
// and models file/line findings, not resources.
import type { Location, Log, ReportingDescriptor, Result as SarifResult, Run } from 'sarif';
import { atOrAboveFailOn, isGating, type Result } from '../engine/result.js';
import type { Severity } from '../engine/rule.js';
import { targetNodes } from '../engine/targets.js';
import { runInfoOf, type ReportContext } from './context.js';
import { planSummary } from './plan.js';
import { escapeJsonControl } from '../util/terminal.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Name of the partial fingerprint: versioned, so a change of recipe never matches old alerts by accident. */
export const FINGERPRINT_KEY = 'pglPreflightFingerprint/v1';

export function renderSarif(results: readonly Result[], ctx: ReportContext): string {
  const run = runInfoOf(ctx);
  const ruleIndex = new Map(ctx.rules.map((rule, index) => [rule.id, index]));
  const rules: ReportingDescriptor[] = ctx.rules.map((rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.help}\n\nRule documentation: rules/${rule.id}.md in the ${ctx.tool.name} package (\`${ctx.tool.name} explain ${rule.id}\`).`,
      markdown: `${rule.help}\n\nRule documentation: \`rules/${rule.id}.md\` in the ${ctx.tool.name} package, or \`${ctx.tool.name} explain ${rule.id}\`.`,
    },
    defaultConfiguration: { level: levelOf(rule.severity, atOrAboveFailOn(rule.severity, ctx.failOn)) },
    properties: { tags: [rule.area, ctx.tool.name], severity: rule.severity },
  }));

  // With a --baseline, every result says whether it is new or known (SARIF 3.27.24: all or none carry it).
  const compared = results.some((r) => r.baselined);
  const servers = new Map(ctx.snapshot.topology.nodes.map((n) => [n.name, n.server]));
  const sarifResults = results
    .filter((r) => r.outcome === 'fail' || r.outcome === 'error' || r.suppressed)
    .map((r): SarifResult => {
      // A suppressed result was a failure (or could-not-check) before the suppression: it keeps that level.
      const gating = r.suppressed ? atOrAboveFailOn(r.severity, ctx.failOn) : isGating(r, ctx.failOn);
      return {
        ruleId: r.ruleId,
        ruleIndex: ruleIndex.get(r.ruleId),
        kind: 'fail',
        level: levelOf(r.severity, gating),
        message: { text: r.help && !r.suppressed ? `${r.message}\nHow to fix: ${r.help}` : r.message },
        locations: [location(r, ctx, servers)],
        partialFingerprints: { [FINGERPRINT_KEY]: r.fingerprint },
        ...(compared ? { baselineState: r.baselined ? ('unchanged' as const) : ('new' as const) } : {}),
        ...(r.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: r.suppressed.reason }] } : {}),
        properties: {
          target: r.target,
          outcome: r.outcome,
          severity: r.severity,
          ...(Object.keys(r.evidence).length > 0 ? { evidence: r.evidence } : {}),
          ...(r.planSources ? { planSources: r.planSources } : {}),
        },
      };
    });

  const sarifRun: Run = {
    tool: { driver: { name: ctx.tool.name, version: ctx.tool.version, semanticVersion: ctx.tool.version, rules } },
    automationDetails: { id: `${ctx.tool.name}/${ctx.snapshot.topology.database}/` },
    invocations: [
      {
        executionSuccessful: true,
        startTimeUtc: run.startedAt.toISOString(),
        endTimeUtc: new Date(run.startedAt.getTime() + Math.max(0, run.durationMs)).toISOString(),
        machine: run.hostname || 'localhost',
      },
    ],
    results: sarifResults,
    properties: {
      database: ctx.snapshot.topology.database,
      snapshotCollectedAt: ctx.snapshot.collectedAt,
      failOn: ctx.failOn,
      gating: results.filter((r) => isGating(r, ctx.failOn)).length,
      ...planRunProperties(results, ctx),
    },
  };
  const log: Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [sarifRun] };
  // Like the JSON report: C1 controls and bidi overrides from data are \u escapes, never raw characters on a terminal.
  return `${escapeJsonControl(JSON.stringify(log, null, 2))}\n`;
}

function planRunProperties(results: readonly Result[], ctx: ReportContext): Record<string, unknown> {
  const plan = planSummary(results, ctx.snapshot);
  return plan ? { plan: plan.files, knownAfterDeployment: plan.afterDeployment } : {};
}

/** "error" exactly when the finding counts toward the exit code at this --fail-on; otherwise a warning or a note. */
function levelOf(severity: Severity, gating: boolean): 'error' | 'warning' | 'note' {
  if (gating) return 'error';
  return severity === 'info' ? 'note' : 'warning';
}

function location(r: Result, ctx: ReportContext, servers: ReadonlyMap<string, string | undefined>): Location {
  const target = r.targetInfo;
  const logicalLocations: NonNullable<Location['logicalLocations']> = [
    target.kind === 'object' ? { name: target.object, fullyQualifiedName: r.target } : { name: r.target, fullyQualifiedName: r.target },
  ];
  for (const node of targetNodes(target)) {
    const server = servers.get(node);
    if (server) logicalLocations.push({ name: node, fullyQualifiedName: server, kind: 'resource' });
  }
  // A plan run: the Terraform address (or ARM id) of every planned resource the result judged.
  for (const source of r.planSources ?? [])
    if (!logicalLocations.some((l) => l.fullyQualifiedName === source))
      logicalLocations.push({ name: source, fullyQualifiedName: source, kind: 'resource' });
  const inputFile = ctx.run?.inputFile;
  return {
    ...(inputFile
      ? { physicalLocation: { artifactLocation: { uri: encodeURI(inputFile), uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }
      : {}),
    logicalLocations,
    message: { text: target.kind === 'pair' ? `${target.subscriber} subscribes to ${target.provider}` : r.target },
  };
}
