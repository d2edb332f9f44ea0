import rule from '../../../rules/azure/pending-restart.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { arm, loadFixture, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'nothing pending passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'ARM isConfigPendingRestart on wal_level fails with the restart command',
    snapshot: withOverrides(healthy, (s) => {
      arm(s, 'node_a').wal_level!.isConfigPendingRestart = true;
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        message: [/wal_level/],
        help: [/az postgres flexible-server restart --resource-group rg-pg-eastus --name pg-app-a/],
      },
      node_b: 'pass',
    },
  },
  {
    name: 'SQL pending_restart is seen too, with the running value',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_b').settings.max_worker_processes!.pendingRestart = true;
    }),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        message: [/max_worker_processes \(running 16\)/],
        evidence: { pendingRestart: { max_worker_processes: ['sql'] } },
      },
    },
  },
  {
    name: 'a pending change of an unrelated parameter is ignored',
    snapshot: withOverrides(healthy, (s) => {
      arm(s, 'node_a').max_connections = { value: '500', isConfigPendingRestart: true };
    }),
    expect: { node_a: 'pass', node_b: 'pass' },
  },
  {
    name: 'with SQL unreachable, ARM alone decides',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_b');
      arm(s, 'node_b').shared_preload_libraries!.isConfigPendingRestart = true;
    }),
    expect: {
      node_a: 'pass',
      // ARM knows only the saved value: it must not be called the running one.
      node_b: {
        outcome: 'fail',
        message: [/shared_preload_libraries \(saved as .*pglogical.*, not running until a restart\)/],
        evidence: { pendingRestart: { shared_preload_libraries: ['arm'] } },
      },
    },
  },
]);
