// Plan sources: a failure names the planned resources of its own nodes, never a same-named one of another node.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { planSnapshot, readPlanFile } from '../../src/plan/index.js';
import { namePlanSources } from '../../src/plan/sources.js';
import { terraformTwin } from '../plan-twins-terraform.js';
import { loadFixture, setSetting, withOverrides } from '../helpers/snapshots.js';
import { tempDir } from '../helpers/cli.js';

test("plan sources: a wal_level failure on node_a does not name node_b's wal_level parameter", async () => {
  const base = loadFixture('healthy-two-node.json');
  const broken = withOverrides(base, (s) => setSetting(s, 'node_a', 'wal_level', 'replica', 'arm'));
  const file = join(tempDir(), 'plan.json');
  writeFileSync(file, JSON.stringify(terraformTwin(broken, {})));
  const resources = await readPlanFile(file);
  const config = {
    database: base.topology.database,
    nodes: base.topology.nodes.map((n) => ({ name: n.name, server: `azurerm_postgresql_flexible_server.${n.name}` })),
  };
  const snapshot = await planSnapshot(config, resources, { files: [file] });
  const results = namePlanSources(evaluate(snapshot, RULES), snapshot);
  const failures = results.filter((r) => r.outcome === 'fail' && r.message.includes('wal_level'));
  assert.ok(failures.length > 0, 'the plan sets wal_level replica on node_a: something fails');
  for (const f of failures) {
    assert.ok(f.planSources?.includes('azurerm_postgresql_flexible_server.node_a'), JSON.stringify(f.planSources));
    assert.ok(!f.planSources?.some((s) => s.includes('node_b')), `${f.ruleId} ${f.target}: ${JSON.stringify(f.planSources)}`);
  }
});
