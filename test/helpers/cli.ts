// Runs the built CLI as a subprocess, the way users and CI pipelines do.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';

const BIN_PATH = resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js');
export const FIXTURES = resolve(PACKAGE_ROOT, 'fixtures');

/**
 * The bin, once the bundle it runs (scripts/bundle.ts) is known to be current: after a bare `tsc` it
 * would run the last build's code. Checked where the CLI is run, so tests that never run it are not held up.
 */
export function bin(): string {
  const bundled = resolve(PACKAGE_ROOT, 'dist', 'bundle', 'main.js');
  const compiled = resolve(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
  const bundle = statSync(bundled, { throwIfNoEntry: false });
  if (!bundle || bundle.mtimeMs < statSync(compiled).mtimeMs)
    throw new Error('dist/bundle is missing or older than dist/src: run `npm run build` (tsc, then the bundle)');
  return BIN_PATH;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const run = spawnSync(process.execPath, [bin(), ...args], {
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
    const child = spawn(process.execPath, [bin(), ...args], {
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
