// Test snapshots: the shipped fixtures plus small, named overrides (the way rule tests are written).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { NodeFacts, Snapshot } from '../../src/snapshot/types.js';

export function loadFixture(name: string): Snapshot {
  const path = resolve(PACKAGE_ROOT, 'fixtures', name);
  return parseSnapshot(readFileSync(path, 'utf8'), path);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** A copy of `base` changed by `mutate`: the base fixture is never modified. */
export function withOverrides(base: Snapshot, mutate: (s: Snapshot) => void): Snapshot {
  const copy = clone(base);
  mutate(copy);
  return copy;
}

export function facts(s: Snapshot, node: string): NodeFacts {
  const f = s.nodes[node];
  if (!f) throw new Error(`fixture has no node ${node}`);
  return f;
}

export function sql(s: Snapshot, node: string) {
  const slice = facts(s, node).postgres;
  if (!slice?.ok) throw new Error(`fixture node ${node} has no SQL facts`);
  return slice.data;
}

export function arm(s: Snapshot, node: string) {
  const slice = facts(s, node).azure?.parameters;
  if (!slice?.ok) throw new Error(`fixture node ${node} has no ARM parameters`);
  return slice.data;
}

export function server(s: Snapshot, node: string) {
  const slice = facts(s, node).azure?.server;
  if (!slice?.ok) throw new Error(`fixture node ${node} has no ARM server`);
  return slice.data;
}

/** Sets a server parameter in both sources (or one), as a real server would report it. */
export function setSetting(s: Snapshot, node: string, name: string, value: string, only?: 'sql' | 'arm'): void {
  const f = facts(s, node);
  if (only !== 'arm' && f.postgres?.ok) f.postgres.data.settings[name] = { ...(f.postgres.data.settings[name] ?? {}), value };
  if (only !== 'sql' && f.azure?.parameters?.ok) f.azure.parameters.data[name] = { ...(f.azure.parameters.data[name] ?? {}), value };
}

export function removeSetting(s: Snapshot, node: string, name: string): void {
  const f = facts(s, node);
  if (f.postgres?.ok) delete f.postgres.data.settings[name];
  if (f.azure?.parameters?.ok) delete f.azure.parameters.data[name];
}

/** Drops the SQL slice, as when the CI runner cannot reach the private servers. */
export function withoutSql(s: Snapshot, node: string, error?: { code: string; message: string }): void {
  const f = facts(s, node);
  if (error) f.postgres = { ok: false, error };
  else delete f.postgres;
}

/** ARM saved `value` for the parameter and flags it as waiting for a restart (isConfigPendingRestart). */
export function savePendingRestart(s: Snapshot, node: string, name: string, value: string): void {
  const f = facts(s, node);
  if (!f.azure?.parameters?.ok) throw new Error(`fixture node ${node} has no ARM parameters`);
  f.azure.parameters.data[name] = { ...(f.azure.parameters.data[name] ?? {}), value, isConfigPendingRestart: true };
}
