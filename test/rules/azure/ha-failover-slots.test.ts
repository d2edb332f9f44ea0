import rule from '../../../rules/azure/ha-failover-slots.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, server, setSetting, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const WITHOUT = 'pg_cron,pg_stat_statements,pglogical';

ruleCases(rule, [
  { name: 'HA with pg_failover_slots and hot_standby_feedback passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'the three-node fixture too',
    snapshot: loadFixture('healthy-three-node.json'),
    expect: { node_a: 'pass', node_b: 'pass', node_c: 'pass' },
  },
  {
    // Before: HA was never looked at; a failover would silently break the peer's subscription.
    name: 'HA on PostgreSQL 15 without pg_failover_slots: warning with the parameter changes',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'shared_preload_libraries', WITHOUT);
      removeSetting(s, 'node_a', 'hot_standby_feedback');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'warning',
        message: [/high availability ZoneRedundant on PostgreSQL 15 without pg_failover_slots .* a failover loses the slots of node_b/],
        help: [
          /--name shared_preload_libraries --value "pg_cron,pg_stat_statements,pglogical,pg_failover_slots" && az postgres flexible-server restart --resource-group rg-pg-eastus --name pg-app-a/,
          /--name hot_standby_feedback --value "on"/,
        ],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'judged from ARM when SQL is unreachable',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_b');
      setSetting(s, 'node_b', 'shared_preload_libraries', WITHOUT, 'arm');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'warning', message: [/\(".*", arm\)/] } },
  },
  {
    name: 'PostgreSQL 17 without pg_failover_slots: warning, pglogical slots are not failover slots',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_a').version = '17';
      setSetting(s, 'node_a', 'shared_preload_libraries', WITHOUT);
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'warning',
        message: [/synchronizes only slots created with failover = true, which pglogical does not request/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'pg_failover_slots loaded but hot_standby_feedback off: warning',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'hot_standby_feedback', 'off')),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'warning', message: [/hot_standby_feedback is off/] } },
  },
  {
    name: 'HA disabled: nothing to fail over to',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_a').highAvailability = { mode: 'Disabled' };
      setSetting(s, 'node_a', 'shared_preload_libraries', WITHOUT);
    }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
]);
