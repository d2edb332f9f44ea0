import type { RunInfo } from '../../src/report/context.js';

/** A fixed clock and host keep JUnit and SARIF deterministic (the CLI passes the real ones). */
export const FIXED_RUN: RunInfo = {
  startedAt: new Date('2026-12-01T09:30:00.250Z'),
  durationMs: 1234,
  hostname: 'ci-agent',
  inputFile: 'pgl-preflight.yaml',
};
