// A plan that adds a third node to a deployed two-node mesh: the two servers, their VNETs, NSGs and the
// shared private DNS zone are read live (the local Resource Manager test server); the plan holds the new
// server, its VNET, subnet, NSG, the peerings both ways and the zone link. Judged as one three-node mesh.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Snapshot } from '../../src/snapshot/types.js';
import type { VirtualNetwork } from '../../src/snapshot/network-types.js';
import { live, withoutSql } from '../helpers/live-arm.js';
import { loadFixture, withOverrides } from '../helpers/snapshots.js';
import { terraformTwin } from '../plan-twins-terraform.js';

interface PlanChange {
  type: string;
  change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
}

const full = loadFixture('healthy-three-node.json');
const vnetOf = (s: Snapshot, node: string) => {
  const server = s.nodes[node]!.azure!.server;
  return server.ok ? server.data.network.delegatedSubnetResourceId!.replace(/\/subnets\/[^/]+$/, '') : '';
};
const vnetC = vnetOf(full, 'node_c').toLowerCase();
const vnets = Object.values(full.azure!.virtualNetworks!).flatMap<VirtualNetwork>((s) => (s.ok ? [s.data] : []));

/** What is deployed: nodes a and b, with nothing yet of node_c. */
const deployed = withOverrides(withoutSql(full), (s) => {
  s.topology.nodes = s.topology.nodes.filter((n) => n.name !== 'node_c');
  delete s.nodes.node_c;
  delete s.azure!.virtualNetworks![vnetC];
  for (const v of Object.values(s.azure!.virtualNetworks!))
    if (v.ok) v.data.peerings = v.data.peerings.filter((p) => p.remoteVirtualNetworkId.toLowerCase() !== vnetC);
  for (const z of Object.values(s.azure!.privateDnsZones!)) {
    if (!z.ok) continue;
    z.data.virtualNetworkLinks = z.data.virtualNetworkLinks.filter((l) => l.virtualNetworkId.toLowerCase() !== vnetC);
    z.data.aRecords = z.data.aRecords.filter((r) => !r.ipv4Addresses.some((a) => a.startsWith('10.3.')));
  }
});

/** What the plan builds: node_c and its network, the peerings from the existing VNETs, the zone link. */
const planned = withOverrides(full, (s) => {
  s.topology.nodes = s.topology.nodes.filter((n) => n.name === 'node_c');
  s.nodes = { node_c: s.nodes.node_c! };
  const serverSlice = s.nodes.node_c!.azure!.server;
  const subnetC = serverSlice.ok ? serverSlice.data.network.delegatedSubnetResourceId!.toLowerCase() : '';
  const subnet = s.azure!.subnets![subnetC]!;
  const nsg = subnet.ok ? subnet.data.networkSecurityGroupId!.toLowerCase() : '';
  s.azure = {
    subnets: { [subnetC]: subnet },
    virtualNetworks: { [vnetC]: s.azure!.virtualNetworks![vnetC]! },
    networkSecurityGroups: { [nsg]: s.azure!.networkSecurityGroups![nsg]! },
    routeTables: {},
    privateDnsZones: s.azure!.privateDnsZones!,
    privateEndpoints: {},
  };
});

