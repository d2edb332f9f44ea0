// Network security group evaluation as Azure does it: rules of one direction sorted by priority, the
// first match wins, then the default rules. Endpoints may be a single address (the server's, when
// the private DNS zone tells it) or a whole subnet; a rule can then match all, some or none of it.
import type { NetworkSecurityGroup, SecurityRule } from '../snapshot/network-types.js';
import { coverage, intervalCoverage, isPrivateAddress, parsePrefix, type Coverage, type Interval, type Prefix } from './cidr.js';

export type Direction = 'Inbound' | 'Outbound';

export interface Flow {
  source: Prefix;
  destination: Prefix;
  destinationPort: number;
  protocol: 'Tcp';
}

/** What the service tags mean for the VNET whose subnet this NSG is attached to. */
export interface TagContext {
  /** VirtualNetwork: own address space, peered VNETs whose peering allows access, UDR prefixes. */
  virtualNetwork: Prefix[];
}

export interface RuleRef {
  name: string;
  priority: number;
  direction: Direction;
  access: 'Allow' | 'Deny';
  isDefault: boolean;
}

export type Verdict = 'Allow' | 'Deny' | 'Partial' | 'Unknown';

/** What a rule matches only part of: the endpoint addresses, the client's source ports, or both. */
export type PartialPart = 'addresses' | 'source ports' | 'addresses and source ports';

export interface NsgDecision {
  verdict: Verdict;
  /** The rule that decides the whole flow (first full match), if any. */
  decidingRule?: RuleRef;
  /** Higher-priority rules that match only part of the endpoints or client ports, or cannot be resolved offline. */
  partialRules: (RuleRef & { match: 'some' | 'unknown'; why?: string; part?: PartialPart })[];
  /** With a Partial verdict: what the conflicting rule covers only part of. */
  partialPart?: PartialPart;
  /** One phrase for reports: `rule deny-pg (priority 200, Inbound)`. */
  explanation: string;
}

/** The six default rules every NSG has; used when a snapshot carries none. */
export const DEFAULT_SECURITY_RULES: SecurityRule[] = [
  defaultRule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  defaultRule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  defaultRule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  defaultRule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
];

function defaultRule(name: string, priority: number, direction: Direction, access: string, src: string, dst: string): SecurityRule {
  return {
    name,
    priority,
    direction,
    access,
    protocol: '*',
    sourceAddressPrefix: src,
    destinationAddressPrefix: dst,
    sourcePortRange: '*',
    destinationPortRange: '*',
  };
}

/**
 * The source port of a client connection: Linux picks it from net.ipv4.ip_local_port_range, default
 * 32768-60999 (kernel Documentation/networking/ip-sysctl.rst), and the servers are Linux. A source
 * port rule covering all of it matches every connection, one covering none (e.g. `5432` typed into
 * the source field) matches none, anything between matches some.
 */
export const EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

type Match = Coverage | 'unknown';

export function evaluateNsg(nsg: NetworkSecurityGroup | undefined, direction: Direction, flow: Flow, tags: TagContext): NsgDecision {
  if (!nsg) return { verdict: 'Allow', partialRules: [], explanation: 'no NSG on the subnet' };
  const defaults = nsg.defaultSecurityRules.length > 0 ? nsg.defaultSecurityRules : DEFAULT_SECURITY_RULES;
  const candidates = [
    ...nsg.securityRules.map((r) => ({ rule: r, isDefault: false })),
    ...defaults.map((r) => ({ rule: r, isDefault: true })),
  ]
    .filter(({ rule }) => rule.direction.toLowerCase() === direction.toLowerCase())
    .sort((a, b) => a.rule.priority - b.rule.priority);

  const partialRules: NsgDecision['partialRules'] = [];
  // Rules partial in one address dimension only, by access: together they may cover the whole endpoint.
  const pieces = { source: { Allow: [] as Prefix[], Deny: [] as Prefix[] }, destination: { Allow: [] as Prefix[], Deny: [] as Prefix[] } };
  for (const { rule, isDefault } of candidates) {
    const { match, why, partialIn, blocks, part } = ruleMatch(rule, flow, tags);
    if (match === 'none') continue;
    const ref = toRef(rule, isDefault, direction);
    if (match === 'some' && partialIn && partialRules.every((p) => p.access === ref.access)) {
      const acc = pieces[partialIn][ref.access];
      acc.push(...blocks);
      if (coverage(flow[partialIn], acc) === 'all') {
        partialRules.push({ ...ref, match, ...(part ? { part } : {}) });
        const explanation = partialRules.map((p) => describe(p, nsg.name)).join(' and ');
        return { verdict: ref.access, decidingRule: ref, partialRules, explanation };
      }
    }
    if (match === 'all') {
      const conflicting = partialRules.filter((p) => p.access !== ref.access);
      if (conflicting.length === 0) {
        const explanation = [...partialRules.map((p) => describe(p, nsg.name)), describe(ref, nsg.name)].join(' and ');
        return { verdict: ref.access, decidingRule: ref, partialRules, explanation };
      }
      const unknown = conflicting.find((p) => p.match === 'unknown');
      if (unknown) {
        return {
          verdict: 'Unknown',
          decidingRule: ref,
          partialRules,
          explanation: `${describe(unknown, nsg.name)} cannot be resolved offline (${unknown.why}); otherwise ${describe(ref, nsg.name)}`,
        };
      }
      const first = conflicting[0]!;
      const partialPart = first.part ?? 'addresses';
      const what = partialPart === 'addresses' ? 'the addresses' : `the ${partialPart} (clients connect from ports ${EPHEMERAL_PORTS.join('-')})`;
      return {
        verdict: 'Partial',
        decidingRule: ref,
        partialRules,
        partialPart,
        explanation: `${describe(first, nsg.name)} covers only part of ${what}; the rest reach ${describe(ref, nsg.name)}`,
      };
    }
    partialRules.push({ ...ref, match, ...(why ? { why } : {}), ...(part ? { part } : {}) });
  }
  // Unreachable with the default rules present (DenyAll matches everything), kept for malformed NSGs.
  return { verdict: 'Deny', partialRules, explanation: `no rule of NSG ${nsg.name} matches` };
}

