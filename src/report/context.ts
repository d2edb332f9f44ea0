import type { FailOn } from '../engine/result.js';
import type { Rule } from '../engine/rule.js';
import type { Snapshot } from '../snapshot/types.js';

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
}
