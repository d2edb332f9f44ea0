// Indexes over one snapshot that rules consult for every target (nodes by name, subscriptions by
// provider), built on first use. evaluate() drops them when a run starts and when it ends, so a
// snapshot changed between runs (tests build variants by mutation) is read afresh.
import type { Snapshot } from '../snapshot/types.js';

const indexes = new WeakMap<Snapshot, Map<string, unknown>>();

export function snapshotIndex<T>(snapshot: Snapshot, name: string, build: (snapshot: Snapshot) => T): T {
  let byName = indexes.get(snapshot);
  if (!byName) indexes.set(snapshot, (byName = new Map<string, unknown>()));
  if (!byName.has(name)) byName.set(name, build(snapshot));
  return byName.get(name) as T;
}

export function dropSnapshotIndexes(snapshot: Snapshot): void {
  indexes.delete(snapshot);
}

/** The topology entry of each node name (the first, as a scan would find). */
export function topologyNode(snapshot: Snapshot, name: string): Snapshot['topology']['nodes'][number] | undefined {
  return snapshotIndex(snapshot, 'topology-nodes', (s) => {
    const map = new Map<string, Snapshot['topology']['nodes'][number]>();
    for (const n of s.topology.nodes) if (!map.has(n.name)) map.set(n.name, n);
    return map;
  }).get(name);
}

/**
 * A value computed from one or two objects of the snapshot (a VNET and its route table, say),
 * remembered for the run: the pair rules ask the same question of a node for each of its peers.
 */
export function perRun<T>(name: string, first: object, second: object | undefined, compute: () => T): T {
  // The prefixed name is built once per name: a fresh string per call cost a concatenation and a hash each time.
  let memoName = perRunNames.get(name);
  if (memoName === undefined) perRunNames.set(name, (memoName = `per-run:${name}`));
  const bySecond = memoInRun(first, memoName, () => new Map<object | undefined, T>());
  const known = bySecond.get(second);
  if (known !== undefined || bySecond.has(second)) return known as T;
  const value = compute();
  bySecond.set(second, value);
  return value;
}

const perRunNames = new Map<string, string>();

/**
 * Memo tables of the evaluation in progress, keyed by the snapshot objects a value is computed from
 * (a VNET's effective routes, an NSG rule compiled for a VirtualNetwork tag). There are none outside an
 * evaluation, so a model function called on its own always computes afresh from what it is given.
 */
let runMemo: WeakMap<object, Map<string, unknown>> | undefined;

export function withRunMemo<T>(run: () => T): T {
  const previous = runMemo;
  runMemo = new WeakMap();
  try {
    return run();
  } finally {
    runMemo = previous;
  }
}

export function memoInRun<T>(key: object, name: string, compute: () => T): T {
  if (!runMemo) return compute();
  let byName = runMemo.get(key);
  if (!byName) runMemo.set(key, (byName = new Map<string, unknown>()));
  const known = byName.get(name);
  if (known !== undefined || byName.has(name)) return known as T;
  const value = compute();
  byName.set(name, value);
  return value;
}
