import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefix } from '../../src/model/cidr.js';
import { effectiveRoutes, hubTransit, lookupRoute } from '../../src/model/routes.js';
import type { RouteTable, VirtualNetwork } from '../../src/snapshot/network-types.js';

const P = (t: string) => parsePrefix(t)!;
const vnet = (peeringState = 'Connected'): VirtualNetwork => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a',
  name: 'vnet-a',
  addressPrefixes: ['10.1.0.0/16'],
  dnsServers: [],
  peerings: [
    {
      name: 'a-to-b',
      remoteVirtualNetworkId: 'vnet-b',
      peeringState,
      allowVirtualNetworkAccess: true,
      remoteAddressPrefixes: ['10.2.0.0/16'],
    },
  ],
});
const table = (routes: RouteTable['routes']): RouteTable => ({ id: 'rt', name: 'rt-a', routes });

function hop(routeTable: RouteTable | undefined, destination: string, peeringState?: string) {
  const { routes } = effectiveRoutes({ vnet: vnet(peeringState), ...(routeTable ? { routeTable } : {}) });
  return lookupRoute(routes, P(destination));
}

test('system routes: own space is VnetLocal, a connected peering is VNetPeering, private space elsewhere is None', () => {
  assert.equal(hop(undefined, '10.1.5.4').route!.nextHopType, 'VnetLocal');
  assert.equal(hop(undefined, '10.2.0.4').route!.nextHopType, 'VNetPeering');
  assert.equal(hop(undefined, '10.2.0.4', 'Initiated').route!.nextHopType, 'None');
  assert.equal(hop(undefined, '20.1.1.1').route!.nextHopType, 'Internet');
});

test('a forced-tunnel 0.0.0.0/0 to an appliance does not override the more specific peering route', () => {
  const rt = table([{ name: 'default-to-fw', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }]);
  assert.equal(hop(rt, '10.2.0.4').route!.nextHopType, 'VNetPeering');
  assert.equal(hop(rt, '20.1.1.1').route!.name, 'default-to-fw');
});

test('the longest user-defined prefix wins; an equal prefix replaces the system route', () => {
  const rt = table([
    { name: 'peer-via-fw', addressPrefix: '10.2.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' },
    { name: 'pg-blackhole', addressPrefix: '10.2.0.0/24', nextHopType: 'None' },
  ]);
  const found = hop(rt, '10.2.0.4').route!;
  assert.equal(found.name, 'pg-blackhole');
  assert.equal(found.nextHopType, 'None');
  assert.equal(hop(rt, '10.2.1.4').route!.name, 'peer-via-fw');
});

test('a subnet-wide destination reports more specific routes that cover only part of it', () => {
  const rt = table([{ name: 'half', addressPrefix: '10.2.0.0/25', nextHopType: 'None' }]);
  const result = hop(rt, '10.2.0.0/24');
  assert.equal(result.route!.nextHopType, 'VNetPeering');
  assert.deepEqual(
    result.partial.map((r) => r.name),
    ['half'],
  );
});

test('service-tag destinations in a route table are reported as unresolved', () => {
  const { unresolved } = effectiveRoutes({
    vnet: vnet(),
    routeTable: table([{ name: 'sql', addressPrefix: 'Sql', nextHopType: 'Internet' }]),
  });
  assert.deepEqual(unresolved, ['sql (Sql)']);
});

// A spoke (10.1.0.0/16) peered with a hub (10.0.0.0/16) whose firewall is 10.0.1.4; the other spoke is 10.2.0.0/16.
const spoke = (hub: Partial<VirtualNetwork['peerings'][number]> = {}): VirtualNetwork => ({
  ...vnet(),
  peerings: [
    {
      name: 'spoke-to-hub',
      remoteVirtualNetworkId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-hub',
      peeringState: 'Connected',
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      remoteAddressPrefixes: ['10.0.0.0/16'],
      ...hub,
    },
  ],
});
function transitOf(v: VirtualNetwork, route: RouteTable['routes'][number]) {
  const { routes } = effectiveRoutes({ vnet: v, routeTable: table([route]) });
  return hubTransit(v, lookupRoute(routes, P('10.2.0.4')).route!);
}
const viaFirewall = { name: 'spoke-via-hub', addressPrefix: '10.2.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' };

const hubCases: {
  name: string;
  vnet: VirtualNetwork;
  route: RouteTable['routes'][number];
  want: { kind: string; hubName: string; hop: string } | undefined;
}[] = [
  {
    name: 'an appliance inside the space of a connected peering is a hub appliance',
    vnet: spoke(),
    route: viaFirewall,
    want: { kind: 'appliance', hubName: 'vnet-hub', hop: 'appliance 10.0.1.4' },
  },
  {
    name: 'an appliance in no peered space is not a hub',
    vnet: spoke(),
    route: { ...viaFirewall, nextHopIpAddress: '172.16.0.4' },
    want: undefined,
  },
  {
    name: 'an appliance in the own VNET is not a hub',
    vnet: spoke(),
    route: { ...viaFirewall, nextHopIpAddress: '10.1.255.4' },
    want: undefined,
  },
  {
    name: 'a hub peering that is only Initiated carries nothing',
    vnet: spoke({ peeringState: 'Initiated' }),
    route: viaFirewall,
    want: undefined,
  },
  {
    name: 'a hub peering without virtual network access carries nothing',
    vnet: spoke({ allowVirtualNetworkAccess: false }),
    route: viaFirewall,
    want: undefined,
  },
  {
    name: "a VPN gateway route through a peering that uses the hub's gateway is gateway transit",
    vnet: spoke({ useRemoteGateways: true }),
    route: { name: 'via-gw', addressPrefix: '10.2.0.0/16', nextHopType: 'VirtualNetworkGateway' },
    want: { kind: 'gateway', hubName: 'vnet-hub', hop: 'the VPN gateway' },
  },
  {
    name: 'a VPN gateway route without a remote gateway peering is not a hub',
    vnet: spoke(),
    route: { name: 'via-gw', addressPrefix: '10.2.0.0/16', nextHopType: 'VirtualNetworkGateway' },
    want: undefined,
  },
];
for (const c of hubCases) {
  test(`hub transit: ${c.name}`, () => {
    const got = transitOf(c.vnet, c.route);
    assert.deepEqual(got && { kind: got.kind, hubName: got.hubName, hop: got.hop }, c.want);
  });
}
