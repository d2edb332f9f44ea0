// Human-readable report: findings grouped by node, then by ordered pair, with a summary line.
import { isGating, severityRank, type Result } from '../engine/result.js';
import type { ReportContext } from './context.js';
import { escapeControl as clean } from '../util/terminal.js';
import { planSourcesText, planSummary } from './plan.js';

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;

export function renderText(results: readonly Result[], ctx: ReportContext): string {
  const paint = (style: Style, text: string) => (ctx.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const { snapshot } = ctx;
  const lines: string[] = [];
  const nodes = snapshot.topology.nodes.map((n) => n.name);
  lines.push(
    paint('bold', `${ctx.tool.name} ${ctx.tool.version}`) +
      ` · database ${clean(snapshot.topology.database)} · ${nodes.length} nodes (${snapshot.topology.mode}) · facts collected ${clean(snapshot.collectedAt)}`,
  );

  const plan = planSummary(results, snapshot);
  if (plan)
    lines.push(`plan: ${clean(plan.files.join(', '))} · ${plan.afterDeployment} checks known only after deployment (skipped, not passed)`);

  if (nodes.length > 2) lines.push('', ...reachabilityMatrix(results, nodes, paint));

  // Grouped by node, then by pair in order of appearance. Keyed by strings the results already hold
  // (node name, pair target id: node names cannot contain '>'), so no key is built per result.
  const groups = new Map<string, { title: string; items: Result[] }>();
  for (const name of nodes) groups.set(name, { title: name, items: [] });
  for (const r of results) {
    const target = r.targetInfo;
    const key = target.kind === 'pair' ? r.target : target.node;
    let group = groups.get(key);
    if (!group) {
      const title = target.kind === 'pair' ? `${target.subscriber} -> ${target.provider}` : target.node;
      groups.set(key, (group = { title, items: [] }));
    }
    group.items.push(r);
  }

  for (const { title: group, items } of groups.values()) {
    if (items.length === 0) continue;
    const counts = { pass: 0, fail: 0, skip: 0, error: 0 };
    const shown: Result[] = [];
    for (const r of items) {
      counts[r.outcome] += 1;
      if (ctx.verbose || r.outcome === 'fail' || r.outcome === 'error') shown.push(r);
    }
    lines.push('', `${paint('bold', clean(group))}  ${paint('gray', countLine(counts))}`);
    if (shown.length === 0) {
      lines.push(`  ${paint('green', '✔')} no problems found`);
      continue;
    }
    const sorted = [...shown].sort((a, b) => rank(b) - rank(a));
    // Checks that could not run for one shared reason (no SQL to the node, say) read as one line, not a wall.
    const sameReason = new Map<string, Result[]>();
    for (const r of sorted) if (r.outcome === 'error' && !r.baselined) sameReason.set(r.message, [...(sameReason.get(r.message) ?? []), r]);
    const collapsed = new Set<string>();
    for (const r of sorted) {
      const shared = r.outcome === 'error' && !r.baselined ? sameReason.get(r.message)! : undefined;
      if (shared && shared.length > 1) {
        if (collapsed.has(r.message)) continue;
        collapsed.add(r.message);
        const [mark, label, style] = marker(r);
        const ids = [...new Set(shared.map((x) => x.ruleId))];
        const named = ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
        lines.push(
          `  ${paint(style, mark)} ${paint(style, label.padEnd(9))} ${paint('bold', `${shared.length} checks`)} ${paint('gray', `(${named})`)}`,
        );
        lines.push(`      ${clean(r.message)}`);
        if (r.help) lines.push(`      ${paint('cyan', 'fix:')} ${clean(r.help)}`);
        continue;
      }
      const [mark, label, style] = marker(r);
      const where = r.target === group || r.targetInfo.kind === 'pair' ? '' : paint('gray', ` [${clean(r.target)}]`);
      const known = r.baselined ? paint('gray', ' (baselined)') : '';
      lines.push(`  ${paint(style, mark)} ${paint(style, label.padEnd(9))} ${paint('bold', r.ruleId)}${where}${known}`);
      lines.push(`      ${clean(r.message)}`);
      const judged = planSourcesText(r);
      if (judged) lines.push(`      ${paint('gray', 'plan:')} ${clean(judged)}`);
      if (r.help && (r.outcome === 'fail' || r.outcome === 'error')) lines.push(`      ${paint('cyan', 'fix:')} ${clean(r.help)}`);
    }
  }

  // One pass over the results for the closing line: on 100k+ results each extra pass costs tens of ms.
  const summary = { pass: 0, fail: 0, skip: 0, error: 0 };
  const failed = { error: 0, warning: 0, info: 0 };
  const ruleIds = new Set<string>();
  let gating = 0;
  let baselined = 0;
  for (const r of results) {
    summary[r.outcome] += 1;
    if (r.outcome === 'fail') failed[r.severity] += 1;
    if (isGating(r, ctx.failOn)) gating += 1;
    if (r.baselined) baselined += 1;
    ruleIds.add(r.ruleId);
  }
  const parts = [
    `${summary.fail} failed (${plural(failed.error, 'error')}, ${plural(failed.warning, 'warning')}, ${failed.info} info)`,
    `${summary.error} could not be checked`,
    `${summary.pass} passed`,
    plan ? `${summary.skip} skipped (${plan.afterDeployment} known after deployment)` : `${summary.skip} skipped`,
    ...(baselined > 0 ? [`${baselined} baselined`] : []),
  ];
  const verdict =
    gating > 0
      ? paint('red', `✖ ${gating} finding${gating === 1 ? '' : 's'} at or above --fail-on ${ctx.failOn}`)
      : paint('green', `✔ nothing at or above --fail-on ${ctx.failOn}`);
  lines.push('', `${verdict} · ${parts.join(', ')} · ${ruleIds.size} rules`);
  return `${lines.join('\n')}\n`;
}

/** Pair results at a glance: row = subscriber, column = provider; the cell names the first blocking rule. */
function reachabilityMatrix(results: readonly Result[], nodes: readonly string[], paint: (style: Style, text: string) => string): string[] {
  // The worst result of each pair, found in one pass: filtering all results per cell grew as nodes^4.
  // Ties keep the earliest result, as a stable sort by rank would.
  // Keyed subscriber, then provider: no key string is built per result (140k at 100 nodes).
  const worstOfPair = new Map<string, Map<string, Result>>();
  for (const r of results) {
    const target = r.targetInfo;
    if (target.kind !== 'pair') continue;
    let row = worstOfPair.get(target.subscriber);
    if (!row) worstOfPair.set(target.subscriber, (row = new Map<string, Result>()));
    const worst = row.get(target.provider);
    if (!worst || rank(r) > rank(worst)) row.set(target.provider, r);
  }
  const cell = (subscriber: string, provider: string): [string, Style] => {
    if (subscriber === provider) return ['·', 'gray'];
    const worst = worstOfPair.get(subscriber)?.get(provider);
    if (!worst) return ['n/a', 'gray'];
    const short = worst.ruleId.split('/')[1]!;
    if (worst.outcome === 'fail') return worst.severity === 'error' ? [`✖ ${short}`, 'red'] : [`⚠ ${short}`, 'yellow'];
    if (worst.outcome === 'error') return [`? ${short}`, 'magenta'];
    return ['✔', 'green'];
  };
  const cells = nodes.map((row) => nodes.map((col) => cell(row, col)));
  // A loop, not Math.max(...): spreading nodes^2 cells overflows the argument stack on large meshes.
  let width = 0;
  for (const n of nodes) width = Math.max(width, n.length);
  for (const row of cells) for (const [t] of row) width = Math.max(width, t.length);
  width += 2;
  const pad = (text: string) => text.padEnd(width);
  const out = [
    `${paint('bold', 'Reachability')} ${paint('gray', '(row subscribes to column; network, DNS and replication checks of the pair)')}`,
  ];
  out.push(`  ${pad('')}${nodes.map((n) => pad(n)).join('')}`.trimEnd());
  nodes.forEach((row, i) => out.push(`  ${pad(row)}${cells[i]!.map(([t, style]) => paint(style, pad(t))).join('')}`.trimEnd()));
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countLine(c: { pass: number; fail: number; skip: number; error: number }): string {
  return `${c.fail} failed, ${c.error} not checked, ${c.pass} passed, ${c.skip} skipped`;
}

const OUTCOME_RANK: Record<Result['outcome'], number> = { fail: 20, error: 10, skip: 0, pass: -10 };

function rank(r: Result): number {
  return OUTCOME_RANK[r.outcome] + severityRank(r.severity);
}

function marker(r: Result): [string, string, Style] {
  switch (r.outcome) {
    case 'fail':
      return r.severity === 'error' ? ['✖', 'error', 'red'] : r.severity === 'warning' ? ['⚠', 'warning', 'yellow'] : ['ℹ', 'info', 'blue'];
    case 'error':
      return ['?', 'unchecked', 'magenta'];
    case 'skip':
      return ['-', 'skipped', 'gray'];
    case 'pass':
      return ['✔', 'pass', 'green'];
  }
}
