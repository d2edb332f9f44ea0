// The snapshot: the single typed, versioned record of every fact the rules read.
// Defined once with TypeBox so the TypeScript types and the shipped JSON Schema cannot drift apart.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SNAPSHOT_VERSION } from './version.js';
import { DnsAnswer, NetworkSecurityGroup, PrivateDnsZone, PrivateEndpoint, RouteTable, Subnet, VirtualNetwork } from './network-types.js';

export { SNAPSHOT_VERSION } from './version.js';

/** A fact slice is a fact even when collection failed: rules that need it report `error`, never `pass`. */
export const SliceError = Type.Object(
  {
    code: Type.String({ description: 'machine-readable reason, e.g. forbidden, not-found, timeout, auth-failed' }),
    message: Type.String({ description: 'one line, already redacted' }),
  },
  { additionalProperties: false },
);
export type SliceError = Static<typeof SliceError>;

export const Slice = <T extends TSchema>(data: T) =>
  Type.Union([
    Type.Object({ ok: Type.Literal(true), data }, { additionalProperties: false }),
    Type.Object({ ok: Type.Literal(false), error: SliceError }, { additionalProperties: false }),
  ]);
export type SliceOf<T> = { ok: true; data: T } | { ok: false; error: SliceError };

// ---------- Azure Resource Manager facts (normalised from the REST shape, `properties` flattened) ----------

export const PrivateEndpointConnection = Type.Object({
  id: Type.String(),
  privateEndpointId: Type.Optional(Type.String()),
  status: Type.Optional(Type.String({ description: 'Approved | Pending | Rejected | Disconnected' })),
  groupIds: Type.Optional(Type.Array(Type.String())),
});

export const FlexibleServer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  location: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  minorVersion: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  fullyQualifiedDomainName: Type.Optional(Type.String()),
  administratorLogin: Type.Optional(Type.String()),
  network: Type.Object({
    publicNetworkAccess: Type.Optional(Type.String({ description: 'Enabled | Disabled' })),
    delegatedSubnetResourceId: Type.Optional(Type.String()),
    privateDnsZoneArmResourceId: Type.Optional(Type.String()),
  }),
  highAvailability: Type.Optional(
    Type.Object({
      mode: Type.String({ description: 'Disabled | SameZone | ZoneRedundant' }),
      state: Type.Optional(Type.String()),
    }),
  ),
  replicationRole: Type.Optional(Type.String()),
  /** Read replicas of this server, when the collector listed them. */
  readReplicaCount: Type.Optional(Type.Integer({ minimum: 0 })),
  privateEndpointConnections: Type.Optional(Type.Array(PrivateEndpointConnection)),
});
export type FlexibleServer = Static<typeof FlexibleServer>;

/** One server parameter as ARM reports it (Configurations_ListByServer). */
export const ServerParameter = Type.Object({
  value: Type.String(),
  defaultValue: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  isDynamicConfig: Type.Optional(Type.Boolean()),
  isReadOnly: Type.Optional(Type.Boolean()),
  isConfigPendingRestart: Type.Optional(Type.Boolean()),
  unit: Type.Optional(Type.String()),
});
export type ServerParameter = Static<typeof ServerParameter>;

export const FirewallRule = Type.Object({
  name: Type.String(),
  startIpAddress: Type.String(),
  endIpAddress: Type.String(),
});

export const AzureNodeFacts = Type.Object({
  server: Slice(FlexibleServer),
  parameters: Type.Optional(Slice(Type.Record(Type.String(), ServerParameter))),
  firewallRules: Type.Optional(Slice(Type.Array(FirewallRule))),
  /** Database names (Databases_ListByServer): counts pglogical managers when SQL is unavailable. */
  databases: Type.Optional(Slice(Type.Array(Type.String()))),
});
export type AzureNodeFacts = Static<typeof AzureNodeFacts>;

// ---------- PostgreSQL facts (from one read-only SQL session per node) ----------

/** One row of pg_settings, reduced to what rules read. */
export const PgSetting = Type.Object({
  value: Type.String({ description: 'pg_settings.setting (unit-less, as PostgreSQL stores it)' }),
  unit: Type.Optional(Type.String()),
  pendingRestart: Type.Optional(Type.Boolean()),
  source: Type.Optional(Type.String()),
  /** A value the configuration files ask for that the server refused (pg_file_settings.error), e.g. a mode whose prerequisite is off. */
  rejected: Type.Optional(Type.Object({ value: Type.String(), error: Type.String() })),
});
export type PgSetting = Static<typeof PgSetting>;

