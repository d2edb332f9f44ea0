import type { FailOn } from '../engine/result.js';
import type { Rule } from '../engine/rule.js';
import type { Snapshot } from '../snapshot/types.js';

/** Facts about this run that only the CLI knows; reporters stay pure (tests pass a fixed clock). */
export interface RunInfo {
  /** When `check` started: the run's start in JUnit and SARIF, not the snapshot's collection date. */
  startedAt: Date;
  durationMs: number;
  /** Where the check ran (JUnit `hostname`, SARIF `invocation.machine`). */
  hostname: string;
  /** The input file a SARIF result points at (config if one was read, else the snapshot), relative to the working directory, `/`-separated. */
  inputFile?: string;
}

/** Everything a reporter may read besides the results. Reporters never print, write or read config. */
export interface ReportContext {
  tool: { name: string; version: string };
  snapshot: Snapshot;
  rules: readonly Rule[];
  failOn: FailOn;
  /** ANSI colour (text only): on for a TTY unless NO_COLOR is set; decided by the CLI. */
  color: boolean;
  /** Show passing and skipped results too (text only). */
  verbose: boolean;
  /** Set by `check`; without it JUnit and SARIF fall back to the snapshot's collection date, zero duration and `localhost`. */
  run?: RunInfo;
}

/** The run facts with their fallbacks, for reporters that need them. */
export function runInfoOf(ctx: ReportContext): RunInfo {
  return ctx.run ?? { startedAt: new Date(ctx.snapshot.collectedAt), durationMs: 0, hostname: 'localhost' };
}
