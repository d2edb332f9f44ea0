// The one redaction step every snapshot passes, collected or loaded: a customer's file may carry a
// password in a pglogical DSN or a token in an error text, and nothing of it may reach a report.
import { redactSecrets } from '../util/dsn.js';
import type { Snapshot } from './types.js';

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = redactValue(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = redactValue(record[key]);
  }
  return value;
}

/** Redacts every string of the snapshot in place (DSNs, error messages, any free text) and returns it. */
export function redactSnapshot(snapshot: Snapshot): Snapshot {
  return redactValue(snapshot) as Snapshot;
}
