// A pure function of short text, remembered: the pair rules ask about the same few ids, prefixes and DSNs
// for every pair of nodes. Bounded (emptied when full, so a long-lived process stays small) and long text
// is never kept. Values are shared between callers: `compute` returns them frozen.
export function memoByText<T>(compute: (text: string) => T, limits: { entries: number; textLength: number }): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    const hit = known.get(text);
    if (hit !== undefined || known.has(text)) return hit as T;
    const value = compute(text);
    if (text.length <= limits.textLength) {
      if (known.size >= limits.entries) known.clear();
      known.set(text, value);
    }
    return value;
  };
}
