// A rule is created only through `defineRule`: metadata, declared messages, the facts it needs,
// which targets it looks at, and a pure `check` per target.
import type { Snapshot } from '../snapshot/types.js';
import type { CheckedNodeView, FactKey, PeerNodeView } from './facts.js';
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

export interface CheckContext<M extends string, R extends FactKey = FactKey, O extends FactKey = never, U extends string = string> {
  snapshot: Snapshot;
  /** A node of the target being checked, with the fields of the facts the rule declares (those in `requires` checked). */
  node(name: string): CheckedNodeView<R, O>;
  /** Any node of the topology, e.g. the other nodes of a mesh: declared facts only, none of them checked. */
  peer(name: string): PeerNodeView<R, O>;
  pass(message: string, evidence?: Evidence): CheckResult<M>;
  /** `severity` lowers or raises this one finding (rules with "error / warning" in the catalog). */
  fail(messageId: M, data: MessageData, evidence?: Evidence, severity?: Severity): CheckResult<M>;
  skip(reason: string): CheckResult<M>;
  error(reason: string): CheckResult<M>;
  /** Results of rules listed in `uses`, already evaluated in this run. */
  resultsOf(ruleId: U): readonly Result[];
  /** The results of a rule listed in `uses` for one target id (`node_a->node_b`), from an index built once per run. */
  resultsFor(ruleId: U, target: string): readonly Result[];
}

/**
 * `M`: message ids; `R`: facts required (checked for every node of a target before `check` runs); `O`: facts
 * read when present; `U`: rules whose results this rule reads. All are inferred from the definition.
 */
export interface RuleDefinition<M extends string, R extends FactKey = FactKey, O extends FactKey = never, U extends string = string> {
  /** `<area>/<kebab-name>`; equals the file path under rules/. Never changes once released. */
  id: string;
  title: string;
  /** One sentence; also the doc's Synopsis. */
  description: string;
  severity: Severity;
  requires: readonly R[];
  /** Facts the rule reads when they are there (typed as possibly undefined); their absence is no reason to skip. */
  optionalFacts?: readonly O[];
  messages: Record<M, MessageSpec>;
  /** General remediation, for docs, `explain` and SARIF. */
  help: string;
  select(snapshot: Snapshot): Target[];
  check(target: Target, ctx: CheckContext<M, R, O, U>): CheckResult<M>;
  /** Rules whose results this rule reads (it is evaluated after them). */
  uses?: readonly U[];
}

/** A defined rule, its message ids and facts kept in its type (tests read `rule.messages.<id>`). */
export type DefinedRule<
  M extends string,
  R extends FactKey = FactKey,
  O extends FactKey = never,
  U extends string = string,
> = RuleDefinition<M, R, O, U> & { readonly area: string; readonly name: string };

/**
 * Any rule, as the registry, the engine and the reporters hold it. Its `check` takes the narrowest context
 * (no fact fields), which every defined rule's context extends, so no cast erases what a rule declared.
 */
export interface Rule {
  readonly id: string;
  readonly area: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly requires: readonly FactKey[];
  readonly optionalFacts?: readonly FactKey[];
  readonly messages: Readonly<Record<string, MessageSpec>>;
  readonly help: string;
  readonly uses?: readonly string[];
  select(snapshot: Snapshot): Target[];
  check(target: Target, ctx: CheckContext<string, never, never, never>): CheckResult;
}

const RULE_ID = /^([a-z]+)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export function defineRule<M extends string, R extends FactKey, O extends FactKey = never, U extends string = never>(
  definition: RuleDefinition<M, R, O, U>,
): DefinedRule<M, R, O, U> {
  const match = RULE_ID.exec(definition.id);
  if (!match) throw new Error(`invalid rule id ${definition.id}: expected <area>/<kebab-name>`);
  return Object.freeze({ ...definition, area: match[1]!, name: match[2]! });
}

/**
 * How a placeholder is quoted where it lands in SQL or a shell command: `{{literal:subscription}}`,
 * `{{ident:role}}`, `{{qualified:table}}` (schema.table as SQL names), `{{regclass:table}}` (that as a
 * string literal), `{{shell:name}}`. A bare `{{name}}` is prose.
 */
const QUOTERS: Record<string, (value: string) => string> = {
  literal: sqlLiteral,
  ident: sqlIdent,
  qualified: sqlQualified,
  regclass: sqlRegclass,
  shell: shellArg,
};

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
