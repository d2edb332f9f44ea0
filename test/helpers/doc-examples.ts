// Rule docs carry executable examples: fenced blocks whose info string is
// `json fail <fixture> <target> [messageId]` or `json pass <fixture> <target>`, holding a JSON Merge Patch
// (RFC 7386: objects merge, arrays and values replace, null removes) applied to fixtures/<fixture>. The meta
// test loads the patched snapshot as `check --snapshot` would, runs the rule, and expects that outcome.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Result } from '../../src/engine/result.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';

export interface DocExample {
  expect: 'fail' | 'pass';
  fixture: string;
  target: string;
  messageId: string | undefined;
  patch: unknown;
}

const EXAMPLE_BLOCK = /^```json (fail|pass) (\S+) (\S+)(?: (\w+))?\n([\s\S]*?)^```$/gm;

export function docExamples(doc: string): DocExample[] {
  return [...doc.matchAll(EXAMPLE_BLOCK)].map((m) => ({
    expect: m[1] as 'fail' | 'pass',
    fixture: m[2]!,
    target: m[3]!,
    messageId: m[4],
    patch: JSON.parse(m[5]!) as unknown,
  }));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON Merge Patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** The rule's result for the example's target on the patched fixture (undefined when the rule has no such target). */
export function runDocExample(ruleId: string, example: DocExample): Result | undefined {
  const path = resolve(PACKAGE_ROOT, 'fixtures', example.fixture);
  const patched = mergePatch(JSON.parse(readFileSync(path, 'utf8')), example.patch);
  const snapshot = parseSnapshot(JSON.stringify(patched), `${ruleId} doc example`);
  return evaluate(snapshot, RULES, { only: [ruleId] }).find((r) => r.target === example.target);
}
