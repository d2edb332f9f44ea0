import rule from '../../../rules/network/nsg-allows-5432.js';
import { IDS, hubAndSpoke } from '../../fixture-variants.js';
import { nsgOf, routeTableOf, subnetOf, zoneOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const allPass = { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass', node_a: 'pass', node_b: 'pass' } as const;

ruleCases(rule, [
  { name: 'explicit allows pass in both directions and within each subnet', snapshot: healthy, expect: allPass },
  {
    name: 'a deny above the allow fails the pair and names the rule, with a priority above it in the fix',
    snapshot: withOverrides(healthy, (s) =>
      nsgOf(s, IDS.nsgB).securityRules.push({
        name: 'deny-pg',
        priority: 150,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefix: '10.1.0.0/16',
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRange: '5432',
      }),
    ),
    expect: {
      ...allPass,
      'node_a->node_b': {
        outcome: 'fail',
        message: [/^node_a -> node_b: TCP 5432 denied by NSG nsg-pg-westus rule deny-pg \(priority 150, Inbound\)$/],
        help: [/--nsg-name nsg-pg-westus --name allow-pglogical-from-node_a --priority 140 --direction Inbound/],
      },
    },
  },
  {
    name: 'a deny of traffic within the subnet fails the node target',
    snapshot: withOverrides(healthy, (s) => {
      nsgOf(s, IDS.nsgB).securityRules = nsgOf(s, IDS.nsgB).securityRules.filter((r) => r.name !== 'allow-pg-within-subnet');
      nsgOf(s, IDS.nsgB).securityRules.push({
        name: 'deny-intra',
        priority: 300,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '10.2.0.0/24',
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
      });
    }),
    expect: {
      ...allPass,
      node_b: { outcome: 'fail', message: [/^node_b -> node_b \(own subnet\): TCP 5432 denied by NSG nsg-pg-westus rule deny-intra/] },
    },
  },
  {
    name: 'no NSG at all allows',
    snapshot: withOverrides(healthy, (s) => {
      delete subnetOf(s, IDS.subnetB).networkSecurityGroupId;
    }),
    expect: allPass,
  },
  {
    name: 'an unknown service tag that could deny is a warning, not a guess',
    snapshot: withOverrides(healthy, (s) =>
      nsgOf(s, IDS.nsgB).securityRules.push({
        name: 'deny-from-sql',
        priority: 100,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefix: 'Sql.EastUS',
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRange: '5432',
      }),
    ),
    expect: {
      'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/cannot be decided offline/, /Sql\.EastUS/] },
      'node_b->node_a': 'pass',
      node_a: 'pass',
      node_b: { outcome: 'fail', severity: 'warning' },
    },
  },
  {
    name: 'without the A record the whole subnet is evaluated: a rule covering part of it is a warning',
    snapshot: withOverrides(healthy, (s) => {
      zoneOf(s, IDS.zone).aRecords = zoneOf(s, IDS.zone).aRecords.filter((r) => r.ipv4Addresses[0] !== '10.2.0.4');
      nsgOf(s, IDS.nsgA).securityRules.push({
        name: 'deny-half',
        priority: 150,
        direction: 'Outbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '10.2.0.128/25',
        sourcePortRange: '*',
        destinationPortRange: '5432',
      });
    }),
    expect: {
      ...allPass,
      'node_a->node_b': { outcome: 'fail', severity: 'warning', message: [/allowed for part of the addresses only/, /deny-half/] },
    },
  },
  {
    name: 'hub and spoke relying on the default rules: the VirtualNetwork tag holds the other spoke through the UDR prefixes, so AllowVnet admits it',
    snapshot: withOverrides(healthy, (s) => {
      hubAndSpoke(s);
      for (const id of [IDS.nsgA, IDS.nsgB]) nsgOf(s, id).securityRules = [];
      // Without the 0.0.0.0/0 routes: the other spoke's prefix alone must put it in the tag.
      for (const id of [IDS.routeTableA, IDS.routeTableB])
        routeTableOf(s, id).routes = routeTableOf(s, id).routes.filter((r) => r.addressPrefix !== '0.0.0.0/0');
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'pass',
        message: [
          /allowed out by NSG nsg-pg-eastus default rule AllowVnetOutBound .* in by NSG nsg-pg-westus default rule AllowVnetInBound/,
        ],
      },
      'node_b->node_a': 'pass',
      node_a: 'pass',
      node_b: 'pass',
    },
  },
  // Source ports: clients connect from Linux's ephemeral range, 32768-60999.
  {
    name: 'wrong before: an allow with 5432 in the source port field and a custom deny below it is an error, not a partial warning',
    snapshot: withOverrides(healthy, (s) => {
      const allow = nsgOf(s, IDS.nsgB).securityRules.find((r) => r.name === 'allow-pg-from-peer')!;
      allow.sourcePortRange = '5432';
      allow.destinationPortRange = '*';
      nsgOf(s, IDS.nsgB).securityRules.push({
        name: 'deny-all-inbound',
        priority: 4096,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
      });
    }),
    expect: {
      ...allPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [/^node_a -> node_b: TCP 5432 denied by NSG nsg-pg-westus rule deny-all-inbound \(priority 4096, Inbound\)$/],
      },
    },
  },
  {
    name: 'wrong before: a deny whose source port is 5432 does not block clients and passes',
    snapshot: withOverrides(healthy, (s) =>
      nsgOf(s, IDS.nsgB).securityRules.push({
        name: 'deny-from-5432',
        priority: 150,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
        sourcePortRange: '5432',
        destinationPortRange: '*',
      }),
    ),
    expect: allPass,
  },
  {
    name: 'a deny covering part of the ephemeral source ports is a warning worded as ports, with the source-port fix',
    snapshot: withOverrides(healthy, (s) =>
      nsgOf(s, IDS.nsgB).securityRules.push({
        name: 'deny-high-ports',
        priority: 150,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefix: '10.1.0.0/16',
        destinationAddressPrefix: '*',
        sourcePortRange: '50000-65535',
        destinationPortRange: '5432',
      }),
    ),
    expect: {
      ...allPass,
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /TCP 5432 is allowed for part of the client source ports only/,
          /deny-high-ports .* covers only part of the source ports \(clients connect from ports 32768-60999\)/,
        ],
        help: [/source port range of that rule to \* in NSG nsg-pg-westus/, /32768-60999 on Linux/],
      },
    },
  },
]);
