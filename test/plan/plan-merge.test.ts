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
  assert.notEqual(without.find((r) => r.ruleId === 'azure/private-endpoint-misuse' && r.target === 'node_b')!.outcome, 'fail');
});
