// Each what-if twin gives the verdicts of its snapshot fixture: every result the twin does not skip has
// the fixture's outcome, and every Azure/network/DNS failure of the fixture fails in the twin too (the
// PostgreSQL side of a plan is absent, so those rules skip).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Result } from '../../src/engine/result.js';
import { planSnapshot, readPlanFile } from '../../src/plan/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { resolve } from 'node:path';
import { loadFixture } from '../helpers/snapshots.js';
import { WHATIF_TWINS } from './whatif-twins.js';

const key = (r: Result) => `${r.ruleId}|${r.target}`;
const PLAN_JUDGED = /^(azure|network|dns)\//;

/** The config a pipeline would give: the fixture's nodes, by ARM id. */
function configOf(fixture: Snapshot) {
  return {
    database: fixture.topology.database,
    network: fixture.topology.network,
    nodes: fixture.topology.nodes.map((n) => ({ name: n.name, ...(n.server ? { server: n.server } : {}) })),
  };
}

export async function twinVerdicts(name: string, fixture: Snapshot): Promise<Result[]> {
  const file = `fixtures/plans/${name}.whatif.json`;
  const resources = await readPlanFile(resolve(PACKAGE_ROOT, file), file);
  const snapshot = await planSnapshot(configOf(fixture), resources, { files: [file], now: () => new Date('2026-01-01T00:00:00Z') });
  return evaluate(snapshot, RULES);
}

for (const twin of WHATIF_TWINS) {
  test(`what-if twin ${twin.name}: the verdicts of fixtures/${twin.fixture}`, async () => {
    const fixture = loadFixture(twin.fixture);
    const expected = new Map(evaluate(fixture, RULES).map((r) => [key(r), r]));
    const got = await twinVerdicts(twin.name, fixture);
    const differing = got
      .filter((r) => r.outcome !== 'skip' && expected.get(key(r))?.outcome !== r.outcome)
      .map((r) => `${key(r)}: twin ${r.outcome} (${r.message}), fixture ${expected.get(key(r))?.outcome ?? 'absent'}`);
    assert.deepEqual(differing, [], 'non-skipped twin verdicts equal the fixture');
    const gotByKey = new Map(got.map((r) => [key(r), r]));
    const lost = [...expected.values()]
      .filter((r) => r.outcome === 'fail' && PLAN_JUDGED.test(r.ruleId) && gotByKey.get(key(r))?.outcome !== 'fail')
      .map((r) => `${key(r)}: fixture fail, twin ${gotByKey.get(key(r))?.outcome} (${gotByKey.get(key(r))?.message})`);
    assert.deepEqual(lost, [], 'every Azure/network/DNS failure of the fixture fails in the twin');
    assert.deepEqual(
      got.filter((r) => r.outcome === 'error').map((r) => `${key(r)}: ${r.message}`),
      [],
      'nothing left unchecked',
    );
  });
}

/** Resource Manager as the deployed healthy-two-node: what the plan does not hold is read from it. */
function deployedHealthy(): NonNullable<Parameters<typeof planSnapshot>[2]['live']> {
  const healthy = loadFixture('healthy-two-node.json');
  return {
    collect: async (nodes) => ({
      nodes: Object.fromEntries(nodes.map((n) => [n.name, healthy.nodes[n.name]!.azure!])),
      resources: structuredClone(healthy.azure ?? {}),
    }),
    collectReferenced: async () => ({}),
  };
}

test('what-if twin zone-not-linked over the deployed mesh: the Delete removes the live link, so the zone is still unlinked', async () => {
  const fixture = loadFixture('network/zone-not-linked.json');
  const file = 'fixtures/plans/zone-not-linked.whatif.json';
  const resources = await readPlanFile(resolve(PACKAGE_ROOT, file), file);
  const snapshot = await planSnapshot(configOf(fixture), resources, { files: [file], live: deployedHealthy() });
  const failing = evaluate(snapshot, RULES)
    .filter((r) => r.outcome === 'fail')
    .map(key);
  assert.deepEqual(failing.sort(), ['dns/zone-linked|node_a->node_b', 'dns/zone-linked|node_b->node_a']);
  // Without the Delete (the same change read as Ignore: keep the deployed state) the live link would remain.
  const kept = resources.map((r) => (r.change === 'delete' ? { ...r, change: 'keep' as const } : r));
  const keptSnapshot = await planSnapshot(configOf(fixture), kept, { files: [file], live: deployedHealthy() });
  assert.deepEqual(
    evaluate(keptSnapshot, RULES)
      .filter((r) => r.outcome === 'fail')
      .map(key),
    [],
  );
});
