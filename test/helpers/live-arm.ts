// A local HTTPS Resource Manager (and DNS server) serving a snapshot's facts, with a config that
// points the CLI at it: the live end-to-end tests run the real SDK clients through this.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../src/snapshot/types.js';
import { startArmServer, type ArmServer } from './arm-server.js';
import { scenarioFromSnapshot } from './arm-scenario.js';
import { cliAsync, tempDir, type CliRun } from './cli.js';
import { startDnsServer, type DnsServer } from './dns-server.js';
import { withOverrides } from './snapshots.js';

export const TOKEN = 'test-arm-token-3c9f7d1e5b';

export interface Live {
  arm: ArmServer;
  dns: DnsServer;
  dir: string;
  run(args: string[], extra?: Record<string, string | undefined>): Promise<CliRun>;
}

/** The facts a live ARM run collects: the fixture without its SQL slices (no PostgreSQL here). */
export function withoutSql(snapshot: Snapshot): Snapshot {
  return withOverrides(snapshot, (s) => {
    for (const facts of Object.values(s.nodes)) delete facts.postgres;
  });
}

export async function live(
  snapshot: Snapshot,
  config: { timeoutSeconds?: number; retries?: number; parameterPageSize?: number; concurrency?: number } = {},
): Promise<Live> {
  const arm = await startArmServer(scenarioFromSnapshot(snapshot, { parameterPageSize: config.parameterPageSize ?? 5 }), TOKEN);
  const answers = Object.fromEntries(
    Object.entries(snapshot.dns?.answers ?? {}).flatMap(([fqdn, a]) => (a.ok ? [[fqdn, a.data.addresses]] : [])),
  );
  const dns = await startDnsServer(answers);
  const dir = tempDir();
  const yaml = [
    `database: ${snapshot.topology.database}`,
    'azure:',
    `  endpoint: ${arm.url}`,
    '  credential: token',
    `  timeoutSeconds: ${config.timeoutSeconds ?? 10}`,
    `  retries: ${config.retries ?? 3}`,
    `  concurrency: ${config.concurrency ?? 8}`,
    // Live resolution only where the fixture recorded answers, so both runs hold the same facts.
    ...(snapshot.dns ? ['dns:', '  resolve: true', `  servers: ["${dns.address}"]`, '  timeoutSeconds: 2'] : []),
    'nodes:',
    ...snapshot.topology.nodes.flatMap((n) => [`  - name: ${n.name}`, `    server: ${n.server}`]),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'pgl-preflight.yaml'), yaml);
  return {
    arm,
    dns,
    dir,
    run: (args, extra = {}) =>
      cliAsync(args, {
        cwd: dir,
        env: {
          AZURE_ACCESS_TOKEN: TOKEN,
          NODE_EXTRA_CA_CERTS: arm.caFile,
          HTTPS_PROXY: undefined,
          HTTP_PROXY: undefined,
          https_proxy: undefined,
          http_proxy: undefined,
          NO_PROXY: '127.0.0.1',
          ...extra,
        },
      }),
  };
}
