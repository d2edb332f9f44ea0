// collect: the configuration in, a redacted snapshot out. Every source that fails is a recorded fact.
import type { Config } from '../config/types.js';
import type { NodeFacts, PostgresFacts, SliceOf, Snapshot } from '../snapshot/types.js';
import { parseDsn, redactDsn, redactSecrets } from '../util/dsn.js';
import { InputError } from '../util/errors.js';
import { TOOL } from '../util/package-info.js';
import { SNAPSHOT_VERSION } from '../snapshot/version.js';
import { redactSnapshot } from '../snapshot/redact.js';

export interface CollectHooks {
  /** Called as each Azure resource read starts and ends (progress display). */
  onAzureRead?: (event: { label: string; state: 'start' | 'ok' | 'failed' }) => void;
  onPhase?: (phase: string, summary: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export async function collectSnapshot(config: Config, hooks: CollectHooks = {}): Promise<Snapshot> {
  const env = hooks.env ?? process.env;
  const now = hooks.now ?? (() => new Date());
  const nodes: Record<string, NodeFacts> = Object.fromEntries((config.nodes ?? []).map((n) => [n.name, {}]));
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_VERSION,
    collectedAt: now().toISOString(),
    tool: TOOL,
    topology: {
      database: config.database,
      mode: 'bidirectional',
      network: config.network ?? 'private',
      nodes: (config.nodes ?? []).map((n) => ({
        name: n.name,
        ...(n.server ? { server: n.server } : {}),
        ...(n.connection ? { connection: redactDsn(n.connection) } : {}),
      })),
    },
    nodes,
  };

  // Every SQL-side input (passwords, sslmode, root certificates, the Entra token source) is checked
  // before any read starts: an input error is exit 2, never a rejection left behind a running read.
  const sqlPlan = await planPostgres(config, env);
  const sql = collectAllPostgres(sqlPlan, hooks);
  // A read that fails is recorded as a fact inside collectAllPostgres; this only keeps a bug there
  // from surfacing as an unhandled rejection while Azure is being read.
  sql.catch(() => undefined);
  const azureNodes = (config.nodes ?? []).filter((n) => n.server);
  if (azureNodes.length > 0) {
    // Loaded only when there is something to read: evaluating a snapshot never pays for the SDKs.
    const { collectAzure } = await import('./azure/index.js');
    const started = Date.now();
    let reads = 0;
    let failed = 0;
    const collection = await collectAzure(config, env, (event) => {
      if (event.state !== 'start') reads += 1;
      if (event.state === 'failed') failed += 1;
      hooks.onAzureRead?.(event);
    });
    for (const [name, facts] of Object.entries(collection.nodes)) nodes[name]!.azure = facts;
    snapshot.azure = collection.resources;
    hooks.onPhase?.(
      'azure',
      `${reads} resources read${failed ? `, ${failed} failed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  for (const [name, slice] of Object.entries(await sql)) nodes[name]!.postgres = slice;

  if (config.dns?.resolve) {
    const { resolveNames } = await import('./dns.js');
    const fqdns = (config.nodes ?? []).flatMap((n) => {
      const server = nodes[n.name]?.azure?.server;
      if (server?.ok && server.data.fullyQualifiedDomainName) return [server.data.fullyQualifiedDomainName];
      const host = n.connection ? parseDsn(n.connection).host : undefined;
      return host ? [host] : [];
    });
    const answers = await resolveNames(fqdns, { servers: config.dns.servers ?? [], timeoutMs: (config.dns.timeoutSeconds ?? 5) * 1000 });
    snapshot.dns = { answers };
    const failures = Object.values(answers).filter((a) => !a.ok).length;
    hooks.onPhase?.('dns', `${Object.keys(answers).length} names resolved${failures ? `, ${failures} failed` : ''}`);
  }
  return redactSnapshot(snapshot);
}

interface PostgresPlan {
  nodes: { node: NonNullable<Config['nodes']>[number]; settings: import('pg').ClientConfig; where: string; plaintextFallback: boolean }[];
  connectTimeoutSeconds: number;
  entraToken: (() => Promise<string>) | undefined;
  collectPostgres: typeof import('./postgres/collect.js').collectPostgres;
}

/** The sessions to open, with every input checked; throws InputError before anything is read. */
async function planPostgres(config: Config, env: NodeJS.ProcessEnv): Promise<PostgresPlan | undefined> {
  const withSql = (config.nodes ?? []).filter((n) => n.connection);
  if (withSql.length === 0) return undefined;
  const { collectPostgres } = await import('./postgres/collect.js');
  const { clientConfig, plaintextFallback } = await import('./postgres/connect.js');
  const limits = {
    connectTimeoutSeconds: config.postgres?.connectTimeoutSeconds ?? 10,
    statementTimeoutSeconds: config.postgres?.statementTimeoutSeconds ?? 15,
  };
  const entraToken = withSql.some((n) => n.auth === 'entra') ? await entraTokenSource(config, env) : undefined;
  const nodes = withSql.map((node) => {
    const settings = clientConfig(node, config.database, limits, env);
    return { node, settings, where: `${node.name} (${settings.host}:${settings.port})`, plaintextFallback: plaintextFallback(node) };
  });
  return { nodes, connectTimeoutSeconds: limits.connectTimeoutSeconds, entraToken, collectPostgres };
}

/** Every node with a connection, in parallel: one read-only session each. */
async function collectAllPostgres(plan: PostgresPlan | undefined, hooks: CollectHooks): Promise<Record<string, SliceOf<PostgresFacts>>> {
  if (!plan) return {};
  const started = Date.now();
  const entries = await Promise.all(
    plan.nodes.map(async ({ node, settings, where, plaintextFallback }) => {
      // The token is fetched before connecting: a credential that fails mid-handshake would leave the
      // server waiting for a password until its authentication_timeout.
      if (node.auth === 'entra') {
        try {
          if (!plan.entraToken) throw new Error('no Microsoft Entra token source'); // made whenever a node uses entra
          settings.password = await plan.entraToken();
        } catch (err) {
          const failed: SliceOf<PostgresFacts> = {
            ok: false,
            error: { code: 'entra-token', message: `${where}: ${(err as Error).message}` },
          };
          return [node.name, failed] as const;
        }
      }
      return [node.name, await plan.collectPostgres(settings, where, plan.connectTimeoutSeconds, { plaintextFallback })] as const;
    }),
  );
  const failed = entries.filter(([, s]) => !s.ok).length;
  hooks.onPhase?.(
    'postgres',
    `${entries.length} node${entries.length === 1 ? '' : 's'} read${failed ? `, ${failed} failed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return Object.fromEntries(entries);
}

/**
 * Microsoft Entra ID tokens for Azure Database for PostgreSQL, from the configured Azure credential.
 * With `credential: token` the pipeline holds the token itself: $AZURE_ACCESS_TOKEN is for Resource
 * Manager, so the PostgreSQL one (another audience) comes from $AZURE_POSTGRESQL_ACCESS_TOKEN.
 */
async function entraTokenSource(config: Config, env: NodeJS.ProcessEnv): Promise<() => Promise<string>> {
  const kind = config.azure?.credential ?? 'default';
  if (kind === 'token') {
    const token = env.AZURE_POSTGRESQL_ACCESS_TOKEN?.trim();
    if (!token) {
      throw new InputError(
        'auth: entra with azure.credential "token" needs $AZURE_POSTGRESQL_ACCESS_TOKEN (e.g. from az account get-access-token --resource-type oss-rdbms)',
      );
    }
    return () => Promise.resolve(token);
  }
  const { CLOUDS } = await import('./azure/clouds.js');
  const { makeCredential } = await import('./azure/credential.js');
  const cloud = CLOUDS[config.azure?.cloud ?? 'AzurePublicCloud'];
  const credential = makeCredential(kind, cloud, env);
  // One token for every node: a credential such as the Azure CLI's would otherwise run once per node.
  let pending: Promise<string> | undefined;
  return () => (pending ??= fetchToken());
  async function fetchToken(): Promise<string> {
    try {
      const token = await credential.getToken(cloud.postgresScope);
      if (!token) throw new Error('the credential returned none');
      return token.token;
    } catch (err) {
      // Reported for the node like any connection failure: one line, the other nodes still read.
      const reason = redactSecrets(String((err as { message?: unknown }).message ?? err).split('\n')[0]!);
      // eslint-disable-next-line preserve-caught-error -- the cause is left out on purpose: its message may hold secrets, passed on redacted
      throw new Error(`no Microsoft Entra token for Azure Database for PostgreSQL from azure.credential ${kind}: ${reason}`);
    }
  }
}
