// The what-if twins are in step with their snapshot fixtures (run `node dist/scripts/write-plan-fixtures-whatif.js`
// after changing a fixture), have the shape az prints, and read back as the change the fixture's fault is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { readWhatIf } from '../../src/plan/whatif.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { NETWORK_VARIANTS } from '../fixture-variants.js';
import { loadFixture } from '../helpers/snapshots.js';
import { delta, WHATIF_TWINS } from './whatif-twins.js';

const twinPath = (name: string) => resolve(PACKAGE_ROOT, 'fixtures', 'plans', `${name}.whatif.json`);
const read = (name: string) => readFileSync(twinPath(name), 'utf8');

test('every network fixture and both healthy fixtures have a what-if twin', () => {
  assert.deepEqual(
    WHATIF_TWINS.map((t) => t.fixture),
    ['healthy-two-node.json', 'healthy-three-node.json', ...NETWORK_VARIANTS.map((v) => `network/${v.name}.json`)],
  );
});

for (const twin of WHATIF_TWINS) {
  test(`fixtures/plans/${twin.name}.whatif.json is the twin of fixtures/${twin.fixture} and reads back`, () => {
    const text = read(twin.name);
    assert.equal(text, twin.text(loadFixture), 'stale: run node dist/scripts/write-plan-fixtures-whatif.js');
    const doc = JSON.parse(text) as { changes: Record<string, unknown>[]; error: unknown; status: string };
    // What az prints: the flattened result, every WhatIfChange attribute present (null when unset).
    assert.deepEqual(Object.keys(doc), ['changes', 'error', 'status']);
    assert.equal(doc.error, null);
    assert.equal(doc.status, 'Succeeded');
    for (const c of doc.changes) {
      assert.deepEqual(Object.keys(c), ['after', 'before', 'changeType', 'delta', 'resourceId', 'unsupportedReason']);
      if (c.after) assert.match(String((c.after as { apiVersion?: string }).apiVersion), /^\d{4}-\d{2}-\d{2}$/);
    }
    const planned = readWhatIf(doc, twinPath(twin.name));
    assert.equal(planned.length, doc.changes.length);
  });
}

test('greenfield twins create everything and carry nothing only deployment sets', () => {
  for (const name of ['healthy-two-node', 'healthy-three-node']) {
    const planned = readWhatIf(JSON.parse(read(name)), name);
    assert.deepEqual([...new Set(planned.map((p) => p.change))], ['create']);
    const text = read(name);
    for (const key of [
      'provisioningState',
      'fullyQualifiedDomainName',
      'peeringState',
      'virtualNetworkLinkState',
      'defaultSecurityRules',
    ]) {
      assert.ok(!text.includes(`"${key}"`), `${name} has ${key}`);
    }
    assert.ok(!planned.some((p) => p.type === 'Microsoft.Network/privateDnsZones/A'), 'the service registers the A records itself');
    const servers = planned.filter((p) => p.type === 'Microsoft.DBforPostgreSQL/flexibleServers');
    assert.equal(servers.length, name === 'healthy-two-node' ? 2 : 3);
    for (const s of servers) assert.deepEqual(s.unknown, ['/properties/fullyQualifiedDomainName', '/properties/state']);
  }
});

/** resourceId (after /providers/) -> changeType, for the changes that are not NoChange. */
function changed(name: string): Record<string, string> {
  const doc = JSON.parse(read(name)) as { changes: { changeType: string; resourceId: string }[] };
  return Object.fromEntries(
    doc.changes.filter((c) => c.changeType !== 'NoChange').map((c) => [c.resourceId.split('/providers/')[1]!, c.changeType]),
  );
}

test('network twins: only what the fault touches changes; the rest is NoChange', () => {
  assert.deepEqual(changed('nsg-deny-above-allow'), { 'Microsoft.Network/networkSecurityGroups/nsg-pg-westus': 'Modify' });
  assert.deepEqual(changed('subnet-not-delegated'), { 'Microsoft.Network/virtualNetworks/vnet-app-westus': 'Modify' });
  assert.deepEqual(changed('udr-none'), { 'Microsoft.Network/routeTables/rt-pg-eastus': 'Modify' });
  assert.deepEqual(changed('zone-not-linked'), {
    'Microsoft.Network/privateDnsZones/pg-app.private.postgres.database.azure.com': 'Modify',
    'Microsoft.Network/privateDnsZones/pg-app.private.postgres.database.azure.com/virtualNetworkLinks/link-vnet-app-westus': 'Delete',
  });
  assert.deepEqual(changed('public-access-with-private-endpoint'), {
    'Microsoft.DBforPostgreSQL/flexibleServers/pg-app-b': 'Modify',
    'Microsoft.DBforPostgreSQL/flexibleServers/pg-app-b/firewallRules/AllowAllAzureServicesAndResourcesWithinAzureIps': 'Create',
    'Microsoft.Network/privateEndpoints/pe-pg-app-b': 'Create',
  });
});

test('a Modify twin reads as its after body (the fault), with the delta naming the changed rule', () => {
  const doc = JSON.parse(read('nsg-deny-above-allow')) as { changes: { changeType: string; delta: unknown; resourceId: string }[] };
  const nsg = readWhatIf(doc, 'twin').find((p) => p.change === 'modify')!;
  const rules = (nsg.body!.properties as { securityRules: { name: string }[] }).securityRules.map((r) => r.name);
  assert.ok(rules.includes('deny-pg'));
  const modify = doc.changes.find((c) => c.changeType === 'Modify')!;
  assert.deepEqual(
    (modify.delta as { path: string; propertyChangeType: string; children: { path: string; propertyChangeType: string }[] }[]).map((d) => [
      d.path,
      d.propertyChangeType,
      d.children.map((c) => `${c.path}:${c.propertyChangeType}`),
    ]),
    [['properties.securityRules', 'Array', ['4:Create']]],
  );
});

test('delta: leaves, nested objects, array elements by index', () => {
  assert.deepEqual(delta({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'y' }, d: true }), [
    { after: 'y', before: 'x', children: null, path: 'b.c', propertyChangeType: 'Modify' },
    { after: true, before: null, children: null, path: 'd', propertyChangeType: 'Create' },
  ]);
  assert.deepEqual(delta({ l: [{ n: 1 }, { n: 2 }] }, { l: [{ n: 1 }, { n: 3 }] }), [
    {
      after: null,
      before: null,
      children: [
        {
          after: null,
          before: null,
          children: [{ after: 3, before: 2, children: null, path: 'n', propertyChangeType: 'Modify' }],
          path: '1',
          propertyChangeType: 'Modify',
        },
      ],
      path: 'l',
      propertyChangeType: 'Array',
    },
  ]);
});
