// The NSG evaluator's own table: every field form, every default rule, priority and direction handling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefix } from '../../src/model/cidr.js';
import { DEFAULT_SECURITY_RULES, evaluateNsg, type Direction, type PartialPart, type Verdict } from '../../src/model/nsg.js';
import type { NetworkSecurityGroup, SecurityRule } from '../../src/snapshot/network-types.js';

const P = (t: string) => parsePrefix(t)!;
// The NSG's own VNET is 10.1.0.0/16, peered with 10.2.0.0/16 (access allowed); 10.3.0.0/16 is peered without access.
const tags = { virtualNetwork: [P('10.1.0.0/16'), P('10.2.0.0/16')] };
const A = '10.1.0.4'; // a server in the NSG's subnet
const B = '10.2.0.4'; // a server in the peered VNET

function rule(partial: Partial<SecurityRule> & Pick<SecurityRule, 'name' | 'priority'>): SecurityRule {
  return {
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '5432',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    ...partial,
  };
}

function nsg(rules: SecurityRule[], defaults: SecurityRule[] = DEFAULT_SECURITY_RULES): NetworkSecurityGroup {
  return {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-b',
    name: 'nsg-b',
    securityRules: rules,
    defaultSecurityRules: defaults,
  };
}

interface Case {
  name: string;
  rules: SecurityRule[] | undefined;
  direction?: Direction;
  source?: string;
  destination?: string;
  verdict: Verdict;
  decidedBy?: string;
  explanation?: RegExp;
  defaults?: SecurityRule[];
  partialPart?: PartialPart;
}

