// Rule patterns, the same everywhere a rule is named: --rule, --skip-rule, the config's `rules` and
// `suppressions`. A pattern is a rule id, `area/*` (every rule of an area) or `*` (every rule).

export function matchesPattern(ruleId: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) return ruleId.startsWith(pattern.slice(0, -1));
  return ruleId === pattern;
}

/** Whether a pattern names at least one rule: a typo must be refused, never silently match nothing. */
export function namesSomeRule(ruleIds: readonly string[], pattern: string): boolean {
  return ruleIds.some((id) => matchesPattern(id, pattern));
}

/** The entry of a map keyed by patterns that applies to a rule: the most specific wins (the id, then `area/*`, then `*`). */
export function entryForRule<T>(byPattern: Readonly<Record<string, T>>, ruleId: string): T | undefined {
  const area = ruleId.slice(0, ruleId.indexOf('/') + 1);
  for (const key of [ruleId, `${area}*`, '*']) {
    if (Object.hasOwn(byPattern, key)) return byPattern[key];
  }
  return undefined;
}
