// The configuration file (pgl-preflight.yaml / .json). Defined once with TypeBox: the TypeScript
// type and the shipped JSON Schema (schemas/config.schema.json) come from this one definition.
import { Type, type Static } from '@sinclair/typebox';

const SeverityOrOff = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info'), Type.Literal('off')]);

export const NodeConfig = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', description: 'node name used in every report (node_a)' }),
    server: Type.Optional(
      Type.String({
        description:
          'ARM resource id of the Azure Database for PostgreSQL flexible server; with --plan also its Terraform address (azurerm_postgresql_flexible_server.east)',
        minLength: 1,
      }),
    ),
    connection: Type.Optional(
      Type.String({ description: 'libpq connection string (key=value or postgres:// URI) without a password', minLength: 1 }),
    ),
    passwordEnv: Type.Optional(
      Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'environment variable holding the password' }),
    ),
    auth: Type.Optional(
      Type.Union([Type.Literal('password'), Type.Literal('entra')], { description: 'password (default) or a Microsoft Entra ID token' }),
    ),
  },
  { additionalProperties: false },
);
export type NodeConfig = Static<typeof NodeConfig>;

export const CLOUDS = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureUSGovernment'] as const;
export const CREDENTIALS = ['default', 'cli', 'managed-identity', 'environment', 'token'] as const;

export const Config = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    database: Type.String({ minLength: 1, description: 'the replicated database' }),
    topology: Type.Optional(Type.Literal('bidirectional', { description: 'every node replicates to every other node' })),
    network: Type.Optional(
      Type.Union([Type.Literal('private'), Type.Literal('public')], {
        description: 'private (default): replication must stay inside the VNETs; public: servers use public access',
      }),
    ),
    azure: Type.Optional(
      Type.Object(
        {
          cloud: Type.Optional(Type.Union(CLOUDS.map((c) => Type.Literal(c)))),
          endpoint: Type.Optional(Type.String({ pattern: '^https://', description: 'Resource Manager endpoint override' })),
          credential: Type.Optional(Type.Union(CREDENTIALS.map((c) => Type.Literal(c)))),
          timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 600, description: 'per request (default 30)' })),
          retries: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 10, description: 'retries of throttled (429) and failed (5xx) requests (default 3)' }),
          ),
          concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
        },
        { additionalProperties: false },
      ),
    ),
    nodes: Type.Optional(
      Type.Array(NodeConfig, {
        minItems: 2,
        description:
          'at least two nodes: every node subscribes to every other; with --plan and no nodes, every flexible server in the plan is a node',
      }),
    ),
    postgres: Type.Optional(
      Type.Object(
        {
          connectTimeoutSeconds: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 300, description: 'default 10; a DSN connect_timeout wins' }),
          ),
          statementTimeoutSeconds: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 600, description: 'statement_timeout of the read-only session (default 15)' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    dns: Type.Optional(
      Type.Object(
        {
          resolve: Type.Optional(Type.Boolean()),
          timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 60, description: 'per query (default 5)' })),
          servers: Type.Optional(Type.Array(Type.String({ pattern: '^[^\\s]+$' }))),
        },
        { additionalProperties: false },
      ),
    ),
    rules: Type.Optional(
      Type.Record(Type.String(), SeverityOrOff, {
        description: 'severity override, or "off", per rule id or pattern (area/*, *): the same patterns as --rule; the most specific wins',
      }),
    ),
    suppressions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            rule: Type.String({ description: 'rule id or area/*' }),
            target: Type.Optional(Type.String({ description: 'node_a, node_a->node_b, ...; omitted: every target' })),
            reason: Type.String({ minLength: 1, description: 'why this finding is accepted' }),
            expires: Type.Optional(
              Type.String({
                pattern: '^\\d{4}-\\d{2}-\\d{2}',
                description: 'ISO date: applies through this day (UTC), no longer after it',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false, $id: 'urn:pgl-preflight:config:v1', title: 'pgl-preflight configuration' },
);
export type Config = Static<typeof Config>;
