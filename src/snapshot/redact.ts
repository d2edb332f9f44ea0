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
    for (const key of Object.keys(record)) {
      // Keys are free text too (a parameter or record name), and are written back as own properties:
      // a key "__proto__" from JSON.parse must stay a key, not become the record's prototype.
      const cleanKey = redactSecrets(key);
      const current = record[key];
      const redacted = redactValue(current);
      if (cleanKey === key) {
        // Most values come back as they were: nothing to write (defineProperty on every key of a large
        // snapshot was slow and left its objects in dictionary mode, slowing every later read).
        if (redacted === current) continue;
        if (key !== '__proto__') {
          record[key] = redacted;
          continue;
        }
      } else {
        delete record[key];
      }
      Object.defineProperty(record, cleanKey, { value: redacted, enumerable: true, writable: true, configurable: true });
    }
  }
  return value;
}

/** Redacts every string and key of the snapshot in place (DSNs, error messages, any free text) and returns it. */
export function redactSnapshot(snapshot: Snapshot): Snapshot {
  return redactValue(snapshot) as Snapshot;
}
