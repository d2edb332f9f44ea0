import rule from '../../../rules/postgres/replication-capacity.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, setSetting, withOverrides } from '../../helpers/snapshots.js';

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
]);
