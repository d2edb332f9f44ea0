import rule from '../../../rules/postgres/replication-capacity.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import {
  loadFixture,
  removeSetting,
  savePendingRestart,
  server,
  setSetting,
  sql,
  withOverrides,
  withoutSql,
} from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  {
    name: 'ten slots and senders cover one subscriber, its resync and the HA standby',
    snapshot: healthy,
    expect: { node_a: { outcome: 'pass', evidence: { need: 3 } }, node_b: 'pass' },
  },
  {
    name: 'too few WAL senders fails and names only the short limit',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'max_wal_senders', '2')),
    expect: {
      node_a: { outcome: 'fail', message: [/needs 3/, /max_wal_senders = 2/], help: [/--name max_wal_senders --value "3"/] },
      node_b: 'pass',
    },
  },
  {
    name: 'read replicas and HA add to the need',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_b').readReplicaCount = 3;
      setSetting(s, 'node_b', 'max_replication_slots', '5');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', message: [/read replicas \(3\)/, /needs 6/, /max_replication_slots = 5/] } },
  },
  {
    name: 'without HA the need drops by one',
    snapshot: withOverrides(healthy, (s) => {
      server(s, 'node_a').highAvailability = { mode: 'Disabled' };
      setSetting(s, 'node_a', 'max_replication_slots', '2');
      setSetting(s, 'node_a', 'max_wal_senders', '2');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { need: 2 } }, node_b: 'pass' },
  },
  {
    name: 'exactly the need passes (3 slots and senders for one subscriber, its resync and HA)',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'max_replication_slots', '3');
      setSetting(s, 'node_a', 'max_wal_senders', '3');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { need: 3, max_replication_slots: 3, max_wal_senders: 3 } }, node_b: 'pass' },
  },
  {
    name: 'one slot short fails and names only max_replication_slots',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'max_replication_slots', '2')),
    expect: { node_a: { outcome: 'fail', message: [/max_replication_slots = 2$/] }, node_b: 'pass' },
  },
  {
    name: 'a limit reported by no source never passes: it fails as not reported, at error severity',
    snapshot: withOverrides(healthy, (s) => removeSetting(s, 'node_a', 'max_wal_senders')),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/max_wal_senders = not reported/],
        help: [/--name max_wal_senders --value "3"/],
        evidence: { max_wal_senders: null },
      },
      node_b: 'pass',
    },
  },
  // Wrong before: ARM's saved values passed while the server waits for a restart and runs with others.
  {
    name: 'enough slots saved but waiting for a restart (ARM only): could not check, never a pass',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'max_replication_slots', '10');
    }),
    expect: {
      node_a: {
        outcome: 'error',
        message: [
          /max_replication_slots on node_a is saved as 10 \(from arm\), not in effect until a restart/,
          /restart --resource-group rg-pg-eastus --name pg-app-a/,
        ],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'too few slots saved and waiting for a restart (ARM only): fails, short after the restart too',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'max_wal_senders', '2');
    }),
    expect: {
      node_a: { outcome: 'fail', severity: 'error', message: [/max_wal_senders = saved as 2 \(from arm\), not in effect until a restart/] },
      node_b: 'pass',
    },
  },
  {
    name: 'over SQL a pending restart does not hide the running value: 10 passes',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').settings.max_wal_senders!.pendingRestart = true;
      savePendingRestart(s, 'node_a', 'max_wal_senders', '2');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { max_wal_senders: 10 } }, node_b: 'pass' },
  },
]);
