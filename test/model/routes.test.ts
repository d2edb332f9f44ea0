import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefix } from '../../src/model/cidr.js';
import { effectiveRoutes, lookupRoute } from '../../src/model/routes.js';
import type { RouteTable, VirtualNetwork } from '../../src/snapshot/network-types.js';

const P = (t: string) => parsePrefix(t)!;
const vnet = (peeringState = 'Connected'): VirtualNetwork => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a',
  name: 'vnet-a',
  addressPrefixes: ['10.1.0.0/16'],
  dnsServers: [],
  peerings: [{ name: 'a-to-b', remoteVirtualNetworkId: 'vnet-b', peeringState, allowVirtualNetworkAccess: true, remoteAddressPrefixes: ['10.2.0.0/16'] }],
});
const table = (routes: RouteTable['routes']): RouteTable => ({ id: 'rt', name: 'rt-a', routes });

function hop(routeTable: RouteTable | undefined, destination: string, peeringState?: string) {
  const { routes } = effectiveRoutes({ vnet: vnet(peeringState), ...(routeTable ? { routeTable } : {}) });
  return lookupRoute(routes, P(destination));
}

test('system routes: own space is VnetLocal, a connected peering is VNetPeering, private space elsewhere is None', () => {
  assert.equal(hop(undefined, '10.1.5.4')!.route!.nextHopType, 'VnetLocal');
  assert.equal(hop(undefined, '10.2.0.4')!.route!.nextHopType, 'VNetPeering');
  assert.equal(hop(undefined, '10.2.0.4', 'Initiated')!.route!.nextHopType, 'None');
  assert.equal(hop(undefined, '20.1.1.1')!.route!.nextHopType, 'Internet');
});

test('a forced-tunnel 0.0.0.0/0 to an appliance does not override the more specific peering route', () => {
  const rt = table([{ name: 'default-to-fw', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }]);
  assert.equal(hop(rt, '10.2.0.4')!.route!.nextHopType, 'VNetPeering');
  assert.equal(hop(rt, '20.1.1.1')!.route!.name, 'default-to-fw');
});

test('the longest user-defined prefix wins; an equal prefix replaces the system route', () => {
  const rt = table([
    { name: 'peer-via-fw', addressPrefix: '10.2.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' },
    { name: 'pg-blackhole', addressPrefix: '10.2.0.0/24', nextHopType: 'None' },
  ]);
  const found = hop(rt, '10.2.0.4')!.route!;
  assert.equal(found.name, 'pg-blackhole');
  assert.equal(found.nextHopType, 'None');
  assert.equal(hop(rt, '10.2.1.4')!.route!.name, 'peer-via-fw');
});

test('a subnet-wide destination reports more specific routes that cover only part of it', () => {
  const rt = table([{ name: 'half', addressPrefix: '10.2.0.0/25', nextHopType: 'None' }]);
  const result = hop(rt, '10.2.0.0/24');
  assert.equal(result.route!.nextHopType, 'VNetPeering');
  assert.deepEqual(result.partial.map((r) => r.name), ['half']);
});

test('service-tag destinations in a route table are reported as unresolved', () => {
  const { unresolved } = effectiveRoutes({ vnet: vnet(), routeTable: table([{ name: 'sql', addressPrefix: 'Sql', nextHopType: 'Internet' }]) });
  assert.deepEqual(unresolved, ['sql (Sql)']);
});
