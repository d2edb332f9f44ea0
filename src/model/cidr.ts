// IPv4/IPv6 prefixes: parsing (ipaddr.js) and the containment and overlap questions the network rules ask.
import ipaddr from 'ipaddr.js';

export interface Prefix {
  family: 4 | 6;
  /** First and last address of the block, as integers. */
  first: bigint;
  last: bigint;
  length: number;
  /** Canonical text, e.g. 10.1.0.0/24. */
  text: string;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/**
 * Parsed prefixes by their text. The pair rules ask about the same few NSG, route and VNET prefixes for
 * every pair of nodes, and parsing (ipaddr.js, BigInt arithmetic) dominated a 100-node check. Entries are
 * frozen because callers share them; the map is emptied when full so a long-lived process stays bounded.
 */
const parsed = new Map<string, Prefix | undefined>();
const PARSED_LIMIT = 100_000;
/** Longer text is never an address (the longest IPv6 prefix text is 49 characters): not worth keeping. */
const CACHEABLE_LENGTH = 64;

/** Parses `10.1.0.0/24`, `10.1.0.4` (a /32) or an IPv6 prefix; undefined when it is not an address (a service tag, say). */
export function parsePrefix(text: string): Prefix | undefined {
  const hit = parsed.get(text);
  if (hit !== undefined || parsed.has(text)) return hit;
  const prefix = parseUncached(text);
  if (text.length <= CACHEABLE_LENGTH) {
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(text, prefix && Object.freeze(prefix));
  }
  return prefix;
}

function parseUncached(text: string): Prefix | undefined {
  const trimmed = text.trim();
  try {
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    let length: number;
    const v6 = trimmed.includes(':');
    // Only dotted quads for IPv4: ipaddr.js also takes inet_aton forms such as "10.0.0", which Azure does not.
    // The family is known here, so its own parser runs: ipaddr.parseCIDR tries IPv6 first and throws on every IPv4 text.
    if (trimmed.includes('/')) {
      if (v6 ? !ipaddr.IPv6.isValidCIDR(trimmed) : !ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed)) return undefined;
      [address, length] = v6 ? ipaddr.IPv6.parseCIDR(trimmed) : ipaddr.IPv4.parseCIDR(trimmed);
    } else {
      if (v6 ? !ipaddr.IPv6.isValid(trimmed) : !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return undefined;
      address = v6 ? ipaddr.IPv6.parse(trimmed) : ipaddr.IPv4.parse(trimmed);
      length = address.kind() === 'ipv4' ? 32 : 128;
    }
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      address = (address as ipaddr.IPv6).toIPv4Address();
      length = Math.max(0, length - 96);
    }
    const family = address.kind() === 'ipv4' ? 4 : 6;
    const bits = family === 4 ? 32 : 128;
    const value = toBigInt(address.toByteArray());
    const hostBits = BigInt(bits - length);
    const first = (value >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    return { family, first, last, length, text: `${formatAddress(family, first)}/${length}` };
  } catch {
    return undefined;
  }
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  const count = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export function contains(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** How much of `target` a set of prefixes covers: all of it, some of it, or none. */
export type Coverage = 'all' | 'some' | 'none';

export function coverage(target: Prefix, blocks: readonly Prefix[]): Coverage {
  const relevant = blocks
    .filter((b) => overlaps(b, target))
    .map((b) => ({ first: b.first > target.first ? b.first : target.first, last: b.last < target.last ? b.last : target.last }))
    .sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  if (relevant.length === 0) return 'none';
  let next = target.first;
  for (const r of relevant) {
    if (r.first > next) return 'some';
    if (r.last + 1n > next) next = r.last + 1n;
    if (next > target.last) return 'all';
  }
  return next > target.last ? 'all' : 'some';
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

/** RFC 1918 and RFC 6598 (shared address space) blocks. */
const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((p) => parsePrefix(p)!);
const UNIQUE_LOCAL_IPV6 = parsePrefix('fc00::/7')!;

/** RFC 1918 and RFC 6598 space, IPv6 unique-local: addresses that never appear on the public internet. */
export function isPrivateAddress(prefix: Prefix): boolean {
  if (prefix.family === 4) return PRIVATE_IPV4.some((r) => contains(r, prefix));
  return contains(UNIQUE_LOCAL_IPV6, prefix);
}
