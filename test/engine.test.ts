import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { assertKnownRules, evaluate } from '../src/engine/evaluate.js';
import { fingerprint, isGating } from '../src/engine/result.js';
import { defineRule } from '../src/engine/rule.js';
import { selectNodes, selectOrderedPairs, targetId } from '../src/engine/targets.js';
import { InputError } from '../src/util/errors.js';
import { loadFixture, setSetting, withOverrides, withoutSql } from './helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const walReplicaOnA = withOverrides(healthy, (s) => setSetting(s, 'node_a', 'wal_level', 'replica'));

test('results come in registry order, then target order, with stable fingerprints', () => {
  const results = evaluate(healthy, RULES);
  const expected = RULES.flatMap((r) => r.select(healthy).map((t) => `${r.id}|${targetId(t)}`));
  assert.deepEqual(
    results.map((r) => `${r.ruleId}|${r.target}`),
    expected,
  );
  // Pinned, not recomputed: baselines and SARIF partialFingerprints written by earlier versions must keep matching.
  assert.equal(fingerprint('postgres/wal-level', 'node_a'), 'beabc177c882d52a');
  assert.equal(results.find((r) => r.ruleId === 'postgres/wal-level' && r.target === 'node_a')!.fingerprint, 'beabc177c882d52a');
  assert.equal(new Set(results.map((r) => r.fingerprint)).size, results.length);
});

test('severity override changes the severity; "off" removes the rule', () => {
  const overridden = evaluate(walReplicaOnA, RULES, { severityOverrides: { 'postgres/wal-level': 'warning' } });
  const r = overridden.find((x) => x.ruleId === 'postgres/wal-level' && x.target === 'node_a')!;
  assert.equal(r.outcome, 'fail');
  assert.equal(r.severity, 'warning');
  const off = evaluate(walReplicaOnA, RULES, { severityOverrides: { 'postgres/wal-level': 'off' } });
  assert.equal(off.filter((x) => x.ruleId === 'postgres/wal-level').length, 0);
});

test('severity overrides take patterns; the most specific wins (id, then area/*, then *)', () => {
  const severityOf = (overrides: Record<string, 'error' | 'warning' | 'info' | 'off'>) =>
    evaluate(walReplicaOnA, RULES, { severityOverrides: overrides }).find((x) => x.ruleId === 'postgres/wal-level' && x.target === 'node_a')
      ?.severity;
  assert.equal(severityOf({ 'postgres/*': 'info' }), 'info');
  assert.equal(severityOf({ '*': 'warning', 'postgres/*': 'info' }), 'info');
  assert.equal(severityOf({ 'postgres/*': 'off', 'postgres/wal-level': 'warning' }), 'warning');
  assert.equal(severityOf({ 'postgres/*': 'off' }), undefined);
  assert.equal(severityOf({ 'network/*': 'info' }), 'error');
});

test('--rule and --skip-rule select by id and by area/*', () => {
  assert.deepEqual(
    [...new Set(evaluate(healthy, RULES, { only: ['azure/*', 'dns/zone-linked'] }).map((r) => r.ruleId))],
    [
      'azure/vnet-integration',
      'azure/private-endpoint-misuse',
      'azure/subnet-delegation',
      'azure/extensions-allowlist',
      'azure/pending-restart',
      'azure/server-state',
      'azure/ha-failover-slots',
      'dns/zone-linked',
    ],
  );
  const skipped = new Set(
    evaluate(healthy, RULES, { skip: ['postgres/*', 'network/*', 'dns/*', 'pglogical/*', 'azure/pending-restart'] }).map((r) => r.ruleId),
  );
  assert.deepEqual(
    [...skipped],
    [
      'azure/vnet-integration',
      'azure/private-endpoint-misuse',
      'azure/subnet-delegation',
      'azure/extensions-allowlist',
      'azure/server-state',
      'azure/ha-failover-slots',
    ],
  );
  assert.throws(() => assertKnownRules(RULES, ['postgres/wal-levle'], '--rule'), InputError);
  assert.doesNotThrow(() => assertKnownRules(RULES, ['postgres/*'], '--rule'));
});

