// Network security group evaluation as Azure does it: rules of one direction sorted by priority, the
// first match wins, then the default rules. Endpoints may be a single address (the server's, when
// the private DNS zone tells it) or a whole subnet; a rule can then match all, some or none of it.
import type { NetworkSecurityGroup, SecurityRule } from '../snapshot/network-types.js';
import {
  coverage,
  coverageOfMerged,
  intervalCoverage,
  isPrivateAddress,
  mergeRanges,
  knownPrefix,
  parsePrefix,
  type Coverage,
  type Interval,
  type MergedRanges,
  type Prefix,
} from './cidr.js';
import { memoInRun, perRun } from './snapshot-index.js';

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
  const candidates = candidatesOf(nsg, direction);
  const partialRules: NsgDecision['partialRules'] = [];
  // Rules partial in one address dimension only, by access: together they may cover the whole endpoint.
  const pieces = { source: { Allow: [] as Prefix[], Deny: [] as Prefix[] }, destination: { Allow: [] as Prefix[], Deny: [] as Prefix[] } };
  for (const { rule, isDefault } of candidates) {
    const { match, why, partialIn, blocks, part } = ruleMatch(compiled(rule, tags), flow, tags);
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
      // The common answer, one rule deciding alone, is the same object for every flow it decides in a run.
      if (partialRules.length === 0) return decidedAlone(nsg, rule, ref);
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
      const what =
        partialPart === 'addresses' ? 'the addresses' : `the ${partialPart} (clients connect from ports ${EPHEMERAL_PORTS.join('-')})`;
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

/**
 * A rule that decides a flow with no partial rule above it: the decision depends on the NSG and the rule
 * only, so it is built once per run and shared (callers and reports only read decisions).
 */
function decidedAlone(nsg: NetworkSecurityGroup, rule: SecurityRule, ref: RuleRef): NsgDecision {
  return perRun('nsg-decided-alone', rule, nsg, () => ({
    verdict: ref.access,
    decidingRule: ref,
    partialRules: [],
    explanation: describe(ref, nsg.name),
  }));
}

/** The rules of one direction in priority order, defaults last among equals; asked once per NSG and direction in a run. */
function candidatesOf(nsg: NetworkSecurityGroup, direction: Direction): { rule: SecurityRule; isDefault: boolean }[] {
  return memoInRun(nsg, `candidates:${direction}`, () => {
    const defaults = nsg.defaultSecurityRules.length > 0 ? nsg.defaultSecurityRules : DEFAULT_SECURITY_RULES;
    return [...nsg.securityRules.map((r) => ({ rule: r, isDefault: false })), ...defaults.map((r) => ({ rule: r, isDefault: true }))]
      .filter(({ rule }) => rule.direction.toLowerCase() === direction.toLowerCase())
      .sort((a, b) => a.rule.priority - b.rule.priority);
  });
}

/** A rule's address entries parsed once: the literal blocks (merged for lookups), `*`, Internet and unresolved tags. */
interface CompiledAddresses {
  any: boolean;
  blocks: Prefix[];
  merged: MergedRanges;
  internet: boolean;
  unknownTags: string[];
}

interface CompiledRule {
  rule: SecurityRule;
  /** TCP (or any protocol) and no application security groups: the only rules that can match a server's flow. */
  applicable: boolean;
  source: CompiledAddresses;
  destination: CompiledAddresses;
  destinationPorts: string[];
  /** Port matches worked out once: the destination per port asked, the source for the client's ephemeral range. */
  destinationPortMatch: Map<number, Match>;
  sourcePortMatch: Match;
}

/** A rule compiled for one VirtualNetwork tag (an NSG may sit on subnets of several VNETs), once per run. */
function compiled(rule: SecurityRule, tags: TagContext): CompiledRule {
  const byRule = memoInRun(tags.virtualNetwork, 'nsg-compiled-rules', () => new WeakMap<SecurityRule, CompiledRule>());
  let c = byRule.get(rule);
  if (!c) byRule.set(rule, (c = compileRule(rule, tags)));
  return c;
}

function compileRule(rule: SecurityRule, tags: TagContext): CompiledRule {
  const protocol = rule.protocol.toLowerCase();
  // Flexible servers cannot be members of application security groups: such rules never match them.
  const asg = Boolean(rule.sourceApplicationSecurityGroups?.length || rule.destinationApplicationSecurityGroups?.length);
  return {
    rule,
    applicable: (protocol === '*' || protocol === 'tcp') && !asg,
    source: compileAddresses(union(rule.sourceAddressPrefix, rule.sourceAddressPrefixes), tags),
    destination: compileAddresses(union(rule.destinationAddressPrefix, rule.destinationAddressPrefixes), tags),
    destinationPorts: union(rule.destinationPortRange, rule.destinationPortRanges),
    destinationPortMatch: new Map(),
    sourcePortMatch: portMatch(union(rule.sourcePortRange, rule.sourcePortRanges), [EPHEMERAL_PORTS[0], EPHEMERAL_PORTS[1]]),
  };
}

function compileAddresses(entries: readonly string[], tags: TagContext): CompiledAddresses {
  const out: CompiledAddresses = { any: false, blocks: [], merged: { 4: [], 6: [] }, internet: false, unknownTags: [] };
  for (const raw of entries) {
    const entry = raw.trim();
    const lower = entry.toLowerCase();
    if (lower === '*' || lower === 'any') out.any = true;
    const prefix = parsePrefix(entry);
    if (prefix) out.blocks.push(prefix);
    else if (lower === 'virtualnetwork') out.blocks.push(...tags.virtualNetwork);
    // Internet is the address space outside the VNET that the public internet reaches: decided per endpoint.
    else if (lower === 'internet') out.internet = true;
    else if (lower === 'azureloadbalancer') out.blocks.push(knownPrefix('168.63.129.16/32'));
    else if (lower !== '*' && lower !== 'any') out.unknownTags.push(entry);
  }
  out.merged = mergeRanges(out.blocks);
  return out;
}

function toRef(rule: SecurityRule, isDefault: boolean, direction: Direction): RuleRef {
  return {
    name: rule.name,
    priority: rule.priority,
    direction,
    access: rule.access.toLowerCase() === 'allow' ? 'Allow' : 'Deny',
    isDefault,
  };
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

function ruleMatch(rule: CompiledRule, flow: Flow, tags: TagContext): RuleMatch {
  const none: RuleMatch = { match: 'none', blocks: [] };
  if (!rule.applicable) return none;
  const source = addressMatch(rule.source, flow.source, tags);
  const destination = addressMatch(rule.destination, flow.destination, tags);
  let destinationPort = rule.destinationPortMatch.get(flow.destinationPort);
  if (destinationPort === undefined)
    rule.destinationPortMatch.set(
      flow.destinationPort,
      (destinationPort = portMatch(rule.destinationPorts, [flow.destinationPort, flow.destinationPort])),
    );
  const ports: Match[] = [destinationPort, rule.sourcePortMatch];
  const all = [source.match, destination.match, ...ports];
  if (all.includes('none')) return none;
  const unknown = [source, destination].find((p) => p.match === 'unknown');
  if (unknown) return { match: 'unknown', ...(unknown.why ? { why: unknown.why } : {}), blocks: [] };
  if (all.every((m) => m === 'all')) return { match: 'all', blocks: [] };
  const portsPartial = ports.some((m) => m !== 'all');
  const addressesPartial = source.match !== 'all' || destination.match !== 'all';
  const part: PartialPart = portsPartial ? (addressesPartial ? 'addresses and source ports' : 'source ports') : 'addresses';
  const partialIn =
    !portsPartial && (source.match === 'all') !== (destination.match === 'all')
      ? source.match === 'all'
        ? 'destination'
        : 'source'
      : undefined;
  return {
    match: 'some',
    part,
    ...(partialIn ? { partialIn, blocks: partialIn === 'source' ? source.blocks : destination.blocks } : { blocks: [] }),
  };
}

/** Singular and plural fields together (Azure accepts either; both mean their union). */
function union(single: string | undefined, plural: readonly string[] | undefined): string[] {
  return [...(single !== undefined && single !== '' ? [single] : []), ...(plural ?? [])];
}

function addressMatch(entries: CompiledAddresses, target: Prefix, tags: TagContext): { match: Match; why?: string; blocks: Prefix[] } {
  if (entries.any) return { match: 'all', blocks: [target] };
  if (entries.internet && !isPrivateAddress(target) && coverageOfMerged(target, virtualNetworkRanges(tags)) === 'none') {
    return { match: 'all', blocks: [...entries.blocks, target] };
  }
  const c = coverageOfMerged(target, entries.merged);
  if (c === 'all') return { match: 'all', blocks: entries.blocks };
  if (entries.unknownTags.length > 0)
    return { match: 'unknown', why: `service tag ${entries.unknownTags.join(', ')} is not resolved offline`, blocks: entries.blocks };
  return { match: c, blocks: entries.blocks };
}

function virtualNetworkRanges(tags: TagContext): MergedRanges {
  return memoInRun(tags.virtualNetwork, 'merged', () => mergeRanges(tags.virtualNetwork));
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
