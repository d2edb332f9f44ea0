// Bidirectional pglogical between local clusters, set up the way it is done in practice:
// a replication role, the extension, a node per database, every table in the default set, and
// every node subscribing to every other with forward_origins := '{}'.
import { clusterRoot, removeRoot, startCluster, REPL_PASSWORD, type ClusterOptions, type PgCluster } from './pg-cluster.js';

export interface Mesh {
  root: string;
  nodes: PgCluster[];
  byName(name: string): PgCluster;
  waitFor(predicate: () => Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  stop(): void;
}

export const SCHEMA_SQL = `
CREATE TABLE public.orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id bigint NOT NULL, amount numeric(12,2) NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL);
`;

async function waitFor(predicate: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function subscriptionStatuses(node: PgCluster): Promise<Record<string, string>> {
  const r = await node.sql('SELECT subscription_name, status FROM pglogical.show_subscription_status()');
  return Object.fromEntries(r.rows.map((row: { subscription_name: string; status: string }) => [row.subscription_name, row.status]));
}

export interface MeshOptions {
  cluster?: ClusterOptions;
  /** Settings for one node only (a node built wrong from the start). */
  nodeSettings?: Record<string, Record<string, string>>;
  schema?: string;
  /** Wait until every subscription replicates (the default); off for a mesh that cannot. */
  waitForReplication?: boolean;
}

export async function startMesh(names: readonly string[], options: MeshOptions = {}): Promise<Mesh> {
  const root = clusterRoot();
  const nodes: PgCluster[] = [];
  const stop = () => {
    for (const n of nodes) n.stop();
    removeRoot(root);
  };
  try {
    for (const name of names) {
      const settings = { ...(options.cluster?.settings ?? {}), ...(options.nodeSettings?.[name] ?? {}) };
      nodes.push(await startCluster(root, name, { ...options.cluster, settings }));
    }
    for (const node of nodes) {
      // pg_monitor lets the role see every process's backend_type (the tool reads the worker list).
      await node.sql(`CREATE ROLE pglogical_repl LOGIN REPLICATION PASSWORD '${REPL_PASSWORD}' IN ROLE pg_monitor`, [], 'postgres');
      await node.sql('CREATE DATABASE appdb', [], 'postgres');
      await node.sql(`
        CREATE EXTENSION pglogical;
        ${options.schema ?? SCHEMA_SQL}
        GRANT USAGE ON SCHEMA pglogical TO pglogical_repl;
        GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO pglogical_repl;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO pglogical_repl;
        SELECT pglogical.create_node(node_name := '${node.name}', dsn := '${node.replDsn}');
        SELECT pglogical.replication_set_add_all_tables('default', ARRAY['public']);
      `);
    }
    for (const sub of nodes) {
      for (const prov of nodes) {
        if (sub === prov) continue;
        await sub.sql(
          `SELECT pglogical.create_subscription(subscription_name := $1, provider_dsn := $2, forward_origins := '{}', synchronize_data := false)`,
          [`sub_${sub.name}_${prov.name}`, prov.replDsn],
        );
      }
    }
    if (options.waitForReplication !== false) {
      await waitFor(async () => {
        for (const n of nodes) {
          const statuses = Object.values(await subscriptionStatuses(n));
          if (statuses.length !== nodes.length - 1 || statuses.some((s) => s !== 'replicating')) return false;
        }
        return true;
      }, 'every subscription to replicate');
    }
  } catch (err) {
    stop();
    throw err;
  }
  return { root, nodes, byName: (n) => nodes.find((x) => x.name === n)!, waitFor, stop };
}