test('a suppression turns a failure into a skip with its reason, until it expires', () => {
  const suppressions = [{ rule: 'postgres/wal-level', target: 'node_a', reason: 'migration window', expires: '2026-12-31' }];
  const active = evaluate(walReplicaOnA, RULES, { suppressions, now: new Date('2026-11-24') });
  const r = active.find((x) => x.ruleId === 'postgres/wal-level' && x.target === 'node_a')!;
  assert.equal(r.outcome, 'skip');
  assert.match(r.message, /suppressed: migration window \(was fail/);
  const expired = evaluate(walReplicaOnA, RULES, { suppressions, now: new Date('2027-01-02') });
  assert.equal(expired.find((x) => x.ruleId === 'postgres/wal-level' && x.target === 'node_a')!.outcome, 'fail');
});

test('a suppression applies through its whole expiry day (UTC) and stops at the next midnight', () => {
  const suppressions = [{ rule: 'postgres/wal-level', target: 'node_a', reason: 'migration window', expires: '2026-12-31' }];
  const outcomeAt = (iso: string) =>
    evaluate(walReplicaOnA, RULES, { suppressions, now: new Date(iso), only: ['postgres/wal-level'] }).find((x) => x.target === 'node_a')!
      .outcome;
  // Wrong before: the suppression ended at 00:00 UTC of the expiry day itself.
  assert.equal(outcomeAt('2026-12-31T00:00:00.001Z'), 'skip');
  assert.equal(outcomeAt('2026-12-31T23:59:59.999Z'), 'skip');
  assert.equal(outcomeAt('2027-01-01T00:00:00.000Z'), 'fail');
  // A date with a time ends at that instant.
  const timed = [{ ...suppressions[0]!, expires: '2026-12-31T12:00:00Z' }];
  const at = (iso: string) =>
    evaluate(walReplicaOnA, RULES, { suppressions: timed, now: new Date(iso), only: ['postgres/wal-level'] }).find(
      (x) => x.target === 'node_a',
    )!.outcome;
  assert.equal(at('2026-12-31T11:59:59.999Z'), 'skip');
  assert.equal(at('2026-12-31T12:00:00.000Z'), 'fail');
});

test('requires: a failed slice gives error with the reason; a non-Azure node skips Azure-only facts', () => {
  const probe = defineRule({
    id: 'test/probe',
    title: 'probe rule',
    description: 'needs SQL and the ARM server',
    severity: 'error',
    requires: ['postgres', 'azure.server'],
    messages: { never: { message: 'never reported in this test', help: 'nothing to do here' } },
    help: 'nothing to do',
    select: selectNodes,
    check: (_t, ctx) => ctx.pass('ok'),
  });
  const snapshot = withOverrides(healthy, (s) => {
    withoutSql(s, 'node_a', { code: 'timeout', message: 'connect timeout after 10 s' });
    delete s.topology.nodes[1]!.server;
  });
  const [a, b] = evaluate(snapshot, [probe]);
  assert.equal(a!.outcome, 'error');
  assert.equal(a!.message, 'could not check: SQL on node_a: connect timeout after 10 s');
  assert.equal(b!.outcome, 'skip');
  assert.match(b!.message, /no Azure server id/);
});

test('pair targets need the facts of both nodes', () => {
  const pairRule = defineRule({
    id: 'test/pair',
    title: 'pair probe',
    description: 'needs SQL on both ends',
    severity: 'warning',
    requires: ['postgres'],
    messages: { x: { message: 'unused message text here', help: 'unused help' } },
    help: 'nothing to do',
    select: selectOrderedPairs,
    check: (t, ctx) => ctx.pass(`checked ${t.kind}`),
  });
  const results = evaluate(
    withOverrides(healthy, (s) => withoutSql(s, 'node_b')),
    [pairRule],
  );
  assert.deepEqual(
    results.map((r) => [r.target, r.outcome]),
    [
      ['node_a->node_b', 'error'],
      ['node_b->node_a', 'error'],
    ],
  );
});

test('a rule that throws yields error for that target, not a crash', () => {
  const broken = defineRule({
    id: 'test/broken',
    title: 'broken rule',
    description: 'throws',
    severity: 'error',
    requires: [],
    messages: {},
    help: 'nothing to do',
    select: selectNodes,
    check: () => {
      throw new Error('boom');
    },
  });
  const results = evaluate(healthy, [broken]);
  assert.deepEqual(
    results.map((r) => r.outcome),
    ['error', 'error'],
  );
  assert.match(results[0]!.message, /rule failed internally: boom/);
});

test('ctx.node() is for the nodes of the target (their requires were checked); other nodes go through ctx.peer()', () => {
  const probe = (useNode: boolean) =>
    defineRule({
      id: 'test/peer',
      title: 'peer probe',
      description: 'reads the other node',
      severity: 'error',
      requires: ['postgres'],
      messages: {},
      help: 'nothing to do',
      select: selectNodes,
      check: (t, ctx) => {
        const other = t.kind === 'node' && t.node === 'node_a' ? 'node_b' : 'node_a';
        return ctx.pass(`other has SQL: ${(useNode ? ctx.node(other) : ctx.peer(other)).postgres !== undefined}`);
      },
    });
  const missingB = withOverrides(healthy, (s) => withoutSql(s, 'node_b'));
  assert.deepEqual(
    evaluate(missingB, [probe(false)]).map((r) => [r.target, r.outcome]),
    [
      ['node_a', 'pass'],
      ['node_b', 'error'],
    ],
  );
  assert.equal(evaluate(missingB, [probe(false)])[0]!.message, 'other has SQL: false');
  const misuse = evaluate(healthy, [probe(true)]);
  assert.match(
    misuse[0]!.message,
    /rule failed internally: test\/peer asked ctx.node\(\) for node_b, which is not a node of the target \(use ctx.peer\(\)\)/,
  );
});

test('a required fact whose slices are there but unusable is could-not-check, not a rule crash', () => {
  const networkRule = defineRule({
    id: 'test/network',
    title: 'network probe',
    description: 'reads the network',
    severity: 'error',
    requires: ['azure.network'],
    messages: {},
    help: 'nothing to do',
    select: selectNodes,
    check: (t, ctx) => ctx.pass(`endpoint ${ctx.node(t.kind === 'node' ? t.node : '').network.endpoint.text}`),
  });
  const snapshot = loadFixture('healthy-two-node.json');
  const subnets = snapshot.azure!.subnets!;
  const subnetOfA = snapshot.nodes.node_a!.azure!.server;
  assert.ok(subnetOfA.ok);
  const slice = subnets[subnetOfA.data.network.delegatedSubnetResourceId!.toLowerCase()]!;
  assert.ok(slice.ok);
  slice.data.addressPrefixes = [];
  const results = evaluate(snapshot, [networkRule]);
  assert.equal(results[0]!.outcome, 'error');
  assert.match(results[0]!.message, /could not check: the azure.network facts of node_a are incomplete \(no network\)/);
  assert.equal(results[1]!.outcome, 'pass');
});

test('uses: a rule reads results of rules it declares, evaluated first even when not selected', () => {
  const reader = defineRule({
    id: 'test/reader',
    title: 'reader rule',
    description: 'reads wal-level results',
    severity: 'error',
    requires: [],
    uses: ['postgres/wal-level'],
    messages: { upstream: { message: 'wal-level failed on {{node}}', help: 'fix wal-level first' } },
    help: 'nothing to do',
    select: selectNodes,
    check: (t, ctx) => {
      const failed = ctx
        .resultsOf('postgres/wal-level')
        .some((r) => r.target === (t.kind === 'node' ? t.node : '') && r.outcome === 'fail');
      return failed ? ctx.fail('upstream', { node: t.kind === 'node' ? t.node : '' }) : ctx.pass('fine');
    },
  });
  const results = evaluate(walReplicaOnA, [...RULES, reader], { only: ['test/reader'] });
  assert.deepEqual(
    results.map((r) => [r.ruleId, r.target, r.outcome]),
    [
      ['test/reader', 'node_a', 'fail'],
      ['test/reader', 'node_b', 'pass'],
    ],
  );
});

test('gating: fail and error count at or above --fail-on; never never gates', () => {
  const [r] = evaluate(walReplicaOnA, RULES, { only: ['postgres/wal-level'] });
  assert.equal(isGating(r!, 'error'), true);
  assert.equal(isGating(r!, 'never'), false);
  assert.equal(isGating({ ...r!, severity: 'warning' }, 'error'), false);
  assert.equal(isGating({ ...r!, severity: 'warning' }, 'warning'), true);
  assert.equal(isGating({ ...r!, outcome: 'error', severity: 'info' }, 'info'), true);
  assert.equal(isGating({ ...r!, outcome: 'skip' }, 'info'), false);
});
