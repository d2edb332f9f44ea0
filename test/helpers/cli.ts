// Runs the built CLI as a subprocess, the way users and CI pipelines do.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';

export const BIN = resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js');
export const FIXTURES = resolve(PACKAGE_ROOT, 'fixtures');

// The bin runs the bundle (scripts/bundle.ts); after a bare `tsc` it would be last build's code.
const bundled = resolve(PACKAGE_ROOT, 'dist', 'bundle', 'main.js');
const compiled = resolve(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
if (statSync(bundled, { throwIfNoEntry: false }) === undefined || statSync(bundled).mtimeMs < statSync(compiled).mtimeMs)
  throw new Error('dist/bundle is missing or older than dist/src: run `npm run build` (tsc, then the bundle)');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tempDir(),
    env: env,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pgl-preflight-test-'));
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/**
 * The same, without blocking: needed when the test process itself serves the CLI (a local Resource
 * Manager or DNS server), which spawnSync would starve.
 */
export function cliAsync(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? tempDir(),
      env: env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}
