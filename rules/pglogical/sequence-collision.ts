import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { selectReplicatedTables } from '../../src/model/pglogical.js';
import type { TableFacts } from '../../src/snapshot/types.js';

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

/** Two sequences start + k*increment meet iff the starts differ by a multiple of gcd(increments). */
export function sequencesCollide(a: { start: number; increment: number }, b: { start: number; increment: number }): boolean {
  if (a.increment === 0 || b.increment === 0) return a.start === b.start;
  if (Math.sign(a.increment) !== Math.sign(b.increment)) return false;
  return (b.start - a.start) % gcd(a.increment, b.increment) === 0;
}

export default defineRule({
  id: 'pglogical/sequence-collision',
  title: 'Sequence-generated keys cannot collide between nodes',
  description:
    'A bidirectionally replicated table whose key comes from a sequence or identity that produces the same values on two nodes gets duplicate keys: inserts on one node conflict with rows from the other.',
  severity: 'warning',
  requires: ['postgres'],
  messages: {
    collide: {
      message: '{{node}}: {{table}}.{{column}} comes from {{sequence}} (start {{start}}, increment {{increment}}), and on {{other}} from {{otherSequence}} (start {{otherStart}}, increment {{otherIncrement}}): both produce the same keys',
      help: 'Give each node its own residue: e.g. on node k of n, ALTER SEQUENCE {{sequence}} INCREMENT BY <n> RESTART WITH <k>; or use UUID keys',
    },
  },
  help: 'Use interleaved sequences (INCREMENT BY the node count, different starts) or UUIDs for keys of replicated tables.',
  select: selectReplicatedTables,
  check(target, ctx) {
    const node = nodeOf(target);
    const table = target.kind === 'object' ? target.object : '';
    const find = (n: string): TableFacts | undefined => ctx.node(n).postgres?.tables?.find((t) => `${t.schema}.${t.name}` === table);
    const mine = find(node);
    const gens = mine?.keyGenerators ?? [];
    if (gens.length === 0) return ctx.pass(`${table}: no sequence-generated key`, { keyGenerators: [] });
    for (const other of ctx.snapshot.topology.nodes.filter((n) => n.name !== node)) {
      for (const g of gens) {
        const theirs = find(other.name)?.keyGenerators?.find((x) => x.column === g.column);
        if (theirs && sequencesCollide(g, theirs)) {
          return ctx.fail(
            'collide',
            { node, table, column: g.column, sequence: g.sequence, start: g.start, increment: g.increment, other: other.name, otherSequence: theirs.sequence, otherStart: theirs.start, otherIncrement: theirs.increment },
            { mine: g, theirs },
          );
        }
      }
    }
    return ctx.pass(`${table}: key sequences do not overlap between nodes`, { keyGenerators: gens });
  },
});
