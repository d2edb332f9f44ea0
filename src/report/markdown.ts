// A Markdown summary for CI pages: GitHub's job summary ($GITHUB_STEP_SUMMARY), Azure DevOps
// (##vso[task.uploadsummary]) and merge-request comments. Totals, the reachability matrix, the topology
// diagram, each failure with its fix, what could not be checked. Bounded for big estates (GitHub refuses a
// step summary over 1 MiB): lists are capped with an "... and N more" line, long texts are cut.
import { isGating, severityRank, summarize, type Result } from '../engine/result.js';
import { mdCodeBlock, mdCodeSpan, mdText } from '../util/markdown.js';
import type { ReportContext } from './context.js';
import { planSummary } from './plan.js';
import { mermaidDiagram } from './mermaid.js';
import { buildTopology, lookupPair, pairResults } from './topology.js';

/** A full reachability matrix up to this many nodes; above it, a table of the pairs with findings. */
export const MATRIX_NODES = 12;
/** Failures described in full, and rows of the could-not-check and pair tables, at most. */
export const MAX_LISTED = 50;
/** Messages, fixes and reasons are cut to this many characters. */
const MAX_TEXT = 2000;

export function renderMarkdown(results: readonly Result[], ctx: ReportContext): string {
  const { snapshot } = ctx;
  const nodes = snapshot.topology.nodes.map((n) => n.name);
  const summary = summarize(results);
  const gating = results.filter((r) => isGating(r, ctx.failOn)).length;
  const out: string[] = [];

  const verdict =
    gating > 0
      ? `✖ ${gating} finding${gating === 1 ? '' : 's'} at or above --fail-on ${ctx.failOn}`
      : `✔ nothing at or above --fail-on ${ctx.failOn}`;
  out.push(`## ${mdText(ctx.tool.name)}: ${mdText(verdict)}`, '');
  out.push(
    `${mdText(`${ctx.tool.name} ${ctx.tool.version}`)} · database ${mdCodeSpan(snapshot.topology.database)} · ${nodes.length} nodes (${mdText(snapshot.topology.mode)}) · ` +
      `facts collected ${mdText(snapshot.collectedAt)} · ${new Set(results.map((r) => r.ruleId)).size} rules`,
    '',
  );

  const failed = (sev: string) => results.filter((r) => r.outcome === 'fail' && r.severity === sev).length;
  const suppressed = results.filter((r) => r.suppressed).length;
  const plan = planSummary(results, snapshot);
  if (plan)
    out.push(
      `Plan: ${plan.files.map(mdCodeSpan).join(', ')}: ${plan.afterDeployment} checks are known only after deployment (skipped, not passed).`,
      '',
    );
  out.push(
    '| | outcome | results |',
    '|---|---|---:|',
    `| ✖ | failed, severity error | ${failed('error')} |`,
    `| ⚠ | failed, severity warning | ${failed('warning')} |`,
    `| ℹ | failed, severity info | ${failed('info')} |`,
    `| ? | could not be checked | ${summary.error} |`,
    `| ✔ | passed | ${summary.pass} |`,
    ...(plan
      ? [
          `| ⏳ | skipped: known after deployment | ${plan.afterDeployment} |`,
          `| – | skipped (not applicable${suppressed > 0 ? `, ${suppressed} suppressed` : ' or suppressed'}) | ${summary.skip - plan.afterDeployment} |`,
        ]
      : [`| – | skipped (not applicable${suppressed > 0 ? `, ${suppressed} suppressed` : ' or suppressed'}) | ${summary.skip} |`]),
    '',
  );

  const topology = buildTopology(snapshot, results);
  if (nodes.length >= 2) out.push(...reachability(snapshot, results, nodes), '');

  const diagram = mermaidDiagram(topology);
  out.push('### Topology', '');
  out.push(
    'Regions and VNETs hold the nodes; dotted lines are VNET peerings; an arrow runs from provider to subscriber (the way changes flow) ' +
      'and names its subscriptions. Red: a rule at severity error failed for the pair or its subscription; orange: a warning; grey dashed: not checked.' +
      (diagram.omitted ? ` Big estate: ${mdText(diagram.omitted)}.` : ''),
    '',
  );
  out.push('```mermaid', diagram.text, '```', '');

  const failures = results.filter((r) => r.outcome === 'fail').sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  out.push(`### Failures (${failures.length})`, '');
  if (failures.length === 0) out.push('None.', '');
  for (const r of failures.slice(0, MAX_LISTED)) out.push(...failure(r));
  if (failures.length > MAX_LISTED) out.push(more(failures.length - MAX_LISTED, 'failure'), '');

  const unchecked = results.filter((r) => r.outcome === 'error');
  if (unchecked.length > 0) {
    out.push(
      `### Could not be checked (${unchecked.length})`,
      '',
      'An unchecked rule never passes silently: collect the missing facts and run again.',
      '',
    );
    out.push('| rule | target | reason |', '|---|---|---|');
    for (const r of unchecked.slice(0, MAX_LISTED)) out.push(`| ${mdText(r.ruleId)} | ${mdText(r.target)} | ${mdText(cut(r.message))} |`);
    out.push('');
    if (unchecked.length > MAX_LISTED) out.push(more(unchecked.length - MAX_LISTED, 'unchecked result'), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Row subscribes to column; a cell names the worst result of the pair and its subscriptions. */
function reachability(snapshot: ReportContext['snapshot'], results: readonly Result[], nodes: readonly string[]): string[] {
  const index = pairResults(snapshot, results);
  const worstOf = (subscriber: string, provider: string): Result | undefined => {
    let worst: Result | undefined;
    for (const r of lookupPair(index, subscriber, provider)) if (!worst || rank(r) > rank(worst)) worst = r;
    return worst;
  };
  const out = ['### Reachability', ''];
  if (nodes.length <= MATRIX_NODES) {
    out.push('Row subscribes to column: the network, DNS and replication checks of the pair; a cell names the worst result.', '');
    out.push(`| subscriber ↓ provider → | ${nodes.map(mdText).join(' | ')} |`, `|---|${nodes.map(() => '---').join('|')}|`);
    for (const row of nodes) {
      const cells = nodes.map((col) => (row === col ? '·' : cell(worstOf(row, col))));
      out.push(`| **${mdText(row)}** | ${cells.join(' | ')} |`);
    }
    return out;
  }
  // A matrix of hundreds of columns is unreadable: list the pairs with findings instead.
  const wrong: { subscriber: string; provider: string; worst: Result }[] = [];
  for (const subscriber of nodes) {
    for (const provider of nodes) {
      const worst = subscriber === provider ? undefined : worstOf(subscriber, provider);
      if (worst && (worst.outcome === 'fail' || worst.outcome === 'error')) wrong.push({ subscriber, provider, worst });
    }
  }
  const pairs = nodes.length * (nodes.length - 1);
  out.push(`${pairs - wrong.length} of ${pairs} ordered pairs have no finding; the pairs with findings, worst first:`, '');
  out.push('| subscriber | provider | worst result |', '|---|---|---|');
  wrong.sort((a, b) => rank(b.worst) - rank(a.worst));
  for (const w of wrong.slice(0, MAX_LISTED)) out.push(`| ${mdText(w.subscriber)} | ${mdText(w.provider)} | ${cell(w.worst)} |`);
  if (wrong.length > MAX_LISTED) out.push('', more(wrong.length - MAX_LISTED, 'pair'));
  return out;
}

function cell(worst: Result | undefined): string {
  if (!worst) return 'n/a';
  const id = mdText(worst.ruleId);
  if (worst.outcome === 'fail') return worst.severity === 'error' ? `✖ ${id}` : worst.severity === 'warning' ? `⚠ ${id}` : `ℹ ${id}`;
  if (worst.outcome === 'error') return `? ${id}`;
  return '✔';
}

function failure(r: Result): string[] {
  const mark = r.severity === 'error' ? '✖' : r.severity === 'warning' ? '⚠' : 'ℹ';
  // Data never starts a line, where it could open a list, a quote or a heading.
  const out = [`**${mark} ${r.severity}** ${mdCodeSpan(r.ruleId)} on **${mdText(r.target)}**: ${mdText(cut(r.message))}`, ''];
  if (r.planSources?.length) out.push(`Plan: ${r.planSources.map(mdCodeSpan).join(', ')}`, '');
  if (r.help) {
    const { prose, command } = splitFix(cut(r.help));
    out.push(prose ? `Fix: ${mdText(prose)}` : 'Fix:', '');
    if (command) out.push(mdCodeBlock(command, 'sh'), '');
  }
  return out;
}

// Where the command of a fix text starts: at its beginning, or after the first ": " that precedes one.
const COMMAND = /(?:^|: )(?=(?:az|SELECT|ALTER|CREATE|GRANT|REVOKE|DROP) )/;

/** "Prose: command" into its parts, so the command can be copied from a code block; all of it is text otherwise. */
export function splitFix(help: string): { prose: string; command: string | undefined } {
  const m = COMMAND.exec(help);
  if (!m) return { prose: help, command: undefined };
  const prose = help.slice(0, m.index + (m[0].length > 0 ? 1 : 0)).trim();
  return { prose, command: help.slice(m.index + m[0].length) };
}

function more(n: number, what: string): string {
  return `… and ${n} more ${what}${n === 1 ? '' : 's'}, not listed to keep this summary readable (the text, JSON and JUnit reports list every one).`;
}

function cut(text: string): string {
  const chars = Array.from(text); // code points, not UTF-16 units
  return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT - 1).join('')}…` : text;
}

function rank(r: Result): number {
  return { fail: 20, error: 10, skip: 0, pass: -10 }[r.outcome] + severityRank(r.severity);
}
