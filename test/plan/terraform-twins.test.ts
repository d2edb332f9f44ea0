// Every snapshot fixture has a Terraform plan twin (fixtures/plans/<name>.tfplan.json): the files are
// in step with their generator, and each twin gives the same verdict as its fixture wherever the plan
// can tell; what it cannot (the SQL side, a new server's state and A record) is a skip, never a pass.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { planSnapshot, readPlanFile } from '../../src/plan/index.js';
import { namePlanSources } from '../../src/plan/sources.js';
import { TERRAFORM_TWINS, terraformTwinText } from '../plan-twins-terraform.js';
import { loadFixture } from '../helpers/snapshots.js';
import type { Config } from '../../src/config/types.js';

/** The plan run of a twin: nodes named as in the fixture, servers by Terraform address. */
export async function twinRun(twinFile: string, fixture: string) {
  const expected = loadFixture(fixture);
  const config: Config = {
    database: expected.topology.database,
    nodes: expected.topology.nodes.map((n) => ({ name: n.name, server: `azurerm_postgresql_flexible_server.${n.name}` })),
  };
  const resources = await readPlanFile(twinFile);
  const snapshot = await planSnapshot(config, resources, { files: [twinFile], now: () => new Date('2026-01-15T09:30:00Z') });
  return { expected, snapshot, results: namePlanSources(evaluate(snapshot, RULES), snapshot) };
}

for (const twin of TERRAFORM_TWINS) {
  test(`fixtures/plans/${twin.name}.tfplan.json judges as fixtures/${twin.fixture}`, async () => {
    const path = resolve(PACKAGE_ROOT, 'fixtures', 'plans', `${twin.name}.tfplan.json`);
    assert.equal(readFileSync(path, 'utf8'), terraformTwinText(twin), 'stale: run node dist/scripts/write-plan-fixtures-terraform.js');
    const { expected, results } = await twinRun(path, twin.fixture);
    const fixtureResults = new Map(evaluate(expected, RULES).map((r) => [`${r.ruleId}|${r.target}`, r]));
    // Every non-skipped verdict of the twin is the fixture's verdict.
    const differing = results
      .filter((r) => r.outcome !== 'skip')
      .filter((r) => fixtureResults.get(`${r.ruleId}|${r.target}`)?.outcome !== r.outcome)
      .map(
        (r) =>
          `${r.ruleId}|${r.target}: twin ${r.outcome} (${r.message}), fixture ${fixtureResults.get(`${r.ruleId}|${r.target}`)?.outcome}`,
      );
    assert.deepEqual(differing, []);
    // The fixture's Azure, network and DNS failures all fail in the twin too (the SQL side is not in a plan).
    const failing = (list: Iterable<{ ruleId: string; target: string; outcome: string }>) =>
      [...list]
        .filter((r) => r.outcome === 'fail' && /^(azure|network|dns)\//.test(r.ruleId))
        .map((r) => `${r.ruleId}|${r.target}`)
        .sort();
    assert.deepEqual(failing(results), failing(fixtureResults.values()));
    assert.deepEqual(
      results.filter((r) => r.outcome === 'error').map((r) => `${r.ruleId}|${r.target}: ${r.message}`),
      [],
    );
    // Every result names the planned server(s) it judged.
    for (const r of results)
      assert.ok(
        r.planSources?.some((s) => s.startsWith('azurerm_postgresql_flexible_server.')),
        `${r.ruleId}|${r.target} names no plan address`,
      );
  });
}

test('what a plan cannot know is skipped as known after deployment, never passed: a new server state, its A record, its database', async () => {
  const { results } = await twinRun(resolve(PACKAGE_ROOT, 'fixtures', 'plans', 'healthy-two-node.tfplan.json'), 'healthy-two-node.json');
  const outcome = (id: string, target: string) => results.find((r) => r.ruleId === id && r.target === target)!;
  for (const [id, target] of [
    ['azure/server-state', 'node_a'],
    ['dns/private-resolution', 'node_a->node_b'],
    ['pglogical/extension-installed', 'node_b'],
  ] as const) {
    const r = outcome(id, target);
    assert.equal(r.outcome, 'skip', `${id}|${target}: ${r.message}`);
    assert.equal(r.afterDeployment, true, `${id}|${target}`);
    assert.match(r.message, /^known after deployment: /);
  }
  // Unset parameters take the platform defaults; the plan's own values win (the twin sets wal_level).
  assert.equal(outcome('postgres/wal-level', 'node_a').outcome, 'pass');
});
