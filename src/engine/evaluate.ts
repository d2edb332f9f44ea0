// The engine: runs the selected rules over a snapshot, applies `requires`, severity overrides and
// suppressions, and returns results in a deterministic order (registry order, then target order).
import type { Snapshot } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { entryForRule, matchesPattern, namesSomeRule } from '../util/rule-pattern.js';
import { dropSnapshotIndexes, topologyNode, withRunMemo } from '../model/snapshot-index.js';
import { factStatus, missingFactField, nodeView, type NodeView } from './facts.js';
import { fingerprint, type Result } from './result.js';
import { helpForUnchecked } from './unchecked-help.js';
import { isAfterDeployment } from '../model/plan.js';
import { interpolate, type CheckContext, type CheckResult, type Rule, type Severity } from './rule.js';
import { targetId, type Target } from './targets.js';

export interface Suppression {
  rule: string;
  /** Exact target string; omitted means every target of the rule. */
  target?: string;
  reason: string;
  /** ISO date: the suppression applies through that whole day (UTC) and stops after it. A date with a time ends at that instant. */
  expires?: string;
}

export interface EvaluateOptions {
  /** Severity or 'off' by rule pattern (id, `area/*`, `*`); the most specific pattern wins. */
  severityOverrides?: Readonly<Record<string, Severity | 'off'>>;
  /** Rule ids or `area/*` patterns to run; empty means all. */
  only?: readonly string[];
  skip?: readonly string[];
  suppressions?: readonly Suppression[];
  /** For suppression expiry; passed in so evaluation stays a pure function. */
  now?: Date;
}

/** Rejects patterns that name no rule: a typo in `--rule` must not silently check nothing. */
export function assertKnownRules(rules: readonly Rule[], patterns: readonly string[], where: string): void {
  for (const pattern of patterns) {
    if (
      !namesSomeRule(
        rules.map((r) => r.id),
        pattern,
      )
    ) {
      throw new InputError(`${where}: unknown rule "${pattern}" (run \`pgl-preflight rules\` for the list)`);
    }
  }
}

export function evaluate(snapshot: Snapshot, rules: readonly Rule[], options: EvaluateOptions = {}): Result[] {
  const overrides = options.severityOverrides ?? {};
  const selected = rules.filter(
    (r) =>
      entryForRule(overrides, r.id) !== 'off' &&
      (!options.only?.length || options.only.some((p) => matchesPattern(r.id, p))) &&
      !options.skip?.some((p) => matchesPattern(r.id, p)),
  );
  const order = evaluationOrder(rules, selected);
  dropSnapshotIndexes(snapshot);
  try {
    return withRunMemo(() => evaluateInOrder(snapshot, order, selected, overrides, options));
  } finally {
    dropSnapshotIndexes(snapshot);
  }
}

function evaluateInOrder(
  snapshot: Snapshot,
  order: readonly Rule[],
  selected: readonly Rule[],
  overrides: Readonly<Record<string, Severity | 'off'>>,
  options: EvaluateOptions,
): Result[] {
  const byRule = new Map<string, Result[]>();
  const views = new Map<string, NodeView>();
  const view = (name: string): NodeView => {
    let v = views.get(name);
    if (!v) views.set(name, (v = nodeView(snapshot, name)));
    return v;
  };
  // Rules that read other rules' results look them up by target: an index per rule, built on first use
  // (after that rule ran: `uses` orders it first), instead of a scan of all its results per lookup.
  const byTarget = new Map<string, Map<string, Result[]>>();
  const lookup: ResultLookup = {
    resultsOf: (id) => byRule.get(id) ?? [],
    resultsFor: (id, target) => {
      let index = byTarget.get(id);
      if (!index) {
        const results = byRule.get(id);
        if (!results) return [];
        index = new Map();
        for (const r of results) {
          const list = index.get(r.target);
          if (list) list.push(r);
          else index.set(r.target, [r]);
        }
        byTarget.set(id, index);
      }
      return index.get(target) ?? [];
    },
  };
  // Pair rules share one target list: its id strings are built once for all of their results, not once per result.
  const idLists = new Map<readonly Target[], string[]>();
  const idsOf = (targets: readonly Target[]): string[] => {
    let ids = idLists.get(targets);
    if (!ids) idLists.set(targets, (ids = targets.map(targetId)));
    return ids;
  };
  for (const rule of order) {
    const override = entryForRule(overrides, rule.id);
    const severity = overrideSeverity(override) ?? rule.severity;
    // One context per rule: it holds nothing of a target, and 100k targets would otherwise build 100k of them.
    // The target being checked: ctx.node() answers for its nodes only (others go through ctx.peer()).
    let current: Target | undefined;
    const ctx = contextFor(rule, snapshot, view, lookup, () => current);
    const gates = new Map<string, CheckResult | null>();
    const targets = rule.select(snapshot);
    const ids = idsOf(targets);
    const results = targets.map((target, i) => {
      current = target;
      return runOne(rule, target, ids[i]!, severity, override !== undefined, snapshot, ctx, gates, view);
    });
    byRule.set(rule.id, results);
  }
  const suppressionsFor = suppressionIndex(options.suppressions ?? []);
  const out: Result[] = [];
  for (const rule of selected) {
    const candidates = suppressionsFor(rule.id);
    for (const result of byRule.get(rule.id) ?? []) out.push(applySuppressions(result, candidates, options.now));
  }
  return out;
}

