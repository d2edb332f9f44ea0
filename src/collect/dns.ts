// Live DNS: what this machine (or the configured resolvers) answers for each server FQDN.
import { promises as dns } from 'node:dns';
import type { DnsAnswer } from '../snapshot/network-types.js';
import type { SliceOf } from '../snapshot/types.js';

export interface DnsOptions {
  /** host[:port] resolvers; empty uses the system's resolvers. */
  servers: readonly string[];
  timeoutMs: number;
}

/** `10.1.0.4:5353` and `[fd00::53]:53` as setServers wants them; a bare host keeps port 53. */
function resolverLabel(servers: readonly string[]): string {
  return servers.length ? servers.join(', ') : 'system';
}

export async function resolveNames(fqdns: readonly string[], options: DnsOptions): Promise<Record<string, SliceOf<DnsAnswer>>> {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers.length) resolver.setServers([...options.servers]);
  const resolverName = resolverLabel(options.servers);
  const answers: Record<string, SliceOf<DnsAnswer>> = {};
  await Promise.all(
    [...new Set(fqdns.map((f) => f.toLowerCase()))].map(async (fqdn) => {
      try {
        const addresses = await resolver.resolve4(fqdn);
        answers[fqdn] = { ok: true, data: { addresses: [...addresses].sort(), resolver: resolverName } };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        answers[fqdn] = { ok: false, error: { code, message: `${fqdn} via ${resolverName}: ${code}` } };
      }
    }),
  );
  return answers;
}
