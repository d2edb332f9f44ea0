// What one result is about: a node, an ordered pair (subscriber -> provider), or a catalog object on a node.
import type { Snapshot } from '../snapshot/types.js';
import { snapshotIndex } from './snapshot-index.js';

export type Target =
  | { kind: 'node'; node: string }
  | { kind: 'pair'; subscriber: string; provider: string }
  | { kind: 'object'; node: string; object: string };

/** The string form used in every report: `node_a`, `node_a->node_b`, `node_a:public.orders`. */
export function targetId(target: Target): string {
  switch (target.kind) {
    case 'node':
      return target.node;
    case 'pair':
      return `${target.subscriber}->${target.provider}`;
    case 'object':
      return `${target.node}:${target.object}`;
  }
}

/** The nodes whose facts a target needs. */
export function targetNodes(target: Target): string[] {
  return target.kind === 'pair' ? [target.subscriber, target.provider] : [target.node];
}

export function nodeNames(snapshot: Snapshot): string[] {
  return snapshot.topology.nodes.map((n) => n.name);
}

export function selectNodes(snapshot: Snapshot): Target[] {
  return nodeNames(snapshot).map((node) => ({ kind: 'node', node }));
}

/** Every ordered pair: in a bidirectional mesh each node subscribes to every other node. */
export function selectOrderedPairs(snapshot: Snapshot): Target[] {
  // One list per run, shared by the pair rules: the same 39,800 targets at 200 nodes, not one copy per rule
  // (the reports then group a pair's results by target object).
  return snapshotIndex(snapshot, 'ordered-pairs', orderedPairs);
}

function orderedPairs(snapshot: Snapshot): Target[] {
  const names = nodeNames(snapshot);
  const pairs: Target[] = [];
  for (const subscriber of names) {
    for (const provider of names) {
      if (subscriber !== provider) pairs.push({ kind: 'pair', subscriber, provider });
    }
  }
  return pairs;
}

/** The node a node or object target is about (pair targets have two; use subscriber/provider). */
export function nodeOf(target: Target): string {
  if (target.kind === 'pair') throw new Error('nodeOf() called on a pair target');
  return target.node;
}

/** The two ends of a pair target: subscriber (whose workers connect) and provider. */
export function pairOf(target: Target): { subscriber: string; provider: string } {
  if (target.kind !== 'pair') throw new Error('pairOf() called on a non-pair target');
  return { subscriber: target.subscriber, provider: target.provider };
}
