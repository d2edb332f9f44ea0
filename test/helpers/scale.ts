// Generated large snapshots with defects injected: the verdict-equality test (verdicts-at-scale) runs them.
import { generateMesh, generateReplicatedTables } from '../../bench/generate.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import type { Subnet } from '../../src/snapshot/network-types.js';
import { vnetIdOfSubnet } from '../../src/util/azure-id.js';
import { sql } from './snapshots.js';

const lower = (id: string) => id.toLowerCase();

/** A generated node's delegated subnet (with its id) and the id of its VNET. */
function nodeNetwork(s: Snapshot, name: string): { subnetId: string; subnet: Subnet; vnetId: string } {
  const server = s.nodes[name]!.azure!.server;
  if (!server.ok) throw new Error('no server');
  const subnetId = server.data.network.delegatedSubnetResourceId!;
  const subnet = s.azure!.subnets![lower(subnetId)]!;
  if (!subnet.ok) throw new Error('no subnet');
  return { subnetId, subnet: subnet.data, vnetId: vnetIdOfSubnet(subnetId) };
}

/** One defect of each kind the pair and per-table rules judge, on different nodes of the mesh. */
export function brokenMesh(): Snapshot {
  const s = generateMesh(10);
  const azure = s.azure!;
  const nodeNet = (name: string) => nodeNetwork(s, name);
  // node_02's subscription to node_03 is down; node_09 has too few worker processes (a cause to rank).
  sql(s, 'node_02').pglogical!.subscriptions.find((x) => x.providerNode === 'node_03')!.status = 'down';
  sql(s, 'node_09').settings.max_worker_processes!.value = '4';
  sql(s, 'node_09').pglogical!.subscriptions[0]!.status = 'down';
  // node_04's NSG denies 5432 from node_05's subnet above its allow rule.
  const nsg = azure.networkSecurityGroups![lower(nodeNet('node_04').subnet.networkSecurityGroupId!)]!;
  if (nsg.ok) {
    nsg.data.securityRules.push({
      name: 'deny-pg-from-05',
      priority: 100,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      sourceAddressPrefix: nodeNet('node_05').subnet.addressPrefixes[0]!,
      destinationAddressPrefix: '*',
      sourcePortRange: '*',
      destinationPortRange: '5432',
    });
  }
  // node_06's VNET lost its peering to node_07's; node_08's VNET is no longer linked to the zone.
  const vnet6 = azure.virtualNetworks![lower(nodeNet('node_06').vnetId)]!;
  if (vnet6.ok)
    vnet6.data.peerings = vnet6.data.peerings.filter((p) => lower(p.remoteVirtualNetworkId) !== lower(nodeNet('node_07').vnetId));
  const zone = Object.values(azure.privateDnsZones!)[0]!;
  if (zone.ok)
    zone.data.virtualNetworkLinks = zone.data.virtualNetworkLinks.filter(
      (l) => lower(l.virtualNetworkId) !== lower(nodeNet('node_08').vnetId),
    );
  // node_10 lost the slot that node_01 subscribes through; node_01's subnet routes node_02 to nowhere.
  const pg10 = sql(s, 'node_10');
  pg10.slots = pg10.slots!.filter((x) => !x.name.includes('sub_node_01_'));
  const routeTableId =
    '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-01/providers/Microsoft.Network/routeTables/rt-pg-01';
  nodeNet('node_01').subnet.routeTableId = routeTableId;
  azure.routeTables![lower(routeTableId)] = {
    ok: true,
    data: {
      id: routeTableId,
      name: 'rt-pg-01',
      routes: [{ name: 'blackhole-02', addressPrefix: nodeNet('node_02').subnet.addressPrefixes[0]!, nextHopType: 'None' }],
    },
  };
  // Per-table rules: a drifted column, an unkeyed table, colliding sequences.
  for (const name of ['node_01', 'node_02', 'node_03']) {
    const pg = sql(s, name);
    pg.tables!.push({
      schema: 'public',
      name: 'events',
      replicaIdentity: name === 'node_02' ? 'f' : 'd',
      primaryKey: ['id'],
      hasReplicaIdentityIndex: false,
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'body', type: name === 'node_03' ? 'jsonb' : 'text' },
      ],
      keyGenerators: [{ column: 'id', sequence: 'public.events_id_seq', start: 1, increment: 1 }],
    });
    pg.pglogical!.replicationSets!.find((x) => x.name === 'default')!.tables.push('public.events');
  }
  return s;
}

