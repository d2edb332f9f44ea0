// Table-driven rule tests: every case asserts the outcome of every target, failing and passing alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Result } from '../../src/engine/result.js';
import type { Outcome, Rule, Severity } from '../../src/engine/rule.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export interface Expectation {
  outcome: Outcome;
  severity?: Severity;
  /** Every pattern must match the message (or, with `help`, the remediation). */
  message?: RegExp[];
  help?: RegExp[];
  evidence?: Record<string, unknown>;
}

export interface RuleCase {
  name: string;
  snapshot: Snapshot;
  /** Every target the rule yields must be listed: a target left out is a test failure. */
  expect: Record<string, Outcome | Expectation>;
}

/** Only `rule` is reported; the registry is there for the rules it `uses`. */
export function runRule(rule: Rule, snapshot: Snapshot): Map<string, Result> {
  const registry = [...RULES.filter((r) => r.id !== rule.id), rule];
  return new Map(evaluate(snapshot, registry, { only: [rule.id] }).map((r) => [r.target, r]));
}

export function ruleCases(rule: Rule, cases: readonly RuleCase[]): void {
  for (const c of cases) {
    test(`${rule.id}: ${c.name}`, () => {
      const results = runRule(rule, c.snapshot);
      assert.deepEqual([...results.keys()].sort(), Object.keys(c.expect).sort(), 'targets');
      for (const [target, want] of Object.entries(c.expect)) {
        const got = results.get(target)!;
        const expectation: Expectation = typeof want === 'string' ? { outcome: want } : want;
        assert.equal(got.outcome, expectation.outcome, `${target} outcome: ${got.message}`);
        if (expectation.severity) assert.equal(got.severity, expectation.severity, `${target} severity`);
        for (const re of expectation.message ?? []) assert.match(got.message, re, `${target} message`);
        for (const re of expectation.help ?? []) assert.match(got.help, re, `${target} help`);
        for (const [k, v] of Object.entries(expectation.evidence ?? {})) assert.deepEqual(got.evidence[k], v, `${target} evidence.${k}`);
      }
    });
  }
}
