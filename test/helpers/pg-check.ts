// Runs the built CLI against a live mesh, the way a support engineer would: a config naming every
// node's DSN (password from the environment), then `check --format json`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliAsync, tempDir, type CliRun } from './cli.js';
import { REPL_PASSWORD, SUPERUSER_PASSWORD } from './pg-cluster.js';
import type { Mesh } from './pg-mesh.js';

export const PG_ENV = { PGL_TEST_PASSWORD: REPL_PASSWORD, PGL_TEST_SUPERUSER_PASSWORD: SUPERUSER_PASSWORD, PGPASSWORD: undefined };

/** Who the tool connects as: the replication role (as in practice), or the superuser. */
export type CheckAs = 'replication-role' | 'superuser';

export interface JsonResult {
  ruleId: string;
  target: string;
  outcome: string;
  severity: string;
  message: string;
  help: string;
  evidence: Record<string, unknown>;
}

/** A directory holding pgl-preflight.yaml for the mesh. */
export function meshConfig(mesh: Mesh, as: CheckAs = 'replication-role'): string {
  const [user, passwordEnv] = as === 'superuser' ? ['postgres', 'PGL_TEST_SUPERUSER_PASSWORD'] : ['pglogical_repl', 'PGL_TEST_PASSWORD'];
  const dir = tempDir();
  writeFileSync(
    join(dir, 'pgl-preflight.yaml'),
    [
      'database: appdb',
      'postgres:',
      '  connectTimeoutSeconds: 3',
      'nodes:',
      ...mesh.nodes.flatMap((n) => [
        `  - name: ${n.name}`,
        `    connection: "host=127.0.0.1 port=${n.port} dbname=appdb user=${user} sslmode=disable"`,
        `    passwordEnv: ${passwordEnv}`,
      ]),
      '',
    ].join('\n'),
  );
  return dir;
}

/** `check` over the postgres and pglogical rules; the parsed results with the raw run. */
export async function checkMesh(mesh: Mesh, as: CheckAs = 'replication-role'): Promise<{ run: CliRun; results: JsonResult[] }> {
  const run = await cliAsync(['check', '--format', 'json', '--rule', 'postgres/*', '--rule', 'pglogical/*'], {
    cwd: meshConfig(mesh, as),
    env: PG_ENV,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`check exited ${run.status}: ${run.stderr}`);
  return { run, results: (JSON.parse(run.stdout) as { results: JsonResult[] }).results };
}

/** "ruleId target" of every result that is not a pass, sorted: what a fault changed. */
export function findings(results: readonly JsonResult[]): string[] {
  return results
    .filter((r) => r.outcome !== 'pass')
    .map((r) => `${r.ruleId} ${r.target}`)
    .sort();
}
