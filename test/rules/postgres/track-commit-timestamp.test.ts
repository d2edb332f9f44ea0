import rule from '../../../rules/postgres/track-commit-timestamp.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, savePendingRestart, setSetting, sql, withOverrides, withoutSql } from '../../helpers/snapshots.js';

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
    name: 'off with apply_remote on every node is a warning',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
      for (const n of ['node_a', 'node_b']) setSetting(s, n, 'pglogical.conflict_resolution', 'apply_remote');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'warning', message: [/apply_remote/] } },
  },
  {
    name: 'off with apply_remote while the peer uses last_update_wins: an error (the mode was likely refused at start)',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
      setSetting(s, 'node_b', 'pglogical.conflict_resolution', 'apply_remote');
    }),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/resolves conflicts with apply_remote while node_a uses last_update_wins/],
        evidence: { peers: { node_a: 'last_update_wins' } },
      },
    },
  },
  {
    name: 'off with pglogical.conflict_resolution unset everywhere uses the default apply_remote: warning',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'track_commit_timestamp', 'off');
      for (const n of ['node_a', 'node_b']) removeSetting(s, n, 'pglogical.conflict_resolution');
    }),
    expect: {
      node_a: { outcome: 'fail', severity: 'warning', evidence: { 'pglogical.conflict_resolution': 'apply_remote' } },
      node_b: 'pass',
    },
  },
  {
    name: 'off, and the configured last_update_wins refused by the server (live value apply_remote): an error naming both',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'track_commit_timestamp', 'off');
      setSetting(s, 'node_a', 'pglogical.conflict_resolution', 'apply_remote');
      const pg = s.nodes.node_a!.postgres!;
      if (pg.ok)
        pg.data.settings['pglogical.conflict_resolution']!.rejected = { value: 'last_update_wins', error: 'setting could not be applied' };
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/refused pglogical.conflict_resolution = last_update_wins/, /resolves conflicts with apply_remote/],
        evidence: { configuredButRefused: 'last_update_wins' },
      },
      node_b: 'pass',
    },
  },
  {
    name: 'keep_local is refused too while track_commit_timestamp is off (pglogical 2.x accepts only apply_remote and error)',
    snapshot: withOverrides(healthy, (s) => {
      for (const n of ['node_a', 'node_b']) setSetting(s, n, 'pglogical.conflict_resolution', 'keep_local');
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
      setSetting(s, 'node_b', 'pglogical.conflict_resolution', 'apply_remote');
      const pg = s.nodes.node_b!.postgres!;
      if (pg.ok)
        pg.data.settings['pglogical.conflict_resolution']!.rejected = { value: 'keep_local', error: 'setting could not be applied' };
    }),
    expect: {
      node_a: 'pass',
      node_b: { outcome: 'fail', severity: 'error', message: [/refused pglogical.conflict_resolution = keep_local/] },
    },
  },
  {
    name: 'a peer on keep_local shows what this node was meant to run',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'pglogical.conflict_resolution', 'keep_local');
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
      setSetting(s, 'node_b', 'pglogical.conflict_resolution', 'apply_remote');
    }),
    expect: { node_a: 'pass', node_b: { outcome: 'fail', severity: 'error', message: [/while node_a uses keep_local/] } },
  },
  // Wrong before: from ARM (no SQL) keep_local is the saved value; it was not seen as needing timestamps,
  // and the message claimed "different winners" while both nodes use keep_local.
  {
    name: 'keep_local on every node, track_commit_timestamp off (ARM only): an error naming keep_local, no "different winners"',
    snapshot: withOverrides(healthy, (s) => {
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'keep_local'));
      withoutSql(s, 'node_b');
      setSetting(s, 'node_b', 'track_commit_timestamp', 'off');
    }),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/pglogical.conflict_resolution = keep_local: pglogical accepts only apply_remote or error/, /^(?!.*different winners)/],
      },
    },
  },
  // Wrong before: ARM's saved "on" passed while the server waits for a restart and runs with it off.
  {
    name: 'saved as on but waiting for a restart (ARM only), with last_update_wins: an error, not a pass',
    snapshot: withOverrides(healthy, (s) => {
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'track_commit_timestamp', 'on');
    }),
    expect: {
      node_a: {
        outcome: 'fail',
        severity: 'error',
        message: [/saved as on \(from arm\) but not in effect until a restart, so the server runs with it off/],
        evidence: { running: null },
      },
      node_b: 'pass',
    },
  },
  {
    name: 'saved as off for the next restart (ARM only) with apply_remote everywhere: the warning, as for off',
    snapshot: withOverrides(healthy, (s) => {
      ['node_a', 'node_b'].forEach((n) => setSetting(s, n, 'pglogical.conflict_resolution', 'apply_remote'));
      withoutSql(s, 'node_a');
      savePendingRestart(s, 'node_a', 'track_commit_timestamp', 'off');
    }),
    expect: {
      node_a: { outcome: 'fail', severity: 'warning', message: [/saved as off \(from arm\), in effect at the next restart/] },
      node_b: 'pass',
    },
  },
  {
    name: 'over SQL a pending restart does not hide the running value: on (pg_settings.setting) passes',
    snapshot: withOverrides(healthy, (s) => {
      sql(s, 'node_a').settings.track_commit_timestamp!.pendingRestart = true;
      savePendingRestart(s, 'node_a', 'track_commit_timestamp', 'off');
    }),
    expect: { node_a: { outcome: 'pass', evidence: { source: 'sql', running: 'on' } }, node_b: 'pass' },
  },
]);
