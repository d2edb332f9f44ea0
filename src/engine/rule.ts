// A rule is created only through `defineRule`: metadata, declared messages, the facts it needs,
// which targets it looks at, and a pure `check` per target.
import type { Snapshot } from '../snapshot/types.js';
import type { FactKey, NodeView } from './facts.js';
import type { Evidence, Result, Severity } from './result.js';
import type { Target } from './targets.js';
import { shellArg, sqlIdent, sqlLiteral, sqlQualified, sqlRegclass } from '../util/quote.js';

export { OUTCOMES, SEVERITIES, type Evidence, type Outcome, type Severity } from './result.js';

export type MessageData = Record<string, string | number>;

/** A declared message: what was observed, and what to do. `{{name}}` placeholders are filled from data. */
export interface MessageSpec {
  message: string;
  help: string;
}

export type CheckResult<M extends string = string> =
  | { outcome: 'pass'; message: string; evidence: Evidence }
  | { outcome: 'fail'; messageId: M; data: MessageData; evidence: Evidence; severity?: Severity }
  | { outcome: 'skip'; reason: string }
  | { outcome: 'error'; reason: string };

export interface CheckContext<M extends string> {
  snapshot: Snapshot;
  node(name: string): NodeView;
  pass(message: string, evidence?: Evidence): CheckResult<M>;
  /** `severity` lowers or raises this one finding (rules with "error / warning" in the catalog). */
  fail(messageId: M, data: MessageData, evidence?: Evidence, severity?: Severity): CheckResult<M>;
  skip(reason: string): CheckResult<M>;
  error(reason: string): CheckResult<M>;
  /** Results of rules listed in `uses`, already evaluated in this run. */
  resultsOf(ruleId: string): readonly Result[];
  /** The results of a rule listed in `uses` for one target id (`node_a->node_b`), from an index built once per run. */
  resultsFor(ruleId: string, target: string): readonly Result[];
}

export interface RuleDefinition<M extends string> {
  /** `<area>/<kebab-name>`; equals the file path under rules/. Never changes once released. */
  id: string;
  title: string;
  /** One sentence; also the doc's Synopsis. */
  description: string;
  severity: Severity;
  requires: readonly FactKey[];
  messages: Record<M, MessageSpec>;
  /** General remediation, for docs, `explain` and SARIF. */
  help: string;
  select(snapshot: Snapshot): Target[];
  check(target: Target, ctx: CheckContext<M>): CheckResult<M>;
  /** Rules whose results this rule reads (it is evaluated after them). */
  uses?: readonly string[];
}

export type Rule = RuleDefinition<string> & { readonly area: string; readonly name: string };

const RULE_ID = /^([a-z]+)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export function defineRule<M extends string>(definition: RuleDefinition<M>): Rule {
  const match = RULE_ID.exec(definition.id);
  if (!match) throw new Error(`invalid rule id ${definition.id}: expected <area>/<kebab-name>`);
  return Object.freeze({ ...(definition as unknown as RuleDefinition<string>), area: match[1]!, name: match[2]! });
}

/**
 * How a placeholder is quoted where it lands in SQL or a shell command: `{{literal:subscription}}`,
 * `{{ident:role}}`, `{{qualified:table}}` (schema.table as SQL names), `{{regclass:table}}` (that as a
 * string literal), `{{shell:name}}`. A bare `{{name}}` is prose.
 */
const QUOTERS: Record<string, (value: string) => string> = { literal: sqlLiteral, ident: sqlIdent, qualified: sqlQualified, regclass: sqlRegclass, shell: shellArg };

/** Fills `{{name}}` and `{{kind:name}}` placeholders; a missing value stays visible so the meta test can catch it. */
export function interpolate(template: string, data: MessageData): string {
  return template.replace(/\{\{\s*(?:(\w+):)?(\w+)\s*\}\}/g, (whole, kind: string | undefined, key: string) => {
    if (!(key in data)) return whole;
    const value = String(data[key]);
    if (kind === undefined) return value;
    const quote = QUOTERS[kind];
    return quote ? quote(value) : whole;
  });
}
