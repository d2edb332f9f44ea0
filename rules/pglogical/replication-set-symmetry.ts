import { memoInRun } from '../../src/model/snapshot-index.js';
import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { pglogicalOf } from '../../src/model/pglogical.js';
import type { ReplicationSet } from '../../src/snapshot/types.js';

function operations(set: ReplicationSet): string {
  return memoInRun(set, 'operations', () =>
    ['insert', 'update', 'delete', 'truncate']
      .filter((op, i) => [set.replicateInsert, set.replicateUpdate, set.replicateDelete, set.replicateTruncate][i])
      .join('/'),
  );
}

/** A set's tables as a Set, built once per set and run: every peer of a node compares against it. */
function tableSet(set: ReplicationSet): ReadonlySet<string> {
  return memoInRun(set, 'tables', () => new Set(set.tables));
}

export default defineRule({
  id: 'pglogical/replication-set-symmetry',
  title: 'Both ends replicate the same sets',
  description:
    'In active-active the nodes replication sets should hold the same tables with the same operations, or changes flow one way only for some tables.',
  severity: 'warning',
  requires: ['postgres'],
  messages: {
    differs: {
      message: '{{subscriber}} -> {{provider}}: replication sets differ: {{differences}}',
      help: "Make the sets the same on both nodes, e.g. SELECT pglogical.replication_set_add_table('<set>', '<table>'); on the node that lacks it",
    },
  },
  help: 'Keep the same tables and operations in the replication sets of every node.',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    // Each ordered pair compares the provider's sets with the subscriber's: what the subscriber receives versus what it sends.
    const mine = pglogicalOf(ctx.snapshot, subscriber)?.replicationSets ?? [];
    const theirs = pglogicalOf(ctx.snapshot, provider)?.replicationSets ?? [];
    const differences: string[] = [];
    for (const name of [...new Set([...mine, ...theirs].map((s) => s.name))].sort()) {
      const a = mine.find((s) => s.name === name);
      const b = theirs.find((s) => s.name === name);
      if (!a || !b) {
        differences.push(`set ${name} exists only on ${a ? subscriber : provider}`);
        continue;
      }
      if (operations(a) !== operations(b))
        differences.push(`set ${name} replicates ${operations(a)} on ${subscriber} but ${operations(b)} on ${provider}`);
      // Sets, not includes(): a scan per table is quadratic in the table count.
      const inA = tableSet(a);
      const inB = tableSet(b);
      const onlyA = a.tables.filter((t) => !inB.has(t));
      const onlyB = b.tables.filter((t) => !inA.has(t));
      if (onlyA.length) differences.push(`set ${name} has ${onlyA.join(', ')} only on ${subscriber}`);
      if (onlyB.length) differences.push(`set ${name} has ${onlyB.join(', ')} only on ${provider}`);
    }
    const evidence = { differences };
    if (differences.length) return ctx.fail('differs', { subscriber, provider, differences: differences.join('; ') }, evidence);
    return ctx.pass(`${mine.length} replication sets match`, evidence);
  },
});
