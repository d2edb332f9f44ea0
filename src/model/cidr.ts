// The containment and overlap questions the network rules ask about IPv4/IPv6 prefixes (parsed in util/prefix).
import { parsePrefix, type Prefix } from '../util/prefix.js';

export { formatAddress, parsePrefix, type Prefix } from '../util/prefix.js';

export function contains(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** How much of `target` a set of prefixes covers: all of it, some of it, or none. */
export type Coverage = 'all' | 'some' | 'none';

export function coverage(target: Prefix, blocks: readonly Prefix[]): Coverage {
  return intervalCoverage(
    target,
    blocks.filter((b) => b.family === target.family),
  );
}

/** An inclusive range of integers: addresses of a prefix, or ports. */
export interface Interval {
  first: bigint;
  last: bigint;
}

/** How much of `target` the union of `intervals` covers: a sweep over the intervals sorted by start. */
export function intervalCoverage(target: Interval, intervals: readonly Interval[]): Coverage {
  const relevant = intervals
    .filter((i) => i.first <= target.last && target.first <= i.last)
    .sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  if (relevant.length === 0) return 'none';
  let next = target.first;
  for (const r of relevant) {
    if (r.first > next) return 'some';
    if (r.last + 1n > next) next = r.last + 1n;
    if (next > target.last) return 'all';
  }
  return 'some';
}

/** A set of prefixes as sorted, disjoint, non-adjacent ranges per family: coverage by binary search. */
export interface MergedRanges {
  4: { first: bigint; last: bigint }[];
  6: { first: bigint; last: bigint }[];
}

export function mergeRanges(blocks: readonly Prefix[]): MergedRanges {
  const merged: MergedRanges = { 4: [], 6: [] };
  for (const family of [4, 6] as const) {
    const sorted = blocks.filter((b) => b.family === family).sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
    const out = merged[family];
    for (const b of sorted) {
      const last = out[out.length - 1];
      // Adjacent ranges join too: 10.0.0.0/25 and 10.0.0.128/25 cover 10.0.0.0/24 together.
      if (last && b.first <= last.last + 1n) {
        if (b.last > last.last) last.last = b.last;
      } else {
        out.push({ first: b.first, last: b.last });
      }
    }
  }
  return merged;
}

/** coverage() over merged ranges: the same answer in O(log n) instead of a sort per question. */
export function coverageOfMerged(target: Prefix, merged: MergedRanges): Coverage {
  const ranges = merged[target.family];
  // The last range starting at or before the target's first address.
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.first <= target.first) lo = mid + 1;
    else hi = mid;
  }
  const before = ranges[lo - 1];
  if (before && before.last >= target.last) return 'all';
  if (before && before.last >= target.first) return 'some';
  const after = ranges[lo];
  return after && after.first <= target.last ? 'some' : 'none';
}

/** Parses every entry; the ones that are not addresses are returned apart (service tags, typos). */
export function parsePrefixes(texts: readonly string[]): { prefixes: Prefix[]; unparsed: string[] } {
  const prefixes: Prefix[] = [];
  const unparsed: string[] = [];
  for (const t of texts) {
    const p = parsePrefix(t);
    if (p) prefixes.push(p);
    else unparsed.push(t);
  }
  return { prefixes, unparsed };
}

/** Whether one of the prefixes written in `texts` holds all of `inner` (entries that are not prefixes hold nothing). */
export function heldBy(inner: Prefix, texts: readonly string[]): boolean {
  return texts.some((t) => {
    const outer = parsePrefix(t);
    return outer !== undefined && contains(outer, inner);
  });
}

/** A prefix written in the source (well-known ranges): a typo there is a bug, so it throws. */
export function knownPrefix(text: string): Prefix {
  const prefix = parsePrefix(text);
  if (!prefix) throw new Error(`not a prefix: ${text}`);
  return prefix;
}

/** RFC 1918 and RFC 6598 (shared address space) blocks. */
const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(knownPrefix);
const UNIQUE_LOCAL_IPV6 = knownPrefix('fc00::/7');

/** RFC 1918 and RFC 6598 space, IPv6 unique-local: addresses that never appear on the public internet. */
export function isPrivateAddress(prefix: Prefix): boolean {
  if (prefix.family === 4) return PRIVATE_IPV4.some((r) => contains(r, prefix));
  return contains(UNIQUE_LOCAL_IPV6, prefix);
}
