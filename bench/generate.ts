// Generated inputs for `npm run bench` and the verdict-equality test: a healthy N-node full mesh,
// a two-node snapshot with K replicated tables, a config with many keys and a snapshot with one huge
// string. Every node copies the shapes of fixtures/healthy-three-node.json (node_c: its own VNET,
// peered with every other, one shared private DNS zone, an NSG that admits 5432 from every peer, no
// route table); only names, addresses and the per-peer lists grow with N.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NodeFacts, PglogicalSubscription, Snapshot, TableFacts } from '../src/snapshot/types.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const SUBSCRIPTION = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const DATABASE = 'appdb';
const ZONE = 'pg-app.private.postgres.database.azure.com';
const ZONE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-pg-dns/providers/Microsoft.Network/privateDnsZones/${ZONE}`;

function loadTemplate(name: string): Snapshot {
  return JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'fixtures', name), 'utf8')) as Snapshot;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Resource ids as ARM returns them; the snapshot's resource maps are keyed by the lower-cased id. */
interface MeshNode {
  name: string;
  server: string;
  fqdn: string;
  rg: string;
  vnetId: string;
  subnetId: string;
  nsgId: string;
  /** 10.x.y.0/20 per node: room for 4096 nodes; the delegated subnet is its first /24. */
  vnetPrefix: string;
  subnetPrefix: string;
  address: string;
}

function ipv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function meshNode(i: number, width: number): MeshNode {
  const suffix = String(i + 1).padStart(width, '0');
  const name = `node_${suffix}`;
  const server = `pg-app-${suffix}`;
  const rg = `rg-pg-${suffix}`;
  const base = (10 << 24) + i * 4096;
  const vnetId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-app-${suffix}`;
  return {
    name,
    server: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server}`,
    fqdn: `${server}.postgres.database.azure.com`,
    rg,
    vnetId,
    subnetId: `${vnetId}/subnets/snet-pg`,
    nsgId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-pg-${suffix}`,
    vnetPrefix: `${ipv4(base)}/20`,
    subnetPrefix: `${ipv4(base)}/24`,
    address: ipv4(base + 4),
  };
}

const dsnOf = (n: MeshNode, password = false) =>
  `host=${n.fqdn} port=5432 dbname=${DATABASE} user=pglogical_repl${password ? ' password=***' : ''} sslmode=require`;

/** Worker and slot settings scaled to the mesh: every node runs one apply worker and serves one walsender per peer. */
function scaledSettings(facts: NodeFacts, peers: number): void {
  const scaled: Record<string, string> = {
    max_worker_processes: String(peers + 32),
    max_replication_slots: String(2 * peers + 10),
    max_wal_senders: String(2 * peers + 10),
  };
  for (const [key, value] of Object.entries(scaled)) {
    if (facts.postgres?.ok && facts.postgres.data.settings[key]) facts.postgres.data.settings[key].value = value;
    if (facts.azure?.parameters?.ok && facts.azure.parameters.data[key]) facts.azure.parameters.data[key].value = value;
  }
}

/**
 * A healthy full mesh of `count` nodes: each its own VNET (10.x.y.0/20), all peered both ways,
 * one shared private DNS zone linked to every VNET, every node subscribing to every other.
 * `count` 2 and 3 evaluate like fixtures/healthy-two-node.json and healthy-three-node.json.
 */
