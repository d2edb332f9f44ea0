// Table-driven cases for the pglogical rules that read both ends of a subscription.
import bidirectionalMesh from '../../../rules/pglogical/bidirectional-mesh.js';
import slotHealth from '../../../rules/pglogical/slot-health.js';
import subscriptionStatus from '../../../rules/pglogical/subscription-status.js';
import { RULES } from '../../../rules/index.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, setSetting, sql, withOverrides } from '../../helpers/snapshots.js';
import { NETWORK_VARIANTS } from '../../fixture-variants.js';

const healthy = loadFixture('healthy-two-node.json');
const SUB_A = 'node_a:sub_node_a_node_b';
const SUB_B = 'node_b:sub_node_b_node_a';

ruleCases(bidirectionalMesh, [
  { name: 'both directions subscribed passes', snapshot: healthy, expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' } },
  {
    name: 'a missing direction fails with the create_subscription call',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_b').pglogical!.subscriptions = [])),
    expect: {
      'node_a->node_b': 'pass',
      'node_b->node_a': {
        outcome: 'fail',
        help: [/create_subscription\(subscription_name := 'sub_node_b_node_a'.*forward_origins := '\{\}'/],
      },
    },
  },
  {
    name: 'a disabled subscription fails',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_a').pglogical!.subscriptions[0]!.enabled = false)),
    expect: { 'node_a->node_b': { outcome: 'fail', help: [/alter_subscription_enable\('sub_node_a_node_b'\)/] }, 'node_b->node_a': 'pass' },
  },
]);

ruleCases(slotHealth, [
  { name: 'active slots pass', snapshot: healthy, expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' } },
  {
    name: 'a dropped provider slot fails',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_b').slots = [])),
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        severity: 'error',
        message: [/needs slot pgl_appdb_node_b_sub_node_a_node_b on node_b, which does not exist there \(slots there: none\)/],
      },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'an inactive slot and a slot holding much WAL are warnings',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_b').slots![0]!.active = false;
      sql(s, 'node_a').slots![0]!.retainedBytes = 5 * 1024 ** 3;
    }),
    expect: {
      [SUB_A]: { outcome: 'fail', severity: 'warning', message: [/no walsender uses it/] },
      [SUB_B]: { outcome: 'fail', severity: 'warning', message: [/retains 5120\.0 MiB/] },
    },
  },
]);

ruleCases(subscriptionStatus, [
  { name: 'replicating passes', snapshot: healthy, expect: { [SUB_A]: 'pass', [SUB_B]: 'pass' } },
  {
    name: 'down with an exhausted worker budget names the budget',
    snapshot: loadFixture('worker-budget-exhausted.json'),
    expect: {
      [SUB_A]: 'pass',
      [SUB_B]: {
        outcome: 'fail',
        message: [/is down; most likely cause: worker budget exhausted \(postgres\/worker-budget:/],
        help: [/max_worker_processes --value "11"/],
      },
    },
  },
  {
    name: 'down with the provider refusing pglogical_output names the output plugin',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'output_plugin_libraries', 'pgoutput, test_decoding');
      sql(s, 'node_b').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: { [SUB_A]: 'pass', [SUB_B]: { outcome: 'fail', message: [/most likely cause: output plugin refused by the provider/] } },
  },
  {
    name: 'down behind an NSG deny names the NSG rule',
    snapshot: withOverrides(healthy, (s) => {
      NETWORK_VARIANTS.find((v) => v.name === 'nsg-deny-above-allow')!.mutate(s);
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        message: [
          /most likely cause: NSG deny \(network\/nsg-allows-5432: node_a -> node_b: TCP 5432 denied by NSG nsg-pg-westus rule deny-pg/,
        ],
      },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'a route through a virtual appliance is only a possible cause, named when nothing definite is found',
    snapshot: withOverrides(healthy, (s) => {
      NETWORK_VARIANTS.find((v) => v.name === 'udr-virtual-appliance')!.mutate(s);
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        message: [/most likely cause: possibly the virtual appliance the traffic is routed through \(network\/route-to-peer/],
      },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'a definite cause outranks a possible one',
    snapshot: withOverrides(healthy, (s) => {
      NETWORK_VARIANTS.find((v) => v.name === 'udr-virtual-appliance')!.mutate(s);
      sql(s, 'node_b').slots = [];
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: {
      [SUB_A]: { outcome: 'fail', message: [/most likely cause: provider slot missing .*; also possibly the virtual appliance/] },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'down with the slot gone names the slot',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_b').slots = [];
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: { [SUB_A]: { outcome: 'fail', message: [/most likely cause: provider slot missing/] }, [SUB_B]: 'pass' },
  },
  {
    name: 'down with the slot lost (wal_status lost) names the lost slot',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_b').slots![0]!.walStatus = 'lost';
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: {
      [SUB_A]: { outcome: 'fail', message: [/most likely cause: provider slot lost \(the WAL it needs was removed\)/] },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'down with the provider stopped names the stopped server first',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_b').state = 'Stopped';
      sql(s, 'node_b').slots = [];
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: {
      [SUB_A]: {
        outcome: 'fail',
        message: [
          /most likely cause: the provider is not running, or is a read replica \(azure\/server-state: .*; also provider slot missing/,
        ],
      },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'down with no cause in the facts says so and points at the log',
    snapshot: withOverrides(healthy, (s) => (sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down')),
    expect: {
      [SUB_A]: { outcome: 'fail', message: [/none found in the facts of this run/], help: [/PostgreSQL log of node_a/] },
      [SUB_B]: 'pass',
    },
  },
  {
    name: 'an idle provider slot is a symptom of the downed subscription, not its cause',
    snapshot: withOverrides(healthy, (s) => {
      for (const slot of sql(s, 'node_b').slots ?? []) slot.active = false;
      sql(s, 'node_b').replication = [];
      sql(s, 'node_a').pglogical!.subscriptions[0]!.status = 'down';
    }),
    expect: { [SUB_A]: { outcome: 'fail', message: [/none found in the facts of this run/], evidence: { causes: [] } }, [SUB_B]: 'pass' },
  },
  {
    name: 'disabled and initializing are reported as such',
    snapshot: withOverrides(healthy, (s) => {
      Object.assign(sql(s, 'node_a').pglogical!.subscriptions[0]!, { enabled: false, status: 'disabled' });
      sql(s, 'node_b').pglogical!.subscriptions[0]!.status = 'initializing';
    }),
    expect: { [SUB_A]: { outcome: 'fail', message: [/is disabled/] }, [SUB_B]: { outcome: 'fail', severity: 'warning' } },
  },
]);

test('subscription-status finds its cause even when only it is selected (--rule)', () => {
  const results = evaluate(loadFixture('worker-budget-exhausted.json'), RULES, { only: ['pglogical/subscription-status'] });
  assert.deepEqual(
    results.map((r) => r.ruleId),
    ['pglogical/subscription-status', 'pglogical/subscription-status'],
  );
  assert.match(results[1]!.message, /worker budget exhausted/);
});
