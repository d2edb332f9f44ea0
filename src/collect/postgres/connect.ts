// One read-only session per node: the DSN from the config, the password from passwordEnv,
// PGPASSWORD or ~/.pgpass (or a Microsoft Entra token), TLS as the DSN's sslmode says.
import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import type { NodeConfig } from '../../config/types.js';
import { parseDsn } from '../../util/dsn.js';
import { InputError } from '../../util/errors.js';

export interface SessionLimits {
  connectTimeoutSeconds: number;
  statementTimeoutSeconds: number;
}

/** libpq modes that let a server without TLS be reached in plain text (libpq tries TLS first for prefer). */
const PLAINTEXT_FALLBACK_MODES = new Set(['allow', 'prefer']);

function readRootCert(nodeName: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `nodes.${nodeName}.connection: sslrootcert ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * TLS as libpq would: an unset sslmode means prefer, and prefer/allow try TLS first (Azure requires
 * it), falling back to plain text only when the server has no TLS at all (see `plaintextFallback`).
 */
function tlsOptions(nodeName: string, params: Record<string, string>): ClientConfig['ssl'] {
  const mode = (params.sslmode ?? 'prefer').toLowerCase();
  const ca = params.sslrootcert && params.sslrootcert !== 'system' ? readRootCert(nodeName, params.sslrootcert) : undefined;
  switch (mode) {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
    case 'require':
      // libpq: these verify the chain only when a root certificate is given.
      return ca ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
    case 'verify-ca':
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true };
    default:
      throw new InputError(`nodes.${nodeName}.connection: sslmode=${mode} is not a libpq sslmode`);
  }
}

/**
 * Whether a server that refuses TLS may be read in plain text: only for prefer/allow (or no sslmode),
 * and never with a Microsoft Entra token as the password, which must not travel in clear.
 */
export function plaintextFallback(node: NodeConfig): boolean {
  const mode = (parseDsn(node.connection ?? '').sslmode ?? 'prefer').toLowerCase();
  return PLAINTEXT_FALLBACK_MODES.has(mode) && node.auth !== 'entra';
}

export function clientConfig(node: NodeConfig, database: string, limits: SessionLimits, env: NodeJS.ProcessEnv): ClientConfig {
  const params = parseDsn(node.connection ?? ''); // only nodes with a connection are read over SQL
  // With auth: entra the caller sets the token as the password once it has one.
  const password = node.auth === 'entra' ? undefined : node.passwordEnv ? env[node.passwordEnv] : env.PGPASSWORD;
  if (node.passwordEnv && env[node.passwordEnv] === undefined && node.auth !== 'entra') {
    throw new InputError(`nodes.${node.name}.passwordEnv: $${node.passwordEnv} is not set`);
  }
  const connectTimeout = params.connect_timeout ? Number(params.connect_timeout) : limits.connectTimeoutSeconds;
  return {
    host: params.host ?? params.hostaddr ?? env.PGHOST ?? 'localhost',
    port: Number(params.port ?? env.PGPORT ?? 5432),
    database: params.dbname ?? database,
    user: params.user ?? env.PGUSER ?? env.USER,
    ...(password !== undefined ? { password } : {}),
    ssl: tlsOptions(node.name, params),
    application_name: 'pgl-preflight',
    connectionTimeoutMillis: connectTimeout * 1000,
    // Server-side limits for the whole session, and a client-side bound for a server that stops answering.
    options: `-c default_transaction_read_only=on -c statement_timeout=${limits.statementTimeoutSeconds * 1000} -c lock_timeout=${limits.statementTimeoutSeconds * 1000}`,
    query_timeout: (limits.statementTimeoutSeconds + 5) * 1000,
  };
}
