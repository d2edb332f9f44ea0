// Azure collection for a configuration: credential, cloud, endpoint and limits from the config.
import type { Config } from '../../config/types.js';
import { CLOUDS } from './clouds.js';
import { AzureCollector, type AzureCollection } from './collect.js';
import { makeCredential } from './credential.js';

/** The collector a config describes (credential, cloud, endpoint, limits). */
export function collectorFor(
  config: Config,
  env: NodeJS.ProcessEnv,
  onRead: (event: { label: string; state: 'start' | 'ok' | 'failed' }) => void,
): AzureCollector {
  const cloud = CLOUDS[config.azure?.cloud ?? 'AzurePublicCloud'];
  return new AzureCollector({
    credential: makeCredential(config.azure?.credential ?? 'default', cloud, env),
    cloud,
    ...(config.azure?.endpoint ? { endpoint: config.azure.endpoint.replace(/\/+$/, '') } : {}),
    timeoutSeconds: config.azure?.timeoutSeconds ?? 30,
    retries: config.azure?.retries ?? 3,
    concurrency: config.azure?.concurrency ?? 8,
    onRead,
  });
}

export async function collectAzure(
  config: Config,
  env: NodeJS.ProcessEnv,
  onRead: (event: { label: string; state: 'start' | 'ok' | 'failed' }) => void,
): Promise<AzureCollection> {
  const collector = collectorFor(config, env, onRead);
  return collector.collect(
    (config.nodes ?? []).flatMap((n, i) =>
      n.server ? [{ name: n.name, server: n.server, referencedBy: `the config (nodes[${i}].server)` }] : [],
    ),
  );
}
