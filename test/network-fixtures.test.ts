// Every broken network fixture fails exactly the results its fault implies, naming the deciding resource;
// the healthy fixture passes every rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { HUB_AND_SPOKE_WARNINGS, hubAndSpoke, NETWORK_VARIANTS, variantText } from './fixture-variants.js';
import { nsgOf } from './helpers/azure.js';
import { loadFixture, withOverrides } from './helpers/snapshots.js';

const NSG_C =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-centralus/providers/Microsoft.Network/networkSecurityGroups/nsg-pg-centralus';

const healthy = loadFixture('healthy-two-node.json');

test('the healthy fixture passes every rule: no failure, warning, skip or unchecked result', () => {
  const results = evaluate(healthy, RULES);
  assert.deepEqual(
    results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}|${r.target}: ${r.message}`),
    [],
  );
  assert.deepEqual(
    [...new Set(results.map((r) => r.ruleId))],
    RULES.map((r) => r.id),
  );
});

for (const variant of NETWORK_VARIANTS) {
  test(`fixtures/network/${variant.name}.json: ${variant.description}`, () => {
    const path = resolve(PACKAGE_ROOT, 'fixtures', 'network', `${variant.name}.json`);
    assert.equal(readFileSync(path, 'utf8'), variantText(healthy, variant), 'stale: run npm run fixtures');
    const results = evaluate(loadFixture(`network/${variant.name}.json`), RULES);
    const failing = results.filter((r) => r.outcome === 'fail').map((r) => `${r.ruleId}|${r.target}`);
    assert.deepEqual(failing.sort(), [...variant.fails].sort());
    assert.deepEqual(
      results.filter((r) => r.outcome === 'error').map((r) => `${r.ruleId}|${r.target}: ${r.message}`),
      [],
    );
    for (const [key, pattern] of Object.entries(variant.names ?? {})) {
      const result = results.find((r) => `${r.ruleId}|${r.target}` === key)!;
      assert.match(result.message, pattern, key);
    }
  });
}

test('hub and spoke: spokes joined through the hub firewall give no error from any rule, only the firewall warnings', () => {
  const results = evaluate(withOverrides(healthy, hubAndSpoke), RULES);
  const notPassing = results.filter((r) => r.outcome !== 'pass');
  assert.deepEqual(
    notPassing.map((r) => `${r.ruleId}|${r.target}|${r.outcome}|${r.severity}`).sort(),
    HUB_AND_SPOKE_WARNINGS.map((k) => `${k}|fail|warning`).sort(),
  );
  for (const r of notPassing)
    assert.match(r.message, /goes through appliance 10\.0\.1\.4 in hub VNET vnet-hub-eastus .*must pass TCP 5432 both ways/);
  const peering = results.find((r) => r.ruleId === 'network/vnet-peering' && r.target === 'node_a->node_b')!;
  assert.match(peering.message, /not peered directly; they are joined through appliance 10\.0\.1\.4 in hub vnet-hub-eastus/);
});

test('three nodes: every rule passes for all six ordered pairs', () => {
  const results = evaluate(loadFixture('healthy-three-node.json'), RULES);
  assert.deepEqual(
    results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}|${r.target}`),
    [],
  );
  const pairs = new Set(results.filter((r) => r.targetInfo.kind === 'pair').map((r) => r.target));
  assert.deepEqual([...pairs].sort(), [
    'node_a->node_b',
    'node_a->node_c',
    'node_b->node_a',
    'node_b->node_c',
    'node_c->node_a',
    'node_c->node_b',
  ]);
});

test('three nodes: a deny into node_c from node_b fails only that ordered pair', () => {
  const snapshot = withOverrides(loadFixture('healthy-three-node.json'), (s) =>
    nsgOf(s, NSG_C).securityRules.push({
      name: 'deny-from-west',
      priority: 150,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      sourceAddressPrefix: '10.2.0.0/16',
      destinationAddressPrefix: '*',
      sourcePortRange: '*',
      destinationPortRange: '5432',
    }),
  );
  const failing = evaluate(snapshot, RULES).filter((r) => r.outcome !== 'pass');
  assert.deepEqual(
    failing.map((r) => `${r.ruleId}|${r.target}`),
    ['network/nsg-allows-5432|node_b->node_c'],
  );
  assert.match(
    failing[0]!.message,
    /^node_b -> node_c: TCP 5432 denied by NSG nsg-pg-centralus rule deny-from-west \(priority 150, Inbound\)$/,
  );
});
