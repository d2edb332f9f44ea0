// The merge of planned over deployed facts, with the live side given directly (the live ARM path is in
// test/e2e/plan-live.e2e.test.ts): a planned private endpoint to a deployed server is judged on that server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { planSnapshot } from '../../src/plan/index.js';
import type { PlannedResource } from '../../src/plan/types.js';
import { loadFixture } from '../helpers/snapshots.js';

const deployed = loadFixture('network/public-access-with-private-endpoint.json');

test('a planned private endpoint to a deployed public server: azure/private-endpoint-misuse fails on the deployed node', async () => {
  const serverB = deployed.topology.nodes.find((n) => n.name === 'node_b')!.server!;
  const liveNodes = Object.fromEntries(
    Object.entries(deployed.nodes).map(([name, f]) => {
      const azure = structuredClone(f.azure!);
      // Deployed: no endpoint yet.
      if (azure.server.ok) azure.server.data.privateEndpointConnections = [];
      return [name, azure];
    }),
  );
  const resources = { ...deployed.azure!, privateEndpoints: {} };
  const peId =
    '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-westus/providers/Microsoft.Network/privateEndpoints/pe-pg-app-b';
  const planned: PlannedResource[] = [
    {
      type: 'Microsoft.Network/privateEndpoints',
      id: peId,
      source: 'azurerm_private_endpoint.pg_b',
      file: 'tfplan.json',
      change: 'create',
      unknown: ['/properties/ipConfigurations'],
      body: {
        location: 'westus',
        properties: {
          subnet: {
            id: '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/virtualNetworks/vnet-app-eastus/subnets/snet-clients',
          },
          privateLinkServiceConnections: [
            { name: 'pe-pg-app-b-connection', properties: { privateLinkServiceId: serverB, groupIds: ['postgresqlServer'] } },
          ],
        },
      },
    },
  ];
  const config = { database: 'appdb', azure: {}, nodes: deployed.topology.nodes.map((n) => ({ name: n.name, server: n.server! })) };
  const snapshot = await planSnapshot(config, planned, {
    files: ['tfplan.json'],
    live: { collect: async () => ({ nodes: liveNodes, resources }), collectReferenced: async () => ({}) },
  });
  const results = evaluate(snapshot, RULES);
  const misuse = results.find((r) => r.ruleId === 'azure/private-endpoint-misuse' && r.target === 'node_b')!;
  assert.equal(misuse.outcome, 'fail', misuse.message);
  assert.match(misuse.message, /pe-pg-app-b/);
  // Without the planned endpoint the deployed server has none: the rule passes (the plan made the difference).
  const without = evaluate(
    await planSnapshot(config, [], {
      files: ['tfplan.json'],
      live: { collect: async () => ({ nodes: liveNodes, resources }), collectReferenced: async () => ({}) },
    }),
    RULES,
  );
  assert.equal(without.find((r) => r.ruleId === 'azure/private-endpoint-misuse' && r.target === 'node_b')!.outcome, 'pass');
});

// A plan that changes a deployed subnet: the plan owns its configuration, Azure's derived lists stay as read.
const healthy = loadFixture('healthy-two-node.json');
const SUBNET_A =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/virtualNetworks/vnet-app-eastus/subnets/snet-pg';
const LIVE_PE =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-eastus/providers/Microsoft.Network/privateEndpoints/pe-storage';

async function withPlannedSubnetA(resource: Partial<PlannedResource>) {
  const liveNodes = Object.fromEntries(Object.entries(healthy.nodes).map(([name, f]) => [name, structuredClone(f.azure!)]));
  const resources = structuredClone(healthy.azure!);
  const liveSubnet = resources.subnets![SUBNET_A.toLowerCase()]!;
  if (liveSubnet.ok) liveSubnet.data.privateEndpointIds = [LIVE_PE];
  const planned: PlannedResource = {
    type: 'Microsoft.Network/virtualNetworks/subnets',
    id: SUBNET_A,
    source: SUBNET_A,
    file: 'whatif.json',
    change: 'modify',
    unknown: [],
    body: {
      properties: {
        addressPrefix: '10.1.0.0/24',
        delegations: [{ name: 'dlg-postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } }],
      },
    },
    ...resource,
  };
  const config = { database: 'appdb', azure: {}, nodes: healthy.topology.nodes.map((n) => ({ name: n.name, server: n.server! })) };
  const snapshot = await planSnapshot(config, [planned], {
    files: ['whatif.json'],
    live: { collect: async () => ({ nodes: liveNodes, resources }), collectReferenced: async () => ({}) },
  });
  const subnet = snapshot.azure!.subnets![SUBNET_A.toLowerCase()]!;
  assert.ok(subnet.ok);
  return { snapshot, subnet: subnet.data };
}

test('a planned change to a deployed subnet keeps the private endpoints Azure lists in it: azure/subnet-delegation fails', async () => {
  const { snapshot, subnet } = await withPlannedSubnetA({});
  assert.deepEqual(subnet.privateEndpointIds, [LIVE_PE]);
  const delegation = evaluate(snapshot, RULES).find((r) => r.ruleId === 'azure/subnet-delegation' && r.target === 'node_a')!;
  assert.equal(delegation.outcome, 'fail', delegation.message);
});

test('a what-if Modify whose after has no NSG or route table removes them; a Terraform azurerm_subnet (associations apart) keeps them', async () => {
  const { subnet: whatIf } = await withPlannedSubnetA({});
  assert.equal(whatIf.networkSecurityGroupId, undefined);
  assert.equal(whatIf.routeTableId, undefined);
  const { subnet: terraform } = await withPlannedSubnetA({
    source: 'azurerm_subnet.pg_a',
    externalProperties: ['networkSecurityGroup', 'routeTable'],
  });
  assert.match(terraform.networkSecurityGroupId ?? '', /nsg-pg-eastus$/);
  assert.match(terraform.routeTableId ?? '', /rt-pg-eastus$/);
});
