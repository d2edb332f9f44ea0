import rule from '../../../rules/dns/zone-linked.js';
import type { Snapshot } from '../../../src/snapshot/types.js';
import { IDS, NETWORK_VARIANTS, peeringToHub } from '../../fixture-variants.js';
import { vnetOf, zoneOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

/** node_a's VNET is a spoke peered with a hub (10.0.0.0/16) that holds the DNS resolver 10.0.0.4. */
function hubAndSpoke(s: Snapshot, linkHub: boolean): void {
  vnetOf(s, IDS.vnetA).peerings.push(peeringToHub('vnet-app-eastus'));
  vnetOf(s, IDS.vnetA).dnsServers = ['10.0.0.4'];
  const zone = zoneOf(s, IDS.zone);
  // The spoke itself is not linked: in the hub pattern only the resolver's VNET needs the link.
  zone.virtualNetworkLinks = zone.virtualNetworkLinks.filter((l) => !l.virtualNetworkId.endsWith('vnet-app-eastus'));
  if (linkHub)
    zone.virtualNetworkLinks.push({
      name: 'link-vnet-hub-eastus',
      virtualNetworkId: IDS.hub,
      virtualNetworkLinkState: 'Completed',
      registrationEnabled: false,
    });
}

ruleCases(rule, [
  { name: 'a zone linked to both VNETs passes', snapshot: healthy, expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' } },
  {
    name: 'no link to one VNET fails both pairs and gives the link command',
    snapshot: withOverrides(healthy, NETWORK_VARIANTS.find((v) => v.name === 'zone-not-linked')!.mutate),
    expect: {
      // The provider's own VNET lacks the link: the message names the target pair and that VNET (it once said "node_b -> node_b").
      'node_a->node_b': {
        outcome: 'fail',
        message: [
          /^node_a -> node_b: .* no virtual network link to vnet-app-westus \(the VNET of node_b, which uses Azure DNS\): node_b cannot resolve its own FQDN/,
        ],
      },
      'node_b->node_a': {
        outcome: 'fail',
        help: [
          /az network private-dns link vnet create --resource-group rg-pg-dns --zone-name pg-app\.private\.postgres\.database\.azure\.com --name link-vnet-app-westus/,
        ],
      },
    },
  },
  {
    name: 'a link still InProgress is not a link yet',
    snapshot: withOverrides(healthy, (s) => (zoneOf(s, IDS.zone).virtualNetworkLinks[0]!.virtualNetworkLinkState = 'InProgress')),
    expect: { 'node_a->node_b': { outcome: 'fail', message: [/is InProgress/] }, 'node_b->node_a': 'fail' },
  },
  {
    name: 'custom DNS server inside the subscriber VNET, which is linked: warning, it must answer from Azure DNS',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetA).dnsServers = ['10.1.255.10'])),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [/custom DNS servers 10\.1\.255\.10 in vnet-app-eastus, which is linked/],
      },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'Azure DNS listed explicitly is fine',
    snapshot: withOverrides(healthy, (s) => (vnetOf(s, IDS.vnetA).dnsServers = ['168.63.129.16'])),
    expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' },
  },
  {
    name: 'hub and spoke: the spoke resolves through a resolver in the linked hub: warning, not an error',
    snapshot: withOverrides(healthy, (s) => hubAndSpoke(s, true)),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [/10\.0\.0\.4 in vnet-hub-eastus, which is linked to pg-app\.private/],
        help: [/must forward .* to 168\.63\.129\.16/],
      },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'hub and spoke: the resolver sits in a hub the zone is not linked to: error naming the hub',
    snapshot: withOverrides(healthy, (s) => hubAndSpoke(s, false)),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [
          /no virtual network link to vnet-hub-eastus \(the VNET of DNS server 10\.0\.0\.4, which vnet-app-eastus of node_a uses\)/,
        ],
        help: [/--virtual-network .*vnet-hub-eastus/],
      },
      'node_b->node_a': { outcome: 'fail', severity: 'error', message: [/vnet-hub-eastus/] },
    },
  },
  {
    name: 'custom DNS outside every known VNET (on-premises): warning that it cannot be verified',
    snapshot: withOverrides(healthy, (s) => {
      vnetOf(s, IDS.vnetA).dnsServers = ['192.168.10.53'];
      zoneOf(s, IDS.zone).virtualNetworkLinks = zoneOf(s, IDS.zone).virtualNetworkLinks.filter(
        (l) => !l.virtualNetworkId.endsWith('vnet-app-eastus'),
      );
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'warning',
        message: [/192\.168\.10\.53 outside every VNET .* linked to the zone \(vnet-app-westus\); this cannot be verified/],
      },
      // node_b uses Azure DNS through its linked VNET; node_a's own DNS is judged on node_a's pairs.
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'a VNET-integrated provider with no private DNS zone on record is an error, not a skip',
    snapshot: withOverrides(healthy, (s) => delete server(s, 'node_b').network.privateDnsZoneArmResourceId),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        severity: 'error',
        message: [/node_b \(pg-app-b\) is VNET-integrated but has no private DNS zone on record/],
        help: [/az postgres flexible-server update --resource-group rg-pg-westus --name pg-app-b --private-dns-zone/],
      },
      'node_b->node_a': 'pass',
    },
  },
]);
