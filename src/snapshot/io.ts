// Loading a snapshot (validated against the shipped schema) and serialising one.
import { readFileSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import { escapeJsonControl } from '../util/terminal.js';
import { describeErrors, formatPath, jsonLineLocator, lazyValidator, parseJson } from '../util/validate.js';
import type { Snapshot } from './types.js';
import { redactSnapshot } from './redact.js';
import { semanticProblems } from './semantic.js';
import { SNAPSHOT_VERSION } from './version.js';

const validateSnapshot = lazyValidator<Snapshot>('snapshot');

export function parseSnapshot(text: string, where: string): Snapshot {
  const data = parseJson(text, where);
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`${where}: expected a snapshot object`);
  if (version !== SNAPSHOT_VERSION) {
    throw new InputError(
      `${where}: schemaVersion: ${version === undefined ? 'missing' : JSON.stringify(version)}; this pgl-preflight reads snapshot schema version ${SNAPSHOT_VERSION}`,
    );
  }
  const checked = validateSnapshot(data);
  if (!checked.ok) {
    const d = describeErrors(checked.errors, jsonLineLocator(text));
    throw new InputError(`${where}${d.line ? `:${d.line}` : ''}: ${d.path}: ${d.message}`);
  }
  const snapshot = checked.value;
  const names = snapshot.topology.nodes.map((n) => n.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new InputError(`${where}: topology.nodes: duplicate node name "${duplicate}"`);
  for (const key of Object.keys(snapshot.nodes)) {
    if (!names.includes(key)) throw new InputError(`${where}: ${formatPath(['nodes', key])}: node "${key}" is not in topology.nodes`);
  }
  const [problem] = semanticProblems(snapshot);
  if (problem) {
    const line = jsonLineLocator(text)(problem.path);
    throw new InputError(`${where}${line ? `:${line}` : ''}: ${formatPath(problem.path)}: ${problem.message}`);
  }
  return redactSnapshot(snapshot);
}

export function loadSnapshot(path: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read snapshot (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSnapshot(text, path);
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${escapeJsonControl(JSON.stringify(snapshot, null, 2))}\n`;
}
