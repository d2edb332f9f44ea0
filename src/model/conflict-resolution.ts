// How pglogical resolves an UPDATE/INSERT conflict, and what that needs from track_commit_timestamp.
// Source: 2ndQuadrant/pglogical pglogical_conflict.c (try_resolve_conflict, conflict_resolve_by_timestamp,
// get_tuple_origin, pglogical_conflict_resolver_check_hook) and pglogical.c (the GUC definition).
import { parseBool, savedNotRunning, type SettingsView } from './settings.js';

/**
 * The only modes pglogical_conflict_resolver_check_hook accepts while track_commit_timestamp is off:
 * keep_local, last_update_wins and first_update_wins are refused ("track_commit_timestamp is off").
 */
export const MODES_WITHOUT_COMMIT_TIMESTAMPS: ReadonlySet<string> = new Set(['apply_remote', 'error']);

export function needsCommitTimestamps(mode: string): boolean {
  return !MODES_WITHOUT_COMMIT_TIMESTAMPS.has(mode);
}

/**
 * Modes that do not converge when two nodes change the same row: try_resolve_conflict applies the
 * remote row unconditionally (apply_remote: the nodes swap versions) or keeps the local one
 * (keep_local: each keeps its own). The timestamp modes pick the same winner on every node.
 */
export const DIVERGING_MODES: Readonly<Record<string, string>> = {
  apply_remote: "each node applies the other's version, so they swap",
  keep_local: 'each node keeps its own version',
};

export type CommitTimestamps =
  | { state: 'on' }
  /** Off now, or saved as off for the next restart: either way a time will come when it is off. */
  | { state: 'off'; text: string }
  | { state: 'not-reported'; text: string };

/** track_commit_timestamp as a rule may rely on it: the running value, and the saved one when a restart is pending. */
export function commitTimestamps(settings: SettingsView): CommitTimestamps {
  const setting = settings.get('track_commit_timestamp');
  if (!setting) return { state: 'not-reported', text: 'not reported' };
  const value = parseBool(setting.value);
  if (savedNotRunning(setting)) {
    // ARM: a pending restart means the running value is the other one (the parameter is a boolean).
    return value === true
      ? { state: 'off', text: `saved as on (from ${setting.source}) but not in effect until a restart, so the server runs with it off` }
      : { state: 'off', text: `saved as off (from ${setting.source}), in effect at the next restart` };
  }
  if (value === true) return { state: 'on' };
  return { state: 'off', text: value === false ? 'off' : `"${setting.value}"` };
}
