// Values a plan knows only after deployment (a what-if "[reference(...)]", a Terraform after_unknown) are never
// judged as literals: the resource holding them becomes a "known after deployment" skip.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { planSnapshot, readPlanFile } from '../../src/plan/index.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { tempDir } from '../helpers/cli.js';

const NODES = ['node_a', 'node_b'];
const REFERENCE =
  "[reference(resourceId('Microsoft.Network/networkInterfaces', 'nic-pg'), '2023-04-01').ipConfigurations[0].properties.privateIPAddress]";

async function dnsVerdicts(name: string, edit: (doc: Record<string, unknown>) => void) {
  const doc = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans', name), 'utf8')) as Record<string, unknown>;
  edit(doc);
  const file = join(tempDir(), name);
  writeFileSync(file, JSON.stringify(doc));
  const resources = await readPlanFile(file);
  const servers = resources.filter((r) => /flexibleServers$/i.test(r.type));
  const config = {
    database: 'appdb',
    nodes: NODES.map((node) => ({ name: node, server: servers.find((r) => r.id.endsWith(node.replace('node_', 'pg-app-')))!.source })),
  };
  const snapshot = await planSnapshot(config, resources, { files: [file] });
  return evaluate(snapshot, RULES).filter((r) => r.ruleId === 'dns/private-resolution');
}

test('what-if: an A record address left as a reference() expression is known after deployment, not a failing address', async () => {
  const results = await dnsVerdicts('a-record-outside-subnet.whatif.json', (doc) => {
    for (const c of doc.changes as { changeType: string; resourceId: string; after?: { properties: { aRecords: unknown[] } } }[])
      if (c.changeType === 'Modify' && c.resourceId.includes('/A/')) c.after!.properties.aRecords = [{ ipv4Address: REFERENCE }];
  });
  assert.ok(results.length > 0);
  for (const r of results) {
    assert.notEqual(r.outcome, 'fail', r.message);
    assert.ok(!r.message.includes('[reference('), r.message);
  }
  assert.ok(
    results.some((r) => r.outcome === 'skip' && r.afterDeployment),
    JSON.stringify(results.map((r) => r.message)),
  );
});

test('Terraform: A records unknown until apply are known after deployment, not "no record"', async () => {
  const results = await dnsVerdicts('a-record-outside-subnet.tfplan.json', (doc) => {
    interface Change {
      type: string;
      change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
    }
    for (const c of doc.resource_changes as Change[]) {
      if (c.type !== 'azurerm_private_dns_a_record') continue;
      delete c.change.after.records;
      c.change.after_unknown.records = true;
    }
  });
  assert.ok(results.length > 0);
  for (const r of results) assert.notEqual(r.outcome, 'fail', r.message);
  assert.ok(
    results.some((r) => r.outcome === 'skip' && r.afterDeployment),
    JSON.stringify(results.map((r) => r.message)),
  );
});
