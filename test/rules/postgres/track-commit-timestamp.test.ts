import rule from '../../../rules/postgres/track-commit-timestamp.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, setSetting, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'on everywhere passes', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'off with last_update_wins is an error',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'track_commit_timestamp', 'off')),
    expect: {
      node_a: { outcome: 'fail', severity: 'error', message: [/last_update_wins/], help: [/--name track_commit_timestamp --value "on"/] },
      node_b: 'pass',
    },
  },
  {
    name: 'off with first_update_wins is an error',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
      setSetting(s, 'node_b', 'pglogical.conflict_resolution', 'first_update_wins');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'error', message: [/first_update_wins/] } },
  },
  {
    name: 'off with apply_remote is a warning',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
      setSetting(s, 'node_b', 'pglogical.conflict_resolution', 'apply_remote');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'warning', message: [/apply_remote/] } },
  },
  {
    name: 'off with pglogical.conflict_resolution unset uses the default apply_remote: warning',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'track_commit_timestamp', 'off');
      removeSetting(s, 'node_a', 'pglogical.conflict_resolution');
    }),
    expect: { node_a: { outcome: 'fail', severity: 'warning', evidence: { 'pglogical.conflict_resolution': 'apply_remote' } }, node_b: 'pass' },
  },
]);