export const PgDatabase = Type.Object({
  name: Type.String(),
  allowConnections: Type.Boolean(),
  hasPglogical: Type.Optional(Type.Boolean({ description: 'the pglogical extension is installed in it' })),
});

export const BackgroundWorker = Type.Object({
  backendType: Type.String({ description: 'pg_stat_activity.backend_type, e.g. "pglogical apply 16384:1234"' }),
  database: Type.Optional(Type.String()),
  count: Type.Integer({ minimum: 1 }),
});
export type BackgroundWorker = Static<typeof BackgroundWorker>;

export const PglogicalSubscription = Type.Object({
  name: Type.String(),
  enabled: Type.Boolean(),
  status: Type.String({ description: 'show_subscription_status(): replicating | initializing | down | disabled | unknown' }),
  providerNode: Type.Optional(Type.String()),
  providerDsn: Type.Optional(Type.String({ description: 'password removed' })),
  slotName: Type.Optional(Type.String()),
  replicationSets: Type.Optional(Type.Array(Type.String())),
  forwardOrigins: Type.Optional(Type.Array(Type.String())),
  /** Subscription-level sync status (pglogical.local_sync_status row with no relation). */
  syncStatus: Type.Optional(Type.String()),
  tablesSyncing: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type PglogicalSubscription = Static<typeof PglogicalSubscription>;

export const ReplicationSet = Type.Object({
  name: Type.String(),
  replicateInsert: Type.Boolean(),
  replicateUpdate: Type.Boolean(),
  replicateDelete: Type.Boolean(),
  replicateTruncate: Type.Boolean(),
  /** schema.table of every table in the set. */
  tables: Type.Array(Type.String()),
});
export type ReplicationSet = Static<typeof ReplicationSet>;

export const PglogicalFacts = Type.Object({
  installed: Type.Boolean(),
  version: Type.Optional(Type.String()),
  localNode: Type.Optional(Type.String()),
  nodeInterfaces: Type.Optional(
    Type.Array(Type.Object({ node: Type.String(), name: Type.String(), dsn: Type.String({ description: 'password removed' }) })),
  ),
  subscriptions: Type.Array(PglogicalSubscription),
  replicationSets: Type.Optional(Type.Array(ReplicationSet)),
  /** Table-level sync state per subscription (pglogical.local_sync_status rows with a relation). */
  tableSync: Type.Optional(Type.Array(Type.Object({ subscription: Type.String(), table: Type.String(), status: Type.String() }))),
});
export type PglogicalFacts = Static<typeof PglogicalFacts>;

export const PgRole = Type.Object({
  name: Type.String(),
  canLogin: Type.Boolean(),
  replication: Type.Boolean(),
  superuser: Type.Boolean(),
  memberOf: Type.Array(Type.String()),
});

export const ReplicationSlot = Type.Object({
  name: Type.String(),
  plugin: Type.Optional(Type.String()),
  slotType: Type.String(),
  database: Type.Optional(Type.String()),
  active: Type.Boolean(),
  /** WAL kept for the slot: pg_current_wal_lsn() - restart_lsn, in bytes. */
  retainedBytes: Type.Optional(Type.Number()),
  walStatus: Type.Optional(Type.String()),
});
export type ReplicationSlot = Static<typeof ReplicationSlot>;

export const TableFacts = Type.Object({
  schema: Type.String(),
  name: Type.String(),
  /** pg_class.relreplident: d default (primary key), n nothing, f full, i index. */
  replicaIdentity: Type.String(),
  primaryKey: Type.Optional(Type.Array(Type.String())),
  hasReplicaIdentityIndex: Type.Boolean(),
  columns: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  /** Sequences or identities that generate key columns. */
  keyGenerators: Type.Optional(
    Type.Array(
      Type.Object({
        column: Type.String(),
        sequence: Type.String(),
        start: Type.Number(),
        increment: Type.Number(),
        /** pg_sequence.seqmin / seqmax as decimal text (bigint bounds exceed a JSON number's precision). */
        min: Type.Optional(Type.String({ pattern: '^-?[0-9]+$' })),
        max: Type.Optional(Type.String({ pattern: '^-?[0-9]+$' })),
        identity: Type.Optional(Type.Boolean()),
      }),
    ),
  ),
});
export type TableFacts = Static<typeof TableFacts>;

export const PostgresFacts = Type.Object({
  serverVersion: Type.String(),
  serverVersionNum: Type.Integer(),
  settings: Type.Record(Type.String(), PgSetting),
  databases: Type.Optional(Type.Array(PgDatabase)),
  backgroundWorkers: Type.Optional(Type.Array(BackgroundWorker)),
  extensions: Type.Optional(Type.Array(Type.Object({ name: Type.String(), version: Type.String() }))),
  pglogical: Type.Optional(PglogicalFacts),
  sessionUser: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(PgRole)),
  slots: Type.Optional(Type.Array(ReplicationSlot)),
  /** pg_stat_replication: the walsenders serving subscribers (application_name is the subscription). */
  replication: Type.Optional(Type.Array(Type.Object({ applicationName: Type.String(), state: Type.String() }))),
  tables: Type.Optional(Type.Array(TableFacts)),
});
export type PostgresFacts = Static<typeof PostgresFacts>;

// ---------- Topology and the whole snapshot ----------

export const NodeRef = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }),
  server: Type.Optional(Type.String({ description: 'ARM resource id of the flexible server' })),
  connection: Type.Optional(Type.String({ description: 'libpq DSN, password removed' })),
});
export type NodeRef = Static<typeof NodeRef>;

