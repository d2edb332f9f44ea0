// The server parameters replication between the nodes depends on, in one table: the SQL collector reads
// all of them (and every pglogical.* setting); `replication` ones decide whether pglogical can run, so a
// pending restart of one matters; `restart` ones PostgreSQL reads only at start (pg_settings.context =
// postmaster), so changing them needs a restart.
interface Parameter {
  name: string;
  replication: boolean;
  restart: boolean;
}

const PARAMETERS: readonly Parameter[] = [
  { name: 'wal_level', replication: true, restart: true },
  { name: 'shared_preload_libraries', replication: true, restart: true },
  { name: 'max_worker_processes', replication: true, restart: true },
  { name: 'max_replication_slots', replication: true, restart: true },
  { name: 'max_wal_senders', replication: true, restart: true },
  { name: 'max_logical_replication_workers', replication: true, restart: true },
  { name: 'track_commit_timestamp', replication: true, restart: true },
  { name: 'azure.extensions', replication: true, restart: false },
  { name: 'pglogical.conflict_resolution', replication: true, restart: false },
  { name: 'max_sync_workers_per_subscription', replication: false, restart: false },
  { name: 'max_parallel_workers', replication: false, restart: false },
  { name: 'max_parallel_workers_per_gather', replication: false, restart: false },
  { name: 'max_slot_wal_keep_size', replication: false, restart: false },
  { name: 'wal_keep_size', replication: false, restart: false },
  { name: 'output_plugin_libraries', replication: false, restart: false },
];

/** Every parameter of the table: what the SQL collector reads from pg_settings. */
export const COLLECTED_PARAMETERS: readonly string[] = PARAMETERS.map((p) => p.name);

/** Server parameters that decide whether pglogical can run; a pending restart of any of them matters. */
export const REPLICATION_PARAMETERS: readonly string[] = PARAMETERS.filter((p) => p.replication).map((p) => p.name);

/** Parameters PostgreSQL reads only at start: changing them needs a restart. */
export const RESTART_PARAMETERS: ReadonlySet<string> = new Set(PARAMETERS.filter((p) => p.restart).map((p) => p.name));