function toRef(rule: SecurityRule, isDefault: boolean, direction: Direction): RuleRef {
  return { name: rule.name, priority: rule.priority, direction, access: rule.access.toLowerCase() === 'allow' ? 'Allow' : 'Deny', isDefault };
}

export function describe(rule: RuleRef, nsgName: string): string {
  return `NSG ${nsgName} ${rule.isDefault ? 'default rule' : 'rule'} ${rule.name} (priority ${rule.priority}, ${rule.direction})`;
}

interface RuleMatch {
  match: Match;
  why?: string;
  /** Set when only one address dimension is partial: which one, and the blocks that matched there. */
  partialIn?: 'source' | 'destination';
  /** With a 'some' match: whether addresses, client source ports or both are only partly matched. */
  part?: PartialPart;
  blocks: Prefix[];
}

function ruleMatch(rule: SecurityRule, flow: Flow, tags: TagContext): RuleMatch {
  const none: RuleMatch = { match: 'none', blocks: [] };
  const protocol = rule.protocol.toLowerCase();
  if (protocol !== '*' && protocol !== 'tcp') return none;
  // Flexible servers cannot be members of application security groups: such rules never match them.
  if (rule.sourceApplicationSecurityGroups?.length || rule.destinationApplicationSecurityGroups?.length) return none;
  const source = addressMatch(union(rule.sourceAddressPrefix, rule.sourceAddressPrefixes), flow.source, tags);
  const destination = addressMatch(union(rule.destinationAddressPrefix, rule.destinationAddressPrefixes), flow.destination, tags);
  const ports: Match[] = [
    portMatch(union(rule.destinationPortRange, rule.destinationPortRanges), [flow.destinationPort, flow.destinationPort]),
    portMatch(union(rule.sourcePortRange, rule.sourcePortRanges), [EPHEMERAL_PORTS[0], EPHEMERAL_PORTS[1]]),
  ];
  const all = [source.match, destination.match, ...ports];
  if (all.includes('none')) return none;
  const unknown = [source, destination].find((p) => p.match === 'unknown');
  if (unknown) return { match: 'unknown', ...(unknown.why ? { why: unknown.why } : {}), blocks: [] };
  if (all.every((m) => m === 'all')) return { match: 'all', blocks: [] };
  const portsPartial = ports.some((m) => m !== 'all');
  const addressesPartial = source.match !== 'all' || destination.match !== 'all';
  const part: PartialPart = portsPartial ? (addressesPartial ? 'addresses and source ports' : 'source ports') : 'addresses';
  const partialIn = !portsPartial && (source.match === 'all') !== (destination.match === 'all') ? (source.match === 'all' ? 'destination' : 'source') : undefined;
  return { match: 'some', part, ...(partialIn ? { partialIn, blocks: partialIn === 'source' ? source.blocks : destination.blocks } : { blocks: [] }) };
}

/** Singular and plural fields together (Azure accepts either; both mean their union). */
function union(single: string | undefined, plural: readonly string[] | undefined): string[] {
  return [...(single !== undefined && single !== '' ? [single] : []), ...(plural ?? [])];
}

function addressMatch(entries: readonly string[], target: Prefix, tags: TagContext): { match: Match; why?: string; blocks: Prefix[] } {
  const blocks: Prefix[] = [];
  const unknownTags: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const lower = entry.toLowerCase();
    if (lower === '*' || lower === 'any') return { match: 'all', blocks: [target] };
    const prefix = parsePrefix(entry);
    if (prefix) {
      blocks.push(prefix);
    } else if (lower === 'virtualnetwork') {
      blocks.push(...tags.virtualNetwork);
    } else if (lower === 'internet') {
      // Internet is the address space outside the VNET that the public internet reaches.
      if (!isPrivateAddress(target) && coverage(target, tags.virtualNetwork) === 'none') blocks.push(target);
    } else if (lower === 'azureloadbalancer') {
      blocks.push(parsePrefix('168.63.129.16/32')!);
    } else {
      unknownTags.push(entry);
    }
  }
  const c = coverage(target, blocks);
  if (c === 'all') return { match: 'all', blocks };
  if (unknownTags.length > 0) return { match: 'unknown', why: `service tag ${unknownTags.join(', ')} is not resolved offline`, blocks };
  return { match: c, blocks };
}

function portMatch(entries: readonly string[], [low, high]: [number, number]): Coverage {
  const ranges: Interval[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '*' || entry.toLowerCase() === 'any') return 'all';
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(entry);
    if (m) ranges.push({ first: BigInt(m[1]!), last: BigInt(m[2] ?? m[1]!) });
  }
  return intervalCoverage({ first: BigInt(low), last: BigInt(high) }, ranges);
}
