// Server parameters a plan leaves unset take the platform's defaults. The values are what Resource
// Manager reports as `defaultValue` with `source: system-default` (Configurations_ListByServer,
// api-version 2024-08-01: azure-rest-api-specs specification/postgresql/resource-manager/
// Microsoft.DBforPostgreSQL/stable/2024-08-01/examples/ConfigurationListByServer.json, the subset kept
// in /work/shared/arm-examples), which Microsoft documents per parameter in "Server parameters in Azure
// Database for PostgreSQL flexible server"
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-server-parameters) and its
// tables (https://learn.microsoft.com/azure/postgresql/flexible-server/server-parameters-table-*).
// Values that depend on the compute size (max_connections) are not listed: no rule reads them.
import type { ServerParameter } from '../snapshot/types.js';

export interface PlatformDefault {
  value: string;
  /** Where the value comes from. */
  source: string;
}

const ARM_EXAMPLE = 'ConfigurationListByServer.json (2024-08-01) defaultValue, source system-default';

export const PLATFORM_DEFAULTS: Readonly<Record<string, PlatformDefault>> = {
  wal_level: {
    value: 'replica',
    source: `${ARM_EXAMPLE}; docs: server-parameters-table-write-ahead-log-settings (wal_level, default replica)`,
  },
  shared_preload_libraries: {
    value: 'pg_cron,pg_stat_statements',
    source: `${ARM_EXAMPLE}; docs: server-parameters-table-client-connection-defaults---shared-library-preloading`,
  },
  max_worker_processes: { value: '8', source: `${ARM_EXAMPLE}; docs: server-parameters-table-resource-usage---asynchronous-behavior` },
  max_replication_slots: { value: '10', source: `${ARM_EXAMPLE}; docs: server-parameters-table-replication---sending-servers` },
  max_wal_senders: { value: '10', source: `${ARM_EXAMPLE}; docs: server-parameters-table-replication---sending-servers` },
  max_logical_replication_workers: { value: '4', source: `${ARM_EXAMPLE}; docs: server-parameters-table-replication---subscribers` },
  max_sync_workers_per_subscription: { value: '2', source: `${ARM_EXAMPLE}; docs: server-parameters-table-replication---subscribers` },
  track_commit_timestamp: { value: 'off', source: `${ARM_EXAMPLE}; docs: server-parameters-table-replication---sending-servers` },
  'azure.extensions': {
    value: '',
    source: `${ARM_EXAMPLE}: no extension is allow-listed until azure.extensions names it (docs: concepts-extensions, "allow extensions")`,
  },
  'pglogical.conflict_resolution': {
    value: 'apply_remote',
    source: `${ARM_EXAMPLE}; pglogical's own default (pglogical.c, pglogical_conflict_resolution = PGLOGICAL_RESOLVE_APPLY_REMOTE)`,
  },
  hot_standby_feedback: {
    value: 'off',
    source:
      'PostgreSQL default (docs: runtime-config-replication, hot_standby_feedback "The default value is off"), not overridden by Azure (server-parameters-table-replication---standby-servers)',
  },
  max_slot_wal_keep_size: { value: '-1', source: ARM_EXAMPLE },
  logical_decoding_work_mem: { value: '65536', source: ARM_EXAMPLE },
  wal_receiver_timeout: { value: '60000', source: ARM_EXAMPLE },
};

/** The parameters of a server the plan creates: the platform defaults, as ARM would report them. */
export function defaultParameters(): Record<string, ServerParameter> {
  return Object.fromEntries(
    Object.entries(PLATFORM_DEFAULTS).map(([name, d]) => [name, { value: d.value, defaultValue: d.value, source: 'system-default' }]),
  );
}
