// IPv4/IPv6 prefixes as text: parsing (ipaddr.js) and formatting. In util because loading a snapshot checks
// its addresses (src/snapshot/semantic.ts) as well as the model reasoning about them (src/model/cidr.ts).
import ipaddr from 'ipaddr.js';
import { memoByText } from './text-memo.js';

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
 * Parses `10.1.0.0/24`, `10.1.0.4` (a /32) or an IPv6 prefix; undefined when it is not an address (a service tag, say).
 * Remembered by text: parsing (ipaddr.js, BigInt arithmetic) of the same few prefixes for every pair dominated a 100-node check.
 */
export const parsePrefix: (text: string) => Prefix | undefined = memoByText(
  (text) => {
    const prefix = parseUncached(text);
    return prefix && Object.freeze(prefix);
  },
  // Longer text is never an address (the longest IPv6 prefix text is 49 characters): not worth keeping.
  { entries: 100_000, textLength: 64 },
);

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
