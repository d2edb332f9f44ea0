// Baselines end to end over the live collector: today's findings are recorded, a re-collection (with
// the config's nodes in another order) fails only on what is new, and old findings stay visible.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NETWORK_VARIANTS } from '../fixture-variants.js';
import { live } from '../helpers/live-arm.js';
import { loadFixture, withOverrides } from '../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
// The live runs read Resource Manager only (no PostgreSQL here): the SQL-only rules are left out.
const ARM_RULES = ['--rule', 'azure/*', '--rule', 'network/*', '--rule', 'dns/*'];
const variant = (name: string) => NETWORK_VARIANTS.find((v) => v.name === name)!;
const withFaults = (...names: string[]) => withOverrides(healthy, (s) => names.forEach((n) => variant(n).mutate(s)));

interface JsonResult {
  ruleId: string;
  target: string;
  outcome: string;
  baselined?: boolean;
  fingerprint: string;
}

test('a baseline hides old findings and fails new ones, after a re-collection with the nodes reordered', async () => {
  const today = await live(withFaults('nsg-deny-above-allow'));
  let baselinePath: string;
  try {
    const first = await today.run(['check', ...ARM_RULES, '--format', 'json', '--write-baseline', 'baseline.json']);
    assert.equal(first.status, 1, first.stderr);
    baselinePath = join(today.dir, 'baseline.json');
    const recorded = JSON.parse(readFileSync(baselinePath, 'utf8'));
    assert.deepEqual(
      recorded.findings.map((f: { ruleId: string; target: string }) => `${f.ruleId} ${f.target}`),
      ['network/nsg-allows-5432 node_a->node_b'],
    );
  } finally {
    await today.arm.close();
    await today.dns.close();
  }

  // Tomorrow: collected again, the config lists the nodes the other way round, and a new fault appeared.
  const tomorrow = await live(withFaults('nsg-deny-above-allow', 'udr-none'));
  try {
    const config = join(tomorrow.dir, 'pgl-preflight.yaml');
    const text = readFileSync(config, 'utf8');
    const [head, nodes] = text.split('nodes:\n');
    const entries = nodes!.trimEnd().split(/\n(?= {2}- name:)/);
    writeFileSync(config, `${head}nodes:\n${entries.reverse().join('\n')}\n`);
    writeFileSync(join(tomorrow.dir, 'baseline.json'), readFileSync(baselinePath, 'utf8'));

    const run = await tomorrow.run(['check', ...ARM_RULES, '--format', 'json', '--baseline', 'baseline.json']);
    assert.equal(run.status, 1, 'the new finding fails the run');
    const results = JSON.parse(run.stdout).results as JsonResult[];
    const failing = results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
    const old = failing.filter((r) => r.baselined);
    const fresh = failing.filter((r) => !r.baselined);
    assert.deepEqual(
      old.map((r) => `${r.ruleId} ${r.target}`),
      ['network/nsg-allows-5432 node_a->node_b'],
    );
    assert.ok(fresh.length > 0 && fresh.every((r) => r.ruleId === 'network/route-to-peer'), JSON.stringify(fresh.map((r) => r.ruleId)));
    assert.equal(JSON.parse(run.stdout).baselined, 1);

    // Every format shows the old finding as baselined, not hidden: text, JUnit (skipped with the reason) and SARIF.
    const text2 = await tomorrow.run(['check', ...ARM_RULES, '--baseline', 'baseline.json']);
    assert.match(text2.stdout, /network\/nsg-allows-5432 \(baselined\)/);
    const junit = await tomorrow.run(['check', ...ARM_RULES, '--baseline', 'baseline.json', '--format', 'junit']);
    assert.match(
      junit.stdout,
      /<testcase classname="network\/nsg-allows-5432" name="network\/nsg-allows-5432 on node_a-&gt;node_b" time="0">\s*<skipped message="baselined \(error\): node_a -&gt; node_b: TCP 5432 denied/,
    );
    const sarif = JSON.parse((await tomorrow.run(['check', ...ARM_RULES, '--baseline', 'baseline.json', '--format', 'sarif'])).stdout);
    const states = (sarif.runs[0].results as { ruleId: string; baselineState: string; level: string }[]).map(
      (r) => `${r.ruleId} ${r.baselineState} ${r.level}`,
    );
    assert.ok(states.includes('network/nsg-allows-5432 unchanged warning'), states.join('; '));
    assert.ok(
      states.some((s) => s.startsWith('network/route-to-peer new error')),
      states.join('; '),
    );

    // Without the new fault the same baseline passes the gate.
    const onlyOld = await live(withFaults('nsg-deny-above-allow'));
    try {
      writeFileSync(join(onlyOld.dir, 'baseline.json'), readFileSync(baselinePath, 'utf8'));
      const pass = await onlyOld.run(['check', ...ARM_RULES, '--baseline', 'baseline.json']);
      assert.equal(pass.status, 0, pass.stdout);
    } finally {
      await onlyOld.arm.close();
      await onlyOld.dns.close();
    }
  } finally {
    await tomorrow.arm.close();
    await tomorrow.dns.close();
  }
});

test('a baseline that is not one is unusable input: exit 2, one line', async () => {
  const env = await live(healthy);
  try {
    writeFileSync(join(env.dir, 'bad.json'), '{"schemaVersion": 9, "findings": []}');
    const run = await env.run(['check', '--baseline', 'bad.json']);
    assert.equal(run.status, 2);
    assert.match(run.stderr.trim(), /^pgl-preflight: .*bad\.json: schemaVersion: 9; this pgl-preflight reads baseline version 1$/);
  } finally {
    await env.arm.close();
    await env.dns.close();
  }
});