test('a plan adding a third node to a live two-node mesh is judged as one three-node mesh', async () => {
  const plan = terraformTwin(planned, {}, { virtualNetworks: vnets.filter((v) => v.id.toLowerCase() !== vnetC), zones: true });
  const env = await live(deployed);
  try {
    writeFileSync(join(env.dir, 'tfplan.json'), JSON.stringify(plan));
    // The config names the new node by its Terraform address.
    const yaml = (await import('node:fs')).readFileSync(join(env.dir, 'pgl-preflight.yaml'), 'utf8');
    writeFileSync(join(env.dir, 'pgl-preflight.yaml'), `${yaml}  - name: node_c\n    server: azurerm_postgresql_flexible_server.node_c\n`);
    const run = await env.run(['check', '--plan', 'tfplan.json', '--format', 'json', '--fail-on', 'error']);
    assert.equal(run.status, 0, run.stderr + run.stdout.slice(0, 3000));
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.snapshot.nodes, ['node_a', 'node_b', 'node_c']);
    const results = report.results as {
      ruleId: string;
      target: string;
      outcome: string;
      message: string;
      planSources?: string[];
      knownAfterDeployment?: boolean;
    }[];
    const pairs = new Set(results.filter((r) => r.target.includes('->')).map((r) => r.target));
    assert.equal(pairs.size, 6);
    // Every network and DNS verdict of every pair: passed, or skipped only as known after deployment.
    const notPassing = results.filter((r) => /^(network|dns|azure)\//.test(r.ruleId) && r.outcome !== 'pass' && !r.knownAfterDeployment);
    assert.deepEqual(
      notPassing.map((r) => `${r.ruleId}|${r.target}|${r.outcome}: ${r.message}`),
      [],
    );
    // The new peerings (planned, both ways) and the live ones both count.
    for (const target of ['node_a->node_c', 'node_c->node_b', 'node_a->node_b']) {
      const peering = results.find((r) => r.ruleId === 'network/vnet-peering' && r.target === target)!;
      assert.equal(peering.outcome, 'pass', `${target}: ${peering.message}`);
    }
    // Only the new node's state and A record wait for deployment; the live servers' facts are judged.
    assert.equal(results.find((r) => r.ruleId === 'azure/server-state' && r.target === 'node_a')!.outcome, 'pass');
    assert.equal(results.find((r) => r.ruleId === 'azure/server-state' && r.target === 'node_c')!.knownAfterDeployment, true);
    assert.equal(results.find((r) => r.ruleId === 'dns/private-resolution' && r.target === 'node_c->node_a')!.outcome, 'pass');
    assert.equal(results.find((r) => r.ruleId === 'dns/private-resolution' && r.target === 'node_a->node_c')!.knownAfterDeployment, true);
    assert.deepEqual(results.find((r) => r.ruleId === 'azure/subnet-delegation' && r.target === 'node_c')!.planSources, [
      'azurerm_postgresql_flexible_server.node_c',
    ]);
    // The deployed servers were read live; the planned one never was.
    const paths = env.arm.requests.map((r) => r.path.toLowerCase());
    assert.ok(paths.some((p) => p.endsWith('/flexibleservers/pg-app-a')));
    assert.ok(!paths.some((p) => p.includes('pg-app-c')), 'the planned server was asked for');
    assert.ok(report.plan.knownAfterDeployment > 0);
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});

test('a planned subnet associated with an existing NSG: the NSG is read live and the network rules judge it', async () => {
  const serverC = full.nodes.node_c!.azure!.server;
  const subnetC = serverC.ok ? serverC.data.network.delegatedSubnetResourceId!.toLowerCase() : '';
  const subnet = full.azure!.subnets![subnetC]!;
  const nsgId = subnet.ok ? subnet.data.networkSecurityGroupId! : '';
  // Deployed: the NSG node_c's subnet will use already exists; the plan holds only the association to it.
  const deployedWithNsg = withOverrides(deployed, (s) => {
    s.azure!.networkSecurityGroups![nsgId.toLowerCase()] = full.azure!.networkSecurityGroups![nsgId.toLowerCase()]!;
  });
  const plan = terraformTwin(planned, {}, { virtualNetworks: vnets.filter((v) => v.id.toLowerCase() !== vnetC), zones: true });
  // The plan holds no NSG, and its association names the existing one by id, as terraform show -json writes
  // a known value: in `after`, not in `after_unknown`.
  plan.resource_changes = (plan.resource_changes as PlanChange[]).filter((rc) => !rc.type.startsWith('azurerm_network_security_'));
  for (const rc of plan.resource_changes as PlanChange[]) {
    if (rc.type !== 'azurerm_subnet_network_security_group_association') continue;
    rc.change.after.network_security_group_id = nsgId;
    delete rc.change.after_unknown.network_security_group_id;
  }
  const env = await live(deployedWithNsg);
  try {
    writeFileSync(join(env.dir, 'tfplan.json'), JSON.stringify(plan));
    const yaml = (await import('node:fs')).readFileSync(join(env.dir, 'pgl-preflight.yaml'), 'utf8');
    writeFileSync(join(env.dir, 'pgl-preflight.yaml'), `${yaml}  - name: node_c\n    server: azurerm_postgresql_flexible_server.node_c\n`);
    const run = await env.run(['check', '--plan', 'tfplan.json', '--format', 'json', '--fail-on', 'error']);
    const results = JSON.parse(run.stdout).results as { ruleId: string; target: string; outcome: string; message: string }[];
    const paths = env.arm.requests.map((r) => r.path.toLowerCase());
    assert.ok(
      paths.some((p) => p.endsWith(nsgId.toLowerCase())),
      'the existing NSG was not read',
    );
    const notCollected = results.filter((r) => r.message.includes('was not collected'));
    assert.deepEqual(
      notCollected.map((r) => `${r.ruleId}|${r.target}: ${r.message}`),
      [],
    );
    for (const target of ['node_a->node_c', 'node_c->node_a']) {
      const nsg = results.find((r) => r.ruleId.startsWith('network/nsg') && r.target === target)!;
      assert.equal(nsg.outcome, 'pass', `${target}: ${nsg.message}`);
    }
    assert.equal(run.status, 0, run.stderr + run.stdout.slice(0, 2000));
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});