const cases: Case[] = [
  { name: 'no NSG on the subnet allows', rules: undefined, verdict: 'Allow', explanation: /no NSG/ },
  {
    name: 'singular CIDR source and port',
    rules: [rule({ name: 'allow-pg', priority: 100, sourceAddressPrefix: '10.2.0.0/24' })],
    verdict: 'Allow',
    decidedBy: 'allow-pg',
  },
  {
    name: 'plural source prefixes and destination port ranges are a union',
    rules: [
      rule({
        name: 'deny-pg',
        priority: 100,
        access: 'Deny',
        sourceAddressPrefix: undefined,
        sourceAddressPrefixes: ['192.168.0.0/24', '10.2.0.4'],
        destinationPortRange: undefined,
        destinationPortRanges: ['6432', '5432'],
      }),
    ],
    verdict: 'Deny',
    decidedBy: 'deny-pg',
  },
  {
    name: 'singular and plural together: both count',
    rules: [
      rule({
        name: 'deny-pg',
        priority: 100,
        access: 'Deny',
        sourceAddressPrefix: '192.168.0.0/24',
        sourceAddressPrefixes: ['10.2.0.0/16'],
      }),
    ],
    verdict: 'Deny',
    decidedBy: 'deny-pg',
  },
  {
    name: 'a port range that includes 5432',
    rules: [rule({ name: 'deny-range', priority: 100, access: 'Deny', destinationPortRange: '5000-6000' })],
    verdict: 'Deny',
    decidedBy: 'deny-range',
  },
  {
    name: 'a port range that misses 5432 falls through to AllowVnetInBound',
    rules: [rule({ name: 'deny-range', priority: 100, access: 'Deny', destinationPortRange: '5433-6000' })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
  {
    name: 'protocol Udp does not match TCP',
    rules: [rule({ name: 'deny-udp', priority: 100, access: 'Deny', protocol: 'Udp' })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
  {
    name: 'protocol * matches TCP',
    rules: [rule({ name: 'deny-any', priority: 100, access: 'Deny', protocol: '*' })],
    verdict: 'Deny',
    decidedBy: 'deny-any',
  },
  {
    name: 'protocol, access and direction compare case-insensitively',
    rules: [
      rule({
        name: 'deny-lc',
        priority: 100,
        access: 'deny',
        protocol: 'TCP',
        direction: 'inbound',
        sourceAddressPrefix: 'virtualnetwork',
      }),
    ],
    verdict: 'Deny',
    decidedBy: 'deny-lc',
  },
  {
    name: 'priority order decides, not the order of the list',
    rules: [rule({ name: 'allow-pg', priority: 300 }), rule({ name: 'deny-pg', priority: 200, access: 'Deny' })],
    verdict: 'Deny',
    decidedBy: 'deny-pg',
    explanation: /NSG nsg-b rule deny-pg \(priority 200, Inbound\)/,
  },
  {
    name: 'an outbound rule does not apply to inbound traffic',
    rules: [rule({ name: 'deny-out', priority: 100, access: 'Deny', direction: 'Outbound' })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
  {
    name: '"Any" is a wildcard like "*"',
    rules: [rule({ name: 'deny-any-src', priority: 100, access: 'Deny', sourceAddressPrefix: 'Any' })],
    verdict: 'Deny',
    decidedBy: 'deny-any-src',
  },
  // The six default rules.
  {
    name: 'AllowVnetInBound admits a peered VNET whose peering allows access',
    rules: [],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
    explanation: /default rule AllowVnetInBound \(priority 65000, Inbound\)/,
  },
  {
    name: 'DenyAllInBound stops a source outside the VirtualNetwork tag',
    rules: [],
    source: '10.3.0.4',
    verdict: 'Deny',
    decidedBy: 'DenyAllInBound',
  },
  {
    name: 'AllowAzureLoadBalancerInBound admits 168.63.129.16',
    rules: [],
    source: '168.63.129.16',
    verdict: 'Allow',
    decidedBy: 'AllowAzureLoadBalancerInBound',
  },
  {
    name: 'AllowVnetOutBound admits traffic to a peered VNET',
    rules: [],
    direction: 'Outbound',
    source: A,
    destination: B,
    verdict: 'Allow',
    decidedBy: 'AllowVnetOutBound',
  },
  {
    name: 'AllowInternetOutBound admits a public destination',
    rules: [],
    direction: 'Outbound',
    source: A,
    destination: '20.50.1.1',
    verdict: 'Allow',
    decidedBy: 'AllowInternetOutBound',
  },
  {
    name: 'DenyAllOutBound stops a private destination outside the VirtualNetwork tag',
    rules: [],
    direction: 'Outbound',
    source: A,
    destination: '10.3.0.4',
    verdict: 'Deny',
    decidedBy: 'DenyAllOutBound',
  },
  {
    name: 'the built-in defaults apply when the snapshot lists none',
    rules: [],
    defaults: [],
    source: '10.3.0.4',
    verdict: 'Deny',
    decidedBy: 'DenyAllInBound',
  },
  {
    name: 'an outbound deny on the subscriber side',
    rules: [rule({ name: 'deny-pg-out', priority: 150, access: 'Deny', direction: 'Outbound', destinationAddressPrefix: '10.2.0.0/16' })],
    direction: 'Outbound',
    source: A,
    destination: B,
    verdict: 'Deny',
    decidedBy: 'deny-pg-out',
  },
  {
    name: 'an unknown service tag that would change the answer gives Unknown, not a guess',
    rules: [rule({ name: 'deny-sql', priority: 100, access: 'Deny', sourceAddressPrefix: 'Sql.WestUS' })],
    verdict: 'Unknown',
    explanation: /service tag Sql\.WestUS is not resolved offline/,
  },
  {
    name: 'an unknown service tag that agrees with the outcome does not matter',
    rules: [rule({ name: 'allow-sql', priority: 100, sourceAddressPrefix: 'Sql' })],
    verdict: 'Allow',
  },
  {
    name: 'a rule covering half of a subnet-wide source gives Partial',
    rules: [rule({ name: 'deny-half', priority: 100, access: 'Deny', sourceAddressPrefix: '10.2.0.0/25' })],
    source: '10.2.0.0/24',
    verdict: 'Partial',
    explanation: /deny-half .* covers only part/,
  },
  {
    name: 'two allows that cover a subnet between them still allow',
    rules: [
      rule({ name: 'allow-lo', priority: 100, sourceAddressPrefix: '10.9.0.0/25' }),
      rule({ name: 'allow-hi', priority: 110, sourceAddressPrefix: '10.9.0.128/25' }),
    ],
    source: '10.9.0.0/24',
    verdict: 'Allow',
  },
  // Client source ports are Linux's ephemeral range, 32768-60999 (ip_local_port_range).
  {
    name: 'a deny whose source port is 5432 never matches a client (was Partial)',
    rules: [rule({ name: 'deny-sport', priority: 100, access: 'Deny', sourcePortRange: '5432' })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
  {
    name: 'an allow with 5432 in the source port field does not admit clients: the deny below decides (was Partial)',
    rules: [
      rule({ name: 'allow-pg-swapped', priority: 100, sourcePortRange: '5432', destinationPortRange: '*' }),
      rule({ name: 'deny-all', priority: 4096, access: 'Deny', protocol: '*', destinationPortRange: '*' }),
    ],
    verdict: 'Deny',
    decidedBy: 'deny-all',
  },
  {
    name: 'a source port range below the ephemeral range matches none (was Partial)',
    rules: [rule({ name: 'deny-low', priority: 100, access: 'Deny', sourcePortRange: '1024-32767' })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
  {
    name: 'a source port range covering every ephemeral port matches',
    rules: [
      rule({
        name: 'deny-sport',
        priority: 100,
        access: 'Deny',
        sourcePortRanges: ['1024-40000', '40001-65535'],
        sourcePortRange: undefined,
      }),
    ],
    verdict: 'Deny',
  },
  {
    name: 'exactly 32768-60999 as source ports matches all',
    rules: [rule({ name: 'deny-eph', priority: 100, access: 'Deny', sourcePortRange: '32768-60999' })],
    verdict: 'Deny',
    decidedBy: 'deny-eph',
  },
  {
    name: 'a source port range covering part of the ephemeral range is Partial, worded as ports',
    rules: [rule({ name: 'deny-high', priority: 100, access: 'Deny', sourcePortRange: '50000-65535' })],
    verdict: 'Partial',
    partialPart: 'source ports',
    explanation:
      /deny-high .* covers only part of the source ports \(clients connect from ports 32768-60999\); the rest reach .*AllowVnetInBound/,
  },
  {
    name: 'a subnet-wide partial address match says addresses',
    rules: [rule({ name: 'deny-half', priority: 100, access: 'Deny', sourceAddressPrefix: '10.2.0.0/25' })],
    source: '10.2.0.0/24',
    verdict: 'Partial',
    partialPart: 'addresses',
    explanation: /covers only part of the addresses;/,
  },
  {
    name: 'rules with application security groups never match a flexible server',
    rules: [rule({ name: 'deny-asg', priority: 100, access: 'Deny', sourceApplicationSecurityGroups: ['/subscriptions/s/asg1'] })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
  {
    name: 'an IPv6 prefix does not match an IPv4 flow',
    rules: [rule({ name: 'deny-v6', priority: 100, access: 'Deny', sourceAddressPrefix: 'fd00::/8' })],
    verdict: 'Allow',
    decidedBy: 'AllowVnetInBound',
  },
];

for (const c of cases) {
  test(`NSG: ${c.name}`, () => {
    const direction = c.direction ?? 'Inbound';
    const flow = { source: P(c.source ?? B), destination: P(c.destination ?? A), destinationPort: 5432, protocol: 'Tcp' as const };
    const decision = evaluateNsg(c.rules ? nsg(c.rules, c.defaults) : undefined, direction, flow, tags);
    assert.equal(decision.verdict, c.verdict, decision.explanation);
    if (c.decidedBy) assert.equal(decision.decidingRule?.name, c.decidedBy, decision.explanation);
    if (c.explanation) assert.match(decision.explanation, c.explanation);
    if (c.partialPart) assert.equal(decision.partialPart, c.partialPart);
  });
}
