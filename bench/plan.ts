// Prints how long judging a 50-resource Terraform plan takes: the healthy two-node twin plus separate
// azurerm_network_security_rule resources up to 50 resource changes. The whole CLI as a process (what a
// pipeline waits for) and in process (read + convert through the SDK mappers + evaluate + every reporter).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { REPORTERS } from '../src/report/index.js';
import { planSnapshot, readPlanFile } from '../src/plan/index.js';
import { namePlanSources } from '../src/plan/sources.js';
import { PACKAGE_ROOT, TOOL } from '../src/util/package-info.js';

const SIZE = 50;
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** The twin padded with standalone NSG rules (each one resource change, as Terraform writes them). */
function fiftyResourcePlan(): Record<string, unknown> {
  const plan = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans', 'healthy-two-node.tfplan.json'), 'utf8'));
  const changes = plan.resource_changes as Record<string, unknown>[];
  for (let i = 0; changes.length < SIZE; i++) {
    const name = `allow-monitoring-${i}`;
    const values = {
      name,
      resource_group_name: 'rg-pg-westus',
      network_security_group_name: 'nsg-pg-westus',
      priority: 1000 + i,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source_port_range: '*',
      destination_port_range: String(9000 + i),
      source_address_prefix: '10.9.0.0/24',
      destination_address_prefix: '*',
    };
    const address = `azurerm_network_security_rule.monitoring_${i}`;
    changes.push({
      address,
      mode: 'managed',
      type: 'azurerm_network_security_rule',
      name: `monitoring_${i}`,
      provider_name: 'registry.terraform.io/hashicorp/azurerm',
      change: {
        actions: ['create'],
        before: null,
        after: values,
        after_unknown: { id: true },
        before_sensitive: false,
        after_sensitive: {},
      },
    });
  }
  return plan;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'pgl-preflight-bench-plan-'));
const planPath = join(dir, 'tfplan.json');
writeFileSync(planPath, JSON.stringify(fiftyResourcePlan()));
const config = {
  database: 'appdb',
  nodes: [
    { name: 'node_a', server: 'azurerm_postgresql_flexible_server.node_a' },
    { name: 'node_b', server: 'azurerm_postgresql_flexible_server.node_b' },
  ],
};
writeFileSync(join(dir, 'pgl-preflight.json'), JSON.stringify(config));

const cli: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js'), 'check', '--plan', planPath, '--no-color'], {
    cwd: dir,
    encoding: 'utf8',
  });
  cli.push(performance.now() - t0);
  if (run.status !== 0) throw new Error(`check --plan exited ${run.status}: ${run.stderr}${run.stdout.slice(-500)}`);
}

const inProcess: number[] = [];
for (let i = 0; i < runs * 10; i++) {
  const t0 = performance.now();
  const resources = await readPlanFile(planPath);
  const snapshot = await planSnapshot(config, resources, { files: [planPath] });
  const results = namePlanSources(evaluate(snapshot, RULES), snapshot);
  const ctx = { tool: TOOL, snapshot, rules: RULES, failOn: 'error' as const, color: false, verbose: false };
  for (const render of Object.values(REPORTERS)) render(results, ctx);
  inProcess.push(performance.now() - t0);
}

console.log(`plan: ${SIZE} resource changes (healthy-two-node twin + NSG rules)`);
console.log(`check --plan as a process (node start + judge + text), median of ${runs}: ${median(cli).toFixed(1)} ms`);
console.log(`in-process read + convert + evaluate + every reporter, median of ${runs * 10}: ${median(inProcess).toFixed(2)} ms`);
