// The explicit rule registry: a rule runs only when it is listed here (rules never register themselves).
// Order here is the order of results in every report.
import type { Rule } from '../src/engine/rule.js';
import extensionsAllowlist from './azure/extensions-allowlist.js';
import pendingRestart from './azure/pending-restart.js';
import outputPluginAllowed from './postgres/output-plugin-allowed.js';
import replicationCapacity from './postgres/replication-capacity.js';
import sharedPreloadLibraries from './postgres/shared-preload-libraries.js';
import trackCommitTimestamp from './postgres/track-commit-timestamp.js';
import walLevel from './postgres/wal-level.js';
import workerBudget from './postgres/worker-budget.js';

export const RULES: readonly Rule[] = [
  extensionsAllowlist,
  pendingRestart,
  walLevel,
  trackCommitTimestamp,
  sharedPreloadLibraries,
  workerBudget,
  replicationCapacity,
  outputPluginAllowed,
];
