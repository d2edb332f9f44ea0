// collect: the configuration in, a redacted snapshot out. Every source that fails is a recorded fact.
import type { Config } from '../config/types.js';
import type { NodeFacts, Snapshot } from '../snapshot/types.js';
import { redactDsn } from '../util/dsn.js';
import { TOOL } from '../util/package-info.js';
import { parseDsn } from '../util/dsn.js';
import { SNAPSHOT_VERSION } from '../snapshot/version.js';

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
  const nodes: Record<string, NodeFacts> = Object.fromEntries(config.nodes.map((n) => [n.name, {}]));
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_VERSION,
    collectedAt: now().toISOString(),
    tool: TOOL,
    topology: {
      database: config.database,
      mode: 'bidirectional',
      network: config.network ?? 'private',
      nodes: config.nodes.map((n) => ({
        name: n.name,
        ...(n.server ? { server: n.server } : {}),
        ...(n.connection ? { connection: redactDsn(n.connection) } : {}),
      })),
    },
    nodes,
  };

  const azureNodes = config.nodes.filter((n) => n.server);
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
    hooks.onPhase?.('azure', `${reads} resources read${failed ? `, ${failed} failed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  if (config.dns?.resolve) {
    const { resolveNames } = await import('./dns.js');
    const fqdns = config.nodes.flatMap((n) => {
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
  return snapshot;
}
