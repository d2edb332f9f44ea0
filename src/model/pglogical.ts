// pglogical facts shared by several rules.
import type { SettingsView } from './settings.js';

/** pglogical's default when the GUC is not set (pglogical.c: conflict_resolution = apply_remote). */
export const DEFAULT_CONFLICT_RESOLUTION = 'apply_remote';

/** Modes that compare commit timestamps and so need track_commit_timestamp. */
export const TIMESTAMP_CONFLICT_MODES = new Set(['last_update_wins', 'first_update_wins']);

export function conflictResolution(settings: SettingsView): string {
  return settings.get('pglogical.conflict_resolution')?.value.trim().toLowerCase() || DEFAULT_CONFLICT_RESOLUTION;
}

/** Server parameters that decide whether pglogical can run; a pending restart of any of them matters. */
export const REPLICATION_PARAMETERS = [
  'wal_level',
  'shared_preload_libraries',
  'max_worker_processes',
  'max_replication_slots',
  'max_wal_senders',
  'max_logical_replication_workers',
  'track_commit_timestamp',
  'azure.extensions',
  'pglogical.conflict_resolution',
] as const;
