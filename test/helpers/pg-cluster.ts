// Real PostgreSQL 15 clusters with pglogical, started on loopback ports for the integration tests.
// PostgreSQL refuses to run as root: as root, every server command runs as the `postgres` user
// that the Debian package creates.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const SUPERUSER_PASSWORD = 'Sup3r-secret-for-tests';
export const REPL_PASSWORD = 'Repl-secret-9f2c1a';

const asRoot = process.getuid?.() === 0;

function pgUser(): { uid: number; gid: number } | undefined {
  if (!asRoot) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function runAsPostgres(command: string, args: string[]): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const run = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr || run.stdout}`);
  return run.stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  name: string;
  port: number;
  dataDir: string;
  /** libpq DSN for the replication user, as pglogical node interfaces and subscriptions use it. */
  replDsn: string;
  /** SQL as the superuser on the replicated database (setup and fault injection only). */
  sql(text: string, params?: unknown[], database?: string): Promise<pg.QueryResult>;
  restart(): void;
  stop(): void;
}

export interface ClusterOptions {
  settings?: Record<string, string>;
}

const BASE_SETTINGS: Record<string, string> = {
  listen_addresses: "'127.0.0.1'",
  wal_level: 'logical',
  shared_preload_libraries: "'pglogical'",
  track_commit_timestamp: 'on',
  max_worker_processes: '16',
  max_replication_slots: '10',
  max_wal_senders: '10',
  'pglogical.conflict_resolution': "'last_update_wins'",
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  shared_buffers: "'32MB'",
  logging_collector: 'off',
  log_min_messages: 'warning',
};

export function hasOutputPluginLibraries(): boolean {
  const out = spawnSync(join(PG_BIN, 'postgres'), ['--describe-config'], {
    encoding: 'utf8',
    ...(asRoot ? { uid: pgUser()!.uid, gid: pgUser()!.gid } : {}),
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- spawnSync gives no output when the process could not start
  return /^output_plugin_libraries\t/m.test(out.stdout ?? '');
}

export async function startCluster(root: string, name: string, options: ClusterOptions = {}): Promise<PgCluster> {
  const port = await freePort();
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  const owner = pgUser();
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  chmodSync(dataDir, 0o700);
  const pwfile = join(root, `${name}.pw`);
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`);
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  runAsPostgres(join(PG_BIN, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`,
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const settings: Record<string, string> = {
    ...BASE_SETTINGS,
    port: String(port),
    unix_socket_directories: `'${dataDir}'`,
    ...(options.settings ?? {}),
  };
  if (hasOutputPluginLibraries() && !('output_plugin_libraries' in settings))
    settings.output_plugin_libraries = "'pgoutput, test_decoding, pglogical_output'";
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    `\n${Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n')}\n`,
  );
  writeFileSync(
    join(dataDir, 'pg_hba.conf'),
    ['local all all trust', 'host all all 127.0.0.1/32 scram-sha-256', 'host replication all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
  );
  if (owner) chownSync(join(dataDir, 'pg_hba.conf'), owner.uid, owner.gid);
  const start = () => runAsPostgres(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-w', '-t', '60', '-l', join(dataDir, 'server.log'), 'start']);
  start();
  const sql = async (text: string, params: unknown[] = [], database = 'appdb') => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: SUPERUSER_PASSWORD, database });
    await client.connect();
    try {
      return await client.query(text, params);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    port,
    dataDir,
    replDsn: `host=127.0.0.1 port=${port} dbname=appdb user=pglogical_repl password=${REPL_PASSWORD}`,
    sql,
    restart: () =>
      runAsPostgres(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-w', '-t', '60', '-m', 'fast', 'restart', '-l', join(dataDir, 'server.log')]),
    stop: () => {
      try {
        runAsPostgres(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-w', '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
    },
  };
}

export function clusterRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'pgl-preflight-pg-'));
  const owner = pgUser();
  if (owner) chownSync(root, owner.uid, owner.gid);
  return root;
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