export const NodeFacts = Type.Object({
  azure: Type.Optional(AzureNodeFacts),
  postgres: Type.Optional(Slice(PostgresFacts)),
});
export type NodeFacts = Static<typeof NodeFacts>;

/** Resources shared by nodes, each read once, keyed by lower-cased ARM resource id. */
const ResourceMap = <T extends TSchema>(resource: T) => Type.Optional(Type.Record(Type.String(), Slice(resource)));

export const AzureResources = Type.Object({
  subnets: ResourceMap(Subnet),
  virtualNetworks: ResourceMap(VirtualNetwork),
  networkSecurityGroups: ResourceMap(NetworkSecurityGroup),
  routeTables: ResourceMap(RouteTable),
  privateDnsZones: ResourceMap(PrivateDnsZone),
  privateEndpoints: ResourceMap(PrivateEndpoint),
});
export type AzureResources = Static<typeof AzureResources>;

export const DnsFacts = Type.Object({
  /** Live answers keyed by lower-cased FQDN, recorded when dns.resolve is on. */
  answers: Type.Record(Type.String(), Slice(DnsAnswer)),
});

/** Where planned facts came from, when the snapshot was built from plan files (check/collect --plan). */
export const PlanRecord = Type.Object(
  {
    /** The plan files read, as given on the command line. */
    files: Type.Array(Type.String()),
    /** Every planned resource by lower-cased ARM id: the Terraform address or ARM id that names it, and what is known only after deployment. */
    resources: Type.Record(
      Type.String(),
      Type.Object(
        {
          source: Type.String({ description: 'Terraform address (module path included) or ARM id' }),
          change: Type.Union([Type.Literal('create'), Type.Literal('modify'), Type.Literal('delete'), Type.Literal('keep')]),
          unknown: Type.Optional(Type.Array(Type.String({ description: 'JSON pointer into the ARM body, e.g. /properties/state' }))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PlanRecord = Static<typeof PlanRecord>;

export const Snapshot = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(SNAPSHOT_VERSION),
    collectedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T' }),
    tool: Type.Object({ name: Type.Literal('pgl-preflight'), version: Type.String() }),
    topology: Type.Object({
      database: Type.String(),
      mode: Type.Literal('bidirectional'),
      /** private: replication must stay inside the customer's VNETs (VNET integration expected). */
      network: Type.Optional(Type.Union([Type.Literal('private'), Type.Literal('public')])),
      nodes: Type.Array(NodeRef, { minItems: 1 }),
    }),
    nodes: Type.Record(Type.String(), NodeFacts),
    azure: Type.Optional(AzureResources),
    dns: Type.Optional(DnsFacts),
    plan: Type.Optional(PlanRecord),
  },
  { $id: 'urn:pgl-preflight:snapshot:v1', title: 'pgl-preflight snapshot' },
);
export type Snapshot = Static<typeof Snapshot>;