/**
 * Network defects with every subscription down, so the cause search of pglogical/subscription-status runs
 * for all 90 subscriptions: node_03's VNET gained a space overlapping node_04's; node_07's NSG denies
 * 5432 inbound from everywhere and node_05's denies it outbound to node_06; node_08's subnet routes
 * node_09's VNET through a hub appliance (a warning) and everything else to the hub by a default route
 * (peering routes are more specific, so no finding); node_10's subscription to node_01 is disabled.
 */
export function brokenMeshNetwork(): Snapshot {
  const s = generateMesh(10);
  const azure = s.azure!;
  const names = Object.keys(s.nodes);
  const subnetOf = (name: string) => nodeNetwork(s, name).subnet;
  const vnetOf = (name: string) => {
    const vnet = azure.virtualNetworks![lower(nodeNetwork(s, name).vnetId)]!;
    if (!vnet.ok) throw new Error('no vnet');
    return vnet.data;
  };
  const nsgOf = (name: string) => {
    const nsg = azure.networkSecurityGroups![lower(subnetOf(name).networkSecurityGroupId!)]!;
    if (!nsg.ok) throw new Error('no nsg');
    return nsg.data;
  };
  for (const name of names) for (const sub of sql(s, name).pglogical!.subscriptions) sub.status = 'down';
  sql(s, 'node_10').pglogical!.subscriptions.find((x) => x.providerNode === 'node_01')!.status = 'disabled';

  // Overlap: node_03's VNET also holds node_04's subnet range, and its peers see that space.
  const vnet3 = vnetOf('node_03');
  const stolen = subnetOf('node_04').addressPrefixes[0]!;
  vnet3.addressPrefixes.push(stolen);
  for (const name of names) {
    for (const peering of vnetOf(name).peerings) {
      if (lower(peering.remoteVirtualNetworkId) !== lower(vnet3.id)) continue;
      peering.remoteAddressPrefixes = [...peering.remoteAddressPrefixes, stolen];
      peering.remoteVirtualNetworkAddressPrefixes = [...peering.remoteAddressPrefixes];
    }
  }

  nsgOf('node_07').securityRules.push({
    name: 'deny-pg-all',
    priority: 100,
    direction: 'Inbound',
    access: 'Deny',
    protocol: 'Tcp',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    sourcePortRange: '*',
    destinationPortRange: '5432',
  });
  nsgOf('node_05').securityRules.push({
    name: 'deny-pg-to-06',
    priority: 110,
    direction: 'Outbound',
    access: 'Deny',
    protocol: 'Tcp',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: subnetOf('node_06').addressPrefixes[0]!,
    sourcePortRange: '*',
    destinationPortRange: '5432',
  });

  const routeTableId =
    '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-08/providers/Microsoft.Network/routeTables/rt-pg-08';
  subnetOf('node_08').routeTableId = routeTableId;
  azure.routeTables![lower(routeTableId)] = {
    ok: true,
    data: {
      id: routeTableId,
      name: 'rt-pg-08',
      routes: [
        { name: 'default-to-hub', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.250.0.4' },
        {
          name: 'node-09-via-hub',
          addressPrefix: vnetOf('node_09').addressPrefixes[0]!,
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: '10.250.0.4',
        },
      ],
    },
  };
  return s;
}

/** 2,000 tables with a few defects spread through them. */
export function brokenTables(): Snapshot {
  const s = generateReplicatedTables(2000);
  const a = sql(s, 'node_a').tables!;
  const b = sql(s, 'node_b').tables!;
  const byName = (tables: typeof a, name: string) => tables.find((t) => t.name === name)!;
  byName(b, 't_0100').columns[1]!.type = 'varchar(20)';
  byName(a, 't_0500').primaryKey = [];
  byName(a, 't_0900').replicaIdentity = 'f';
  byName(b, 't_1300').keyGenerators![0]!.start = 1;
  b.splice(b.indexOf(byName(b, 't_1700')), 1);
  return s;
}