export function generateMesh(count: number): Snapshot {
  if (count < 2) throw new Error('a mesh needs at least two nodes');
  const template = loadTemplate('healthy-three-node.json');
  const templateFacts = template.nodes.node_c!;
  const templateId = (kind: keyof NonNullable<Snapshot['azure']>, needle: string) =>
    Object.entries(template.azure![kind]!).find(([id]) => id.includes(needle))![1];
  const templateNsg = templateId('networkSecurityGroups', 'nsg-pg-centralus');
  const templateVnet = templateId('virtualNetworks', 'vnet-app-centralus');
  const templateSubnet = templateId('subnets', 'vnet-app-centralus/subnets/snet-pg');
  const templateZone = templateId('privateDnsZones', ZONE);
  const width = Math.max(2, String(count).length);
  const mesh = Array.from({ length: count }, (_, i) => meshNode(i, width));

  const snapshot: Snapshot = {
    $schema: template.$schema,
    schemaVersion: template.schemaVersion,
    collectedAt: template.collectedAt,
    tool: template.tool,
    topology: {
      database: DATABASE,
      mode: 'bidirectional',
      network: 'private',
      nodes: mesh.map((n) => ({ name: n.name, server: n.server, connection: dsnOf(n) })),
    },
    nodes: {},
    azure: { subnets: {}, virtualNetworks: {}, networkSecurityGroups: {}, routeTables: {}, privateDnsZones: {}, privateEndpoints: {} },
    dns: { answers: {} },
  };
  const azure = snapshot.azure!;

  mesh.forEach((n, i) => {
    const peers = mesh.filter((p) => p !== n);
    const facts = clone(templateFacts);
    scaledSettings(facts, peers.length);
    if (!facts.azure?.server.ok || !facts.postgres?.ok) throw new Error('template node_c lost its facts');
    Object.assign(facts.azure.server.data, {
      id: n.server,
      name: n.server.split('/').pop()!,
      fullyQualifiedDomainName: n.fqdn,
      network: { ...facts.azure.server.data.network, delegatedSubnetResourceId: n.subnetId, privateDnsZoneArmResourceId: ZONE_ID },
    });
    const pg = facts.postgres.data;
    const pgl = pg.pglogical!;
    const subscriptionTemplate = pgl.subscriptions[0]!;
    pgl.localNode = n.name;
    pgl.subscriptions = peers.map((p): PglogicalSubscription => ({
      ...clone(subscriptionTemplate),
      name: `sub_${n.name}_${p.name}`,
      providerNode: p.name,
      providerDsn: dsnOf(p),
      slotName: `pgl_${DATABASE}_${p.name}_sub_${n.name}_${p.name}`,
    }));
    pgl.nodeInterfaces = [n, ...peers].map((p) => ({ node: p.name, name: p.name, dsn: dsnOf(p, true) }));
    pg.slots = peers.map((p) => ({ ...clone(pg.slots![0]!), name: `pgl_${DATABASE}_${n.name}_sub_${p.name}_${n.name}` }));
    pg.replication = peers.map((p) => ({ applicationName: `sub_${p.name}_${n.name}`, state: 'streaming' }));
    const apply = pg.backgroundWorkers!.find((w) => w.backendType.startsWith('pglogical apply'))!;
    pg.backgroundWorkers = [
      ...pg.backgroundWorkers!.filter((w) => !w.backendType.startsWith('pglogical apply')),
      ...peers.map((_, k) => ({ ...apply, backendType: `pglogical apply 16385:${3000000000 + i * 10000 + k}` })),
    ];
    snapshot.nodes[n.name] = facts;

    const nsg = clone(templateNsg);
    if (nsg.ok) {
      nsg.data.id = n.nsgId;
      nsg.data.name = n.nsgId.split('/').pop()!;
      const peerPrefixes = peers.map((p) => p.subnetPrefix);
      for (const rule of nsg.data.securityRules) {
        if (rule.name === 'allow-pg-from-peers') rule.sourceAddressPrefixes = peerPrefixes;
        if (rule.name === 'allow-pg-to-peers') rule.destinationAddressPrefixes = peerPrefixes;
        for (const key of ['sourceAddressPrefix', 'destinationAddressPrefix'] as const)
          if (rule[key] === '10.3.0.0/24') rule[key] = n.subnetPrefix;
      }
    }
    azure.networkSecurityGroups![n.nsgId.toLowerCase()] = nsg;

    const subnet = clone(templateSubnet);
    if (subnet.ok) Object.assign(subnet.data, { id: n.subnetId, addressPrefixes: [n.subnetPrefix], networkSecurityGroupId: n.nsgId });
    azure.subnets![n.subnetId.toLowerCase()] = subnet;

    const vnet = clone(templateVnet);
    if (vnet.ok) {
      const peeringTemplate = vnet.data.peerings![0]!;
      const vnetName = n.vnetId.split('/').pop()!;
      Object.assign(vnet.data, {
        id: n.vnetId,
        name: vnetName,
        addressPrefixes: [n.vnetPrefix],
        peerings: peers.map((p) => ({
          ...clone(peeringTemplate),
          name: `peer-${vnetName}-to-${p.vnetId.split('/').pop()}`,
          remoteVirtualNetworkId: p.vnetId,
          remoteAddressPrefixes: [p.vnetPrefix],
          remoteVirtualNetworkAddressPrefixes: [p.vnetPrefix],
        })),
      });
    }
    azure.virtualNetworks![n.vnetId.toLowerCase()] = vnet;
    snapshot.dns!.answers[n.fqdn] = { ok: true, data: { addresses: [n.address], resolver: 'system' } };
  });

  const zone = clone(templateZone);
  if (zone.ok) {
    const link = zone.data.virtualNetworkLinks![0]!;
    zone.data.virtualNetworkLinks = mesh.map((n) => ({ ...link, name: `link-${n.vnetId.split('/').pop()}`, virtualNetworkId: n.vnetId }));
    zone.data.aRecords = mesh.map((n, i) => {
      const record = i.toString(16).padStart(12, '0');
      return { name: record, fqdn: `${record}.${ZONE}.`, ipv4Addresses: [n.address] };
    });
  }
  azure.privateDnsZones![ZONE_ID.toLowerCase()] = zone;
  return snapshot;
}

