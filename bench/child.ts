// Runs `pgl-preflight` in a child process and measures it: wall time, and peak RSS reported by the
// child's own process.resourceUsage() through a preload (the CLI itself stays untouched).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const CLI = resolve(PACKAGE_ROOT, 'bin', 'pgl-preflight.js');

export interface ChildRun {
  ms: number;
  /** Peak resident set size in bytes; undefined when the child died before reporting it. */
  maxRss: number | undefined;
  /** Set when the run did not end in exit 0 or 1 (or was stopped at the time limit). */
  problem: string | undefined;
}

/** `dir` holds the preload; `timeoutMs` stops a run that would take the bench hostage. */
export function runCli(args: readonly string[], dir: string, timeoutMs = 30 * 60_000): ChildRun {
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");
  const t0 = performance.now();
  // stdout is drained (not kept): a report of hundreds of megabytes must not weigh on the bench.
  const child = spawnSync(process.execPath, ['--require', probe, CLI, ...args, '--no-color'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutMs,
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- spawnSync gives no output when the process could not start
  const kb = /BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr ?? '')?.[1];
  const problem = child.error
    ? `stopped: ${(child.error as NodeJS.ErrnoException).code ?? child.error.message}`
    : child.status !== 0 && child.status !== 1
      ? // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- spawnSync gives no output when the process could not start
        `exit ${child.status ?? child.signal}: ${(child.stderr ?? '').trim().split('\n')[0]}`
      : undefined;
  return { ms, maxRss: kb ? Number(kb) * 1024 : undefined, problem };
}
