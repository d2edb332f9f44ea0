// The SQL side of a node: settings, workers, pglogical catalogs, slots, roles and the replicated
// tables, read in one read-only session. Passwords in pglogical DSNs are removed here, before the
// facts leave the collector.
import pg from 'pg';
import type { PostgresFacts, SliceError, SliceOf } from '../../snapshot/types.js';
import { parseDsn, redactDsn, redactSecrets } from '../../util/dsn.js';
import { COLLECTED_PARAMETERS } from '../../model/parameters.js';

/** Server process types that are not background workers of extensions. */
const CORE_BACKENDS = [
  'client backend',
  'autovacuum launcher',
  'autovacuum worker',
  'walsender',
  'walreceiver',
  'checkpointer',
  'background writer',
  'walwriter',
  'startup',
  'archiver',
  'stats collector',
];

/** `json_agg` over a subquery, `[]` when it has no rows: many reads in one statement. */
const agg = (select: string) => `COALESCE((SELECT json_agg(x) FROM (${select}) x), '[]')`;

/**
 * Round trip 1: everything outside pglogical's schema. $1 = settings, $2 = core process types.
 * Roles are read whole (they are few): which of them the DSNs name is known only after round trip 2.
 */
const SERVER_SQL = `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num, session_user,
  -- The view runs a function whose EXECUTE is revoked too: both grants are needed.
  has_table_privilege('pg_catalog.pg_file_settings', 'SELECT') AND has_function_privilege('pg_catalog.pg_show_all_file_settings()', 'EXECUTE') AS file_settings_readable,
  ${agg("SELECT name, setting, unit, pending_restart, source FROM pg_settings WHERE name = ANY($1) OR name LIKE 'pglogical.%' ORDER BY name")} AS settings,
  ${agg('SELECT datname, datallowconn FROM pg_database ORDER BY datname')} AS databases,
  ${agg('SELECT backend_type, datname, count(*) AS n FROM pg_stat_activity WHERE backend_type IS NULL OR NOT (backend_type = ANY($2)) GROUP BY 1, 2 ORDER BY 1, 2')} AS workers,
  ${agg('SELECT extname, extversion FROM pg_extension ORDER BY extname')} AS extensions,
  ${agg('SELECT slot_name, plugin, slot_type, database, active, pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, restart_lsn) AS retained, wal_status FROM pg_replication_slots ORDER BY slot_name')} AS slots,
  ${agg('SELECT application_name, state FROM pg_stat_replication ORDER BY application_name')} AS replication,
  ${agg(`SELECT r.rolname, r.rolcanlogin, r.rolreplication, r.rolsuper,
            ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1) AS member_of
           FROM pg_roles r WHERE r.rolname !~ '^pg_' ORDER BY r.rolname`)} AS roles,
  ${agg(`SELECT n.nspname AS schema, c.relname AS name, c.relreplident::text AS relreplident,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indrelid = c.oid AND i.indisprimary) AS pk,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident) AS has_ri_index,
            COALESCE((SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
               FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pglogical') AND n.nspname NOT LIKE 'pg\\_%'
          ORDER BY 1, 2`)} AS tables,
  ${agg(`SELECT n.nspname AS schema, c.relname AS name, a.attname AS column,
            (SELECT sn.nspname || '.' || sc.relname FROM pg_class sc JOIN pg_namespace sn ON sn.oid = sc.relnamespace WHERE sc.oid = s.seqrelid) AS sequence,
            s.seqstart AS start, s.seqincrement AS increment, s.seqmin::text AS min, s.seqmax::text AS max, a.attidentity <> '' AS identity
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
           JOIN pg_depend d ON d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
           JOIN pg_sequence s ON s.seqrelid = d.objid
          ORDER BY 1, 2, 3`)} AS generators`;

/**
 * pg_file_settings (superusers, or granted) shows configured values the server refused, e.g.
 * pglogical.conflict_resolution = last_update_wins while track_commit_timestamp is off. $1 = settings.
 */
const REFUSED_SETTINGS_SQL = agg(
  "SELECT name, setting, error FROM pg_file_settings WHERE error IS NOT NULL AND (name = ANY($1) OR name LIKE 'pglogical.%') ORDER BY seqno",
);

/** pglogical's catalogs, only where the extension is installed. */
const PGLOGICAL_SQL = `
  (SELECT n.node_name FROM pglogical.local_node l JOIN pglogical.node n ON n.node_id = l.node_id) AS local_node,
  ${agg('SELECT n.node_name, i.if_name, i.if_dsn FROM pglogical.node_interface i JOIN pglogical.node n ON n.node_id = i.if_nodeid ORDER BY 1, 2')} AS interfaces,
  ${agg(`SELECT s.sub_name, s.sub_enabled, s.sub_slot_name, s.sub_replication_sets, s.sub_forward_origins,
            o.node_name AS provider_node, oi.if_dsn AS provider_dsn, st.status,
            (SELECT ss.sync_status::text FROM pglogical.local_sync_status ss WHERE ss.sync_subid = s.sub_id AND ss.sync_relname IS NULL) AS sync_status,
            (SELECT count(*) FROM pglogical.local_sync_status ss WHERE ss.sync_subid = s.sub_id AND ss.sync_relname IS NOT NULL AND ss.sync_status <> 'r') AS tables_syncing
           FROM pglogical.subscription s
           JOIN pglogical.node o ON o.node_id = s.sub_origin
           JOIN pglogical.node_interface oi ON oi.if_id = s.sub_origin_if
           LEFT JOIN pglogical.show_subscription_status() st ON st.subscription_name = s.sub_name
          ORDER BY s.sub_name`)} AS subscriptions,
  ${agg(`SELECT rs.set_name, rs.replicate_insert, rs.replicate_update, rs.replicate_delete, rs.replicate_truncate,
            ARRAY(SELECT n.nspname || '.' || c.relname FROM pglogical.replication_set_table t JOIN pg_class c ON c.oid = t.set_reloid
                    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.set_id = rs.set_id ORDER BY 1) AS tables
           FROM pglogical.replication_set rs JOIN pglogical.local_node l ON l.node_id = rs.set_nodeid ORDER BY rs.set_name`)} AS sets,
  ${agg(`SELECT s.sub_name, ss.sync_nspname || '.' || ss.sync_relname AS tbl, ss.sync_status::text AS sync_status
           FROM pglogical.local_sync_status ss JOIN pglogical.subscription s ON s.sub_id = ss.sync_subid
          WHERE ss.sync_relname IS NOT NULL ORDER BY 1, 2`)} AS table_sync`;

interface ServerRow {
  version: string;
  num: string;
  session_user: string;
  file_settings_readable: boolean;
  settings: { name: string; setting: string; unit: string | null; pending_restart: boolean; source: string }[];
  databases: { datname: string; datallowconn: boolean }[];
  workers: { backend_type: string | null; datname: string | null; n: number }[];
  extensions: { extname: string; extversion: string }[];
  slots: {
    slot_name: string;
    plugin: string | null;
    slot_type: string;
    database: string | null;
    active: boolean;
    retained: number | null;
    wal_status: string | null;
  }[];
  replication: { application_name: string; state: string | null }[];
  roles: { rolname: string; rolcanlogin: boolean; rolreplication: boolean; rolsuper: boolean; member_of: string[] | null }[];
  tables: {
    schema: string;
    name: string;
    relreplident: string;
    pk: string[] | null;
    has_ri_index: boolean;
    columns: { name: string; type: string }[];
  }[];
  generators: {
    schema: string;
    name: string;
    column: string;
    sequence: string;
    start: number;
    increment: number;
    min: string;
    max: string;
    identity: boolean;
  }[];
}

interface CatalogRow {
  refused?: { name: string; setting: string | null; error: string }[];
  local_node?: string | null;
  interfaces?: { node_name: string; if_name: string; if_dsn: string }[];
  subscriptions?: {
    sub_name: string;
    sub_enabled: boolean;
    sub_slot_name: string;
    sub_replication_sets: string[] | null;
    sub_forward_origins: string[] | null;
    provider_node: string;
    provider_dsn: string;
    status: string | null;
    sync_status: string | null;
    tables_syncing: number;
  }[];
  sets?: {
    set_name: string;
    replicate_insert: boolean;
    replicate_update: boolean;
    replicate_delete: boolean;
    replicate_truncate: boolean;
    tables: string[] | null;
  }[];
  table_sync?: { sub_name: string; tbl: string; sync_status: string }[];
}

/** Everything the rules read from one node, in two round trips (the second only when it has something to read). */
export async function readPostgresFacts(client: pg.Client): Promise<PostgresFacts> {
  const server = (await client.query<ServerRow>(SERVER_SQL, [COLLECTED_PARAMETERS, CORE_BACKENDS])).rows[0]!;
  const pglogicalVersion = server.extensions.find((e) => e.extname === 'pglogical')?.extversion;
  const parts = [
    ...(server.file_settings_readable ? [`${REFUSED_SETTINGS_SQL} AS refused`] : []),
    ...(pglogicalVersion ? [PGLOGICAL_SQL] : []),
  ];
  const catalogs: CatalogRow = parts.length
    ? (await client.query<CatalogRow>(`SELECT ${parts.join(',\n')}`, server.file_settings_readable ? [COLLECTED_PARAMETERS] : [])).rows[0]!
    : {};
  const pglogical = pglogicalVersion ? pglogicalFacts(catalogs, pglogicalVersion) : { installed: false, subscriptions: [] };
  const usersOfInterest = dsnUsers(server.session_user, catalogs);
  return {
    serverVersion: server.version,
    serverVersionNum: Number(server.num),
    sessionUser: server.session_user,
    settings: settingFacts(server.settings, catalogs.refused ?? []),
    databases: server.databases.map((d) => ({ name: d.datname, allowConnections: d.datallowconn })),
    // Without pg_monitor (pg_read_all_stats) other users' processes show no backend_type: then the
    // workers are left out rather than reported as absent, and the rules fall back to estimates.
    ...(server.workers.some((w) => w.backend_type === null)
      ? {}
      : {
          backgroundWorkers: server.workers.map((w) => ({
            backendType: w.backend_type ?? '', // none is null here (checked above)
            ...(w.datname ? { database: w.datname } : {}),
            count: w.n,
          })),
        }),
    extensions: server.extensions.map((e) => ({ name: e.extname, version: e.extversion })),
    slots: server.slots.map(slotFact),
    replication: server.replication.map((r) => ({ applicationName: r.application_name, state: r.state ?? 'unknown' })),
    pglogical,
    roles: server.roles
      .filter((r) => r.rolcanlogin || usersOfInterest.has(r.rolname))
      .map((r) => ({
        name: r.rolname,
        canLogin: r.rolcanlogin,
        replication: r.rolreplication,
        superuser: r.rolsuper,
        memberOf: r.member_of ?? [],
      })),
    tables: server.tables.map((r) => tableFact(r, server.generators)),
  };
}

/** The roles worth reporting besides the logins: the session user and every user a pglogical DSN names (even without LOGIN). */
function dsnUsers(sessionUser: string, catalogs: CatalogRow): Set<string> {
  const users = new Set([sessionUser]);
  for (const dsn of [...(catalogs.interfaces ?? []).map((i) => i.if_dsn), ...(catalogs.subscriptions ?? []).map((s) => s.provider_dsn)]) {
    try {
      const user = parseDsn(dsn).user;
      if (user) users.add(user);
    } catch {
      // unparsable DSNs are reported by pglogical/dsn-host
    }
  }
  return users;
}

function settingFacts(settings: ServerRow['settings'], refused: NonNullable<CatalogRow['refused']>): PostgresFacts['settings'] {
  return Object.fromEntries(
    settings.map((s) => {
      // A restart-only parameter changed in the file shows the same error until the restart:
      // that is a pending restart, not a refusal.
      const refusal = s.pending_restart
        ? undefined
        : refused.filter((r): r is typeof r & { setting: string } => r.name === s.name && r.setting !== null).pop();
      return [
        s.name,
        {
          value: s.setting,
          ...(s.unit ? { unit: s.unit } : {}),
          pendingRestart: s.pending_restart,
          source: s.source,
          ...(refusal ? { rejected: { value: refusal.setting, error: refusal.error } } : {}),
        },
      ];
    }),
  );
}

function slotFact(s: ServerRow['slots'][number]): NonNullable<PostgresFacts['slots']>[number] {
  return {
    name: s.slot_name,
    ...(s.plugin ? { plugin: s.plugin } : {}),
    slotType: s.slot_type,
    ...(s.database ? { database: s.database } : {}),
    active: s.active,
    ...(s.retained !== null ? { retainedBytes: s.retained } : {}),
    ...(s.wal_status ? { walStatus: s.wal_status } : {}),
  };
}

function tableFact(r: ServerRow['tables'][number], generators: ServerRow['generators']): NonNullable<PostgresFacts['tables']>[number] {
  const gens = generators.filter((g) => g.schema === r.schema && g.name === r.name);
  return {
    schema: r.schema,
    name: r.name,
    replicaIdentity: r.relreplident,
    ...(r.pk ? { primaryKey: r.pk } : {}),
    hasReplicaIdentityIndex: r.has_ri_index,
    columns: r.columns,
    ...(gens.length
      ? {
          keyGenerators: gens.map((g) => ({
            column: g.column,
            sequence: g.sequence,
            start: g.start,
            increment: g.increment,
            min: g.min,
            max: g.max,
            identity: g.identity,
          })),
        }
      : {}),
  };
}

/** pglogical's catalogs as facts; DSN passwords are removed here, before anything leaves the collector. */
function pglogicalFacts(c: CatalogRow, version: string): NonNullable<PostgresFacts['pglogical']> {
  return {
    installed: true,
    version,
    ...(c.local_node ? { localNode: c.local_node } : {}),
    nodeInterfaces: (c.interfaces ?? []).map((i) => ({ node: i.node_name, name: i.if_name, dsn: redactDsn(i.if_dsn) })),
    subscriptions: (c.subscriptions ?? []).map((s) => ({
      name: s.sub_name,
      enabled: s.sub_enabled,
      status: s.status ?? 'unknown',
      providerNode: s.provider_node,
      providerDsn: redactDsn(s.provider_dsn),
      slotName: s.sub_slot_name,
      replicationSets: s.sub_replication_sets ?? [],
      forwardOrigins: s.sub_forward_origins ?? [],
      ...(s.sync_status ? { syncStatus: s.sync_status } : {}),
      tablesSyncing: s.tables_syncing,
    })),
    replicationSets: (c.sets ?? []).map((r) => ({
      name: r.set_name,
      replicateInsert: r.replicate_insert,
      replicateUpdate: r.replicate_update,
      replicateDelete: r.replicate_delete,
      replicateTruncate: r.replicate_truncate,
      tables: r.tables ?? [],
    })),
    tableSync: (c.table_sync ?? []).map((t) => ({ subscription: t.sub_name, table: t.tbl, status: t.sync_status })),
  };
}

/** Connection and query failures as facts: one line, the server named, never a password. */
export function pgError(err: unknown, where: string, timeoutSeconds: number, user?: string): SliceError {
  const e = err as { code?: string; message?: string };
  const message = redactSecrets((e.message ?? String(err)).split('\n')[0]!);
  if (
    e.code === '42501' &&
    /pglogical|for (table|view|function) (local_node|node|node_interface|subscription|replication_set\w*|local_sync_status|show_subscription_status)\b/.test(
      message,
    )
  ) {
    const role = user ? `"${user}"` : '<role>';
    return {
      code: 'permission-denied',
      message: `${where}: ${message}; the role needs: GRANT USAGE ON SCHEMA pglogical TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO ${role};`,
    };
  }
  if (message.includes('client password must be a string')) {
    return {
      code: 'no-password',
      message: `${where}: the server asks for a password and none was given (set the node's passwordEnv, PGPASSWORD or ~/.pgpass)`,
    };
  }
  if (SERVER_WITHOUT_TLS.test(message))
    return {
      code: 'no-tls',
      message: `${where}: the server does not accept TLS; Azure Database for PostgreSQL requires it (sslmode=disable only for a local test server)`,
    };
  if (e.code === 'ECONNREFUSED') return { code: 'connection-refused', message: `${where} refuses connections (ECONNREFUSED)` };
  if (e.code === '28P01' || e.code === '28000') return { code: 'auth-failed', message: `${where}: ${message}` };
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return { code: 'dns', message: `${where}: host name does not resolve (${e.code})` };
  if (/timeout|timed out/i.test(message)) return { code: 'timeout', message: `${where}: no answer within ${timeoutSeconds} s` };
  if (e.code === '3D000') return { code: 'no-database', message: `${where}: ${message}` };
  return { code: e.code ?? 'error', message: `${where}: ${message}` };
}

/** node-postgres's words when the server answers the TLS request with "no". */
const SERVER_WITHOUT_TLS = /does not support SSL/i;

export async function collectPostgres(
  config: pg.ClientConfig,
  where: string,
  connectTimeoutSeconds: number,
  options: { plaintextFallback?: boolean } = {},
): Promise<SliceOf<PostgresFacts>> {
  const first = await readOnce(config, where, connectTimeoutSeconds);
  if (!first.ok && first.error.code === 'no-tls' && options.plaintextFallback && config.ssl) {
    // libpq's sslmode=prefer: TLS first, plain text only from a server that has no TLS at all.
    return readOnce({ ...config, ssl: false }, where, connectTimeoutSeconds);
  }
  return first;
}

async function readOnce(config: pg.ClientConfig, where: string, connectTimeoutSeconds: number): Promise<SliceOf<PostgresFacts>> {
  const client = new pg.Client(config);
  // A connection error after connect() settles is reported through the query that fails.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    // A handshake that failed on the client side (no password to give, say) leaves the socket open
    // until the server's authentication_timeout: close it, or the process lingers for a minute.
    void client.end().catch(() => undefined);
    return { ok: false, error: pgError(err, where, connectTimeoutSeconds) };
  }
  try {
    return { ok: true, data: await readPostgresFacts(client) };
  } catch (err) {
    return { ok: false, error: pgError(err, where, connectTimeoutSeconds, config.user) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