/**
 * fixtures/healthy-two-node.json with `count` tables in the default set on both nodes, each keyed by
 * a bigint from a sequence that interleaves (node_a odd, node_b even): nothing collides, nothing drifts.
 */
export function generateReplicatedTables(count: number): Snapshot {
  const snapshot = loadTemplate('healthy-two-node.json');
  const width = String(count).length;
  const names = Array.from({ length: count }, (_, i) => `t_${String(i + 1).padStart(width, '0')}`);
  ['node_a', 'node_b'].forEach((node, k) => {
    const slice = snapshot.nodes[node]!.postgres!;
    if (!slice.ok) throw new Error(`template ${node} has no SQL facts`);
    const tables = names.map((name): TableFacts => ({
      schema: 'public',
      name,
      replicaIdentity: 'd',
      primaryKey: ['id'],
      hasReplicaIdentityIndex: false,
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'payload', type: 'text' },
        { name: 'updated_at', type: 'timestamp with time zone' },
      ],
      keyGenerators: [{ column: 'id', sequence: `public.${name}_id_seq`, start: k + 1, increment: 2 }],
    }));
    slice.data.tables = [...(slice.data.tables ?? []), ...tables];
    const defaultSet = slice.data.pglogical!.replicationSets!.find((s) => s.name === 'default')!;
    defaultSet.tables = [...defaultSet.tables, ...names.map((n) => `public.${n}`)];
  });
  return snapshot;
}

/**
 * A YAML config for the two-node fixture with `count` suppressions (plus severity overrides for every
 * rule): the keys a large estate accumulates. Suppressions name targets that pass, so verdicts stay.
 */
export function generateLargeConfig(count: number, ruleIds: readonly string[]): string {
  const template = loadTemplate('healthy-two-node.json');
  const lines = [`database: ${DATABASE}`, 'nodes:'];
  for (const n of template.topology.nodes) lines.push(`  - name: ${n.name}`, `    server: ${n.server}`);
  lines.push('rules:');
  for (const id of ruleIds) lines.push(`  ${id}: error`);
  lines.push('suppressions:');
  for (let i = 0; i < count; i++) {
    const rule = ruleIds[i % ruleIds.length]!;
    lines.push(
      `  - rule: ${rule}`,
      `    target: node_a:public.t_${i}`,
      `    reason: accepted risk number ${i}, reviewed by the data platform team`,
      `    expires: 2099-12-31`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** fixtures/healthy-two-node.json with one string of `bytes` characters: a subscription DSN's application_name. */
export function generateHugeString(bytes: number): Snapshot {
  const snapshot = loadTemplate('healthy-two-node.json');
  const slice = snapshot.nodes.node_a!.postgres!;
  if (!slice.ok) throw new Error('template node_a has no SQL facts');
  const sub = slice.data.pglogical!.subscriptions[0]!;
  sub.providerDsn = `${sub.providerDsn} application_name=${'x'.repeat(bytes)}`;
  return snapshot;
}