interface ResultLookup {
  resultsOf(ruleId: string): readonly Result[];
  resultsFor(ruleId: string, target: string): readonly Result[];
}

function overrideSeverity(value: Severity | 'off' | undefined): Severity | undefined {
  return value === 'off' ? undefined : value;
}

/** Selected rules plus the rules they read (`uses`), dependencies first. */
function evaluationOrder(all: readonly Rule[], selected: readonly Rule[]): Rule[] {
  const byId = new Map(all.map((r) => [r.id, r]));
  const ordered: Rule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (rule: Rule): void => {
    const s = state.get(rule.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`rule dependency cycle through ${rule.id}`);
    state.set(rule.id, 'visiting');
    for (const dep of rule.uses ?? []) {
      const depRule = byId.get(dep);
      if (!depRule) throw new Error(`${rule.id} uses unknown rule ${dep}`);
      visit(depRule);
    }
    state.set(rule.id, 'done');
    ordered.push(rule);
  };
  selected.forEach(visit);
  return ordered;
}

function runOne(
  rule: Rule,
  target: Target,
  id: string,
  severity: Severity,
  severityOverridden: boolean,
  snapshot: Snapshot,
  ctx: CheckContext<string, never, never, never>,
  gates: Map<string, CheckResult | null>,
  view: (name: string) => NodeView,
): Result {
  const gate = checkRequirements(rule, target, snapshot, gates, view);
  let outcome: CheckResult;
  if (gate) {
    outcome = gate;
  } else {
    try {
      outcome = rule.check(target, ctx);
    } catch (err) {
      outcome = { outcome: 'error', reason: `rule failed internally: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  switch (outcome.outcome) {
    case 'pass':
      return makeResult(rule.id, id, target, 'pass', severity, outcome.message, '', outcome.evidence);
    case 'skip':
      return isAfterDeployment(outcome.reason)
        ? { ...makeResult(rule.id, id, target, 'skip', severity, outcome.reason, '', {}), afterDeployment: true }
        : makeResult(rule.id, id, target, 'skip', severity, outcome.reason, '', {});
    case 'error':
      return makeResult(rule.id, id, target, 'error', severity, `could not check: ${outcome.reason}`, helpForUnchecked(outcome.reason), {});
    case 'fail': {
      const spec = rule.messages[outcome.messageId];
      if (!spec) throw new Error(`${rule.id} reported undeclared message ${outcome.messageId}`);
      // messageId where the result's JSON has always had it, right after the outcome.
      return {
        ruleId: rule.id,
        target: id,
        targetInfo: target,
        fingerprint: fingerprint(rule.id, id),
        outcome: 'fail',
        messageId: outcome.messageId,
        severity: severityOverridden ? severity : (outcome.severity ?? severity),
        message: interpolate(spec.message, outcome.data),
        help: interpolate(spec.help, outcome.data),
        evidence: outcome.evidence,
      };
    }
  }
}

/**
 * One literal per result, its fields always in the same order: a spread of a shared base object per
 * result cost more than the rules themselves on a 100-node mesh (141,100 results).
 */
function makeResult(
  ruleId: string,
  target: string,
  targetInfo: Target,
  outcome: Result['outcome'],
  severity: Severity,
  message: string,
  help: string,
  evidence: Result['evidence'],
): Result {
  return { ruleId, target, targetInfo, fingerprint: fingerprint(ruleId, target), outcome, severity, message, help, evidence };
}

/** Turns an absent or failed slice into `error` (or `skip` where the fact cannot apply) before `check` runs. */
function checkRequirements(
  rule: Rule,
  target: Target,
  snapshot: Snapshot,
  gates: Map<string, CheckResult | null>,
  view: (name: string) => NodeView,
): CheckResult | undefined {
  if (target.kind === 'pair')
    return nodeGate(rule, target.subscriber, snapshot, gates, view) ?? nodeGate(rule, target.provider, snapshot, gates, view) ?? undefined;
  return nodeGate(rule, target.node, snapshot, gates, view) ?? undefined;
}

/** A rule's requirement verdict for one node, the same for all of that node's targets: decided once per rule and node. */
function nodeGate(
  rule: Rule,
  node: string,
  snapshot: Snapshot,
  gates: Map<string, CheckResult | null>,
  view: (name: string) => NodeView,
): CheckResult | null {
  let gate = gates.get(node);
  if (gate !== undefined) return gate;
  gate = null;
  if (!topologyNode(snapshot, node)) {
    gate = { outcome: 'error', reason: `node ${node} is not in the topology` };
  } else {
    for (const key of rule.requires) {
      const status = factStatus(snapshot, node, key);
      if (status.state === 'not-applicable') gate = { outcome: 'skip', reason: status.reason };
      else if (status.state === 'unavailable') gate = { outcome: 'error', reason: status.reason };
      else {
        // The rule's view promises the fact's fields (CheckedNodeView): a slice that is there but unusable is an error too.
        const missing = missingFactField(view(node), key);
        if (missing) gate = { outcome: 'error', reason: missing };
      }
      if (gate) break;
    }
  }
  gates.set(node, gate);
  return gate;
}

/** Whether `name` is one of the target's nodes (no array per target: this is asked for every ctx.node call). */
function isNodeOf(target: Target | undefined, name: string): boolean {
  if (!target) return false;
  return target.kind === 'pair' ? target.subscriber === name || target.provider === name : target.node === name;
}

function contextFor(
  rule: Rule,
  snapshot: Snapshot,
  view: (name: string) => NodeView,
  lookup: ResultLookup,
  currentTarget: () => Target | undefined,
): CheckContext<string, never, never, never> {
  const declared = (ruleId: string) => {
    if (!rule.uses?.includes(ruleId)) throw new Error(`${rule.id} reads ${ruleId} without declaring it in uses`);
  };
  return {
    snapshot,
    // Only the target's nodes had `requires` checked: the types promise their fields, so other nodes go through peer().
    node: (name) => {
      if (!isNodeOf(currentTarget(), name))
        throw new Error(`${rule.id} asked ctx.node() for ${name}, which is not a node of the target (use ctx.peer())`);
      return view(name);
    },
    peer: view,
    pass: (message, evidence = {}) => ({ outcome: 'pass', message, evidence }),
    fail: (messageId, data, evidence = {}, severity) => ({
      outcome: 'fail',
      messageId,
      data,
      evidence,
      ...(severity ? { severity } : {}),
    }),
    skip: (reason) => ({ outcome: 'skip', reason }),
    error: (reason) => ({ outcome: 'error', reason }),
    resultsOf: (ruleId) => {
      declared(ruleId);
      return lookup.resultsOf(ruleId);
    },
    resultsFor: (ruleId, target) => {
      declared(ruleId);
      return lookup.resultsFor(ruleId, target);
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The first instant a suppression no longer applies. `expires: 2027-03-31` means "through that day",
 * as the README says: Date.parse reads a bare date as 00:00 UTC, so the end is the next UTC midnight.
 */
export function suppressionEnd(expires: string): number {
  const start = Date.parse(expires);
  return /^\d{4}-\d{2}-\d{2}$/.test(expires.trim()) ? start + DAY_MS : start;
}

/** The suppressions whose rule pattern matches a rule id, in config order (the first that applies wins). */
function suppressionIndex(suppressions: readonly Suppression[]): (ruleId: string) => readonly Suppression[] {
  const exact = new Map<string, Suppression[]>();
  const patterns: Suppression[] = [];
  for (const s of suppressions) {
    if (s.rule === '*' || s.rule.endsWith('/*')) {
      patterns.push(s);
    } else {
      const list = exact.get(s.rule);
      if (list) list.push(s);
      else exact.set(s.rule, [s]);
    }
  }
  return (ruleId) => {
    const matching = patterns.filter((s) => matchesPattern(ruleId, s.rule));
    const own = exact.get(ruleId) ?? [];
    if (matching.length === 0) return own;
    const order = new Map(suppressions.map((s, i) => [s, i]));
    return [...own, ...matching].sort((a, b) => order.get(a)! - order.get(b)!);
  };
}

function applySuppressions(result: Result, suppressions: readonly Suppression[], now: Date | undefined): Result {
  if (result.outcome !== 'fail' && result.outcome !== 'error') return result;
  const match = suppressions.find(
    (s) =>
      matchesPattern(result.ruleId, s.rule) &&
      (s.target === undefined || s.target === result.target) &&
      (s.expires === undefined || now === undefined || now.getTime() < suppressionEnd(s.expires)),
  );
  if (!match) return result;
  return {
    ...result,
    outcome: 'skip',
    message: `suppressed: ${match.reason} (was ${result.outcome}: ${result.message})`,
    suppressed: { reason: match.reason },
  };
}
