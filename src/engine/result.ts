import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Target } from './targets.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const OUTCOMES = ['pass', 'fail', 'skip', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Evidence = Record<string, unknown>;

/** One finding: the JSON output contract (ruleId, target, outcome, severity, message, help, evidence, fingerprint). */
export interface Result {
  ruleId: string;
  target: string;
  outcome: Outcome;
  severity: Severity;
  message: string;
  help: string;
  evidence: Evidence;
  fingerprint: string;
  /** Structured target, for grouping in reports. Not part of the JSON contract's required fields. */
  targetInfo: Target;
  /** Which of the rule's messages a failure used: lets one rule tell a cause from a symptom in another's result. */
  messageId?: string;
  /** Set when a suppression turned a failure into a skip. */
  suppressed?: { reason: string };
  /** A skip because the fact is known only after the plan is applied (check --plan); counted apart in reports. */
  afterDeployment?: boolean;
  /** The plan addresses (Terraform) or ARM ids of the planned resources this result judged (check --plan). */
  planSources?: string[];
  /** A failure the --baseline file already records: still reported, no longer gating. */
  baselined?: boolean;
}

export interface Summary {
  pass: number;
  fail: number;
  skip: number;
  error: number;
}

/** Stable across runs and machines: rule + target only, so baselines and SARIF can match findings. */
export function fingerprint(ruleId: string, target: string): string {
  const input = `${ruleId}\u0000${target}`;
  // crypto.hash (Node 20.12+) is the one-shot form: the same digest, without a Hash object per result.
  return (oneShotHash ? oneShotHash('sha256', input, 'hex') : createHash('sha256').update(input).digest('hex')).slice(0, 16);
}

const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function summarize(results: readonly Result[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const r of results) summary[r.outcome] += 1;
  return summary;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export type FailOn = Severity | 'never';

/** A finding counts toward the exit code when it failed, or could not be checked, at or above the threshold. */
export function isGating(result: Result, failOn: FailOn): boolean {
  if (result.outcome !== 'fail' && result.outcome !== 'error') return false;
  if (result.baselined) return false;
  return atOrAboveFailOn(result.severity, failOn);
}

/** Whether a finding of this severity would count toward the exit code. */
export function atOrAboveFailOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}
