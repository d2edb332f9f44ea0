import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { selectReplicatedTables } from '../../src/model/pglogical.js';
import type { TableFacts } from '../../src/snapshot/types.js';

/** A sequence as the snapshot knows it; min/max only when collected, else PostgreSQL's defaults. */
export interface SequenceSpec {
  start: number | bigint;
  increment: number | bigint;
  /** MINVALUE / MAXVALUE (decimal text as collected from pg_sequence). */
  min?: number | bigint | string;
  max?: number | bigint | string;
  /** The sequence's data type (for serial and identity columns, the column's type); bigint when unknown. */
  type?: string;
}

/** PostgreSQL's bounds per sequence data type (CREATE SEQUENCE ... AS). */
const BIGINT_BOUNDS = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const TYPE_BOUNDS: Record<string, readonly [bigint, bigint]> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: BIGINT_BOUNDS,
};

/**
 * The values a sequence produces, as a residue class `anchor mod step` within [lo, hi]: ascending
 * from start up to MAXVALUE, descending from start down to MINVALUE. Missing bounds take
 * PostgreSQL's defaults (CREATE SEQUENCE: ascending MAXVALUE = the type's maximum, descending
 * MINVALUE = the type's minimum). A zero increment is refused by PostgreSQL ("INCREMENT must not be
 * zero"); were one to appear, it would only ever produce its start.
 */
export function sequenceValues(seq: SequenceSpec): { lo: bigint; hi: bigint; step: bigint; anchor: bigint } {
  const start = BigInt(seq.start);
  const increment = BigInt(seq.increment);
  const [typeMin, typeMax] = TYPE_BOUNDS[seq.type ?? 'bigint'] ?? BIGINT_BOUNDS;
  if (increment === 0n) return { lo: start, hi: start, step: 1n, anchor: start };
  const step = increment < 0n ? -increment : increment;
  if (increment > 0n) return { lo: start, hi: seq.max !== undefined ? BigInt(seq.max) : typeMax, step, anchor: start };
  return { lo: seq.min !== undefined ? BigInt(seq.min) : typeMin, hi: start, step, anchor: start };
}

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b);
}
/** x with a*x ≡ 1 (mod m), for coprime a and m (extended Euclid). */
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, x0, x1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, x0, x1] = [r1, r0 - q * r1, x1, x0 - q * x1];
  }
  return mod(x0, m);
}

/**
 * The smallest value both sequences produce, or undefined if they never meet. Both are residue classes
 * within an interval: by the Chinese remainder theorem they share a class modulo lcm(steps) iff their
 * anchors differ by a multiple of gcd(steps); then the first member of that class at or above the
 * intervals' common lower end must not pass their common upper end. Exact for any signs (BigInt).
 */
export function firstSharedValue(a: SequenceSpec, b: SequenceSpec): bigint | undefined {
  const x = sequenceValues(a);
  const y = sequenceValues(b);
  const lo = x.lo > y.lo ? x.lo : y.lo;
  const hi = x.hi < y.hi ? x.hi : y.hi;
  if (lo > hi) return undefined;
  const g = gcd(x.step, y.step);
  const diff = y.anchor - x.anchor;
  if (mod(diff, g) !== 0n) return undefined;
  const yStep = y.step / g;
  const t = mod((diff / g) * inverse(x.step / g, yStep), yStep);
  const period = x.step * yStep;
  const v0 = x.anchor + x.step * t;
  const gap = lo - v0;
  const first = v0 + (gap >= 0n ? (gap + period - 1n) / period : gap / period) * period;
  return first <= hi ? first : undefined;
}

export function sequencesCollide(a: SequenceSpec, b: SequenceSpec): boolean {
  return firstSharedValue(a, b) !== undefined;
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
      message:
        '{{node}}: {{table}}.{{column}} comes from {{sequence}} (start {{start}}, increment {{increment}}), and on {{other}} from {{otherSequence}} (start {{otherStart}}, increment {{otherIncrement}}): both produce the same keys (first shared value {{value}}; values {{range}} here, {{otherRange}} there)',
      help: 'Give each node its own residue: on node k of n, ALTER SEQUENCE {{qualified:sequence}} INCREMENT BY <n> START WITH <k> RESTART WITH <a value = k modulo n above the largest {{column}}>; (same sign of increment on every node), or use UUID keys',
    },
  },
  help: 'Use interleaved sequences (INCREMENT BY the node count, different starts) or UUIDs for keys of replicated tables.',
  select: selectReplicatedTables,
  check(target, ctx) {
    const node = nodeOf(target);
    const table = target.kind === 'object' ? target.object : '';
    const find = (n: string): TableFacts | undefined => ctx.peer(n).tables.table(table);
    const mine = find(node);
    const gens = mine?.keyGenerators ?? [];
    if (gens.length === 0) return ctx.pass(`${table}: no sequence-generated key`, { keyGenerators: [] });
    // Serial and identity sequences have their column's type, which sets the default bounds.
    const spec = (facts: TableFacts | undefined, g: NonNullable<TableFacts['keyGenerators']>[number]): SequenceSpec => ({
      ...g,
      type: facts?.columns.find((c) => c.name === g.column)?.type,
    });
    const range = (s: SequenceSpec) => {
      const v = sequenceValues(s);
      return BigInt(s.increment) < 0n ? `${v.hi} down to ${v.lo}` : `${v.lo} up to ${v.hi}`;
    };
    for (const other of ctx.snapshot.topology.nodes.filter((n) => n.name !== node)) {
      const otherFacts = find(other.name);
      for (const g of gens) {
        const theirs = otherFacts?.keyGenerators?.find((x) => x.column === g.column);
        if (!theirs) continue;
        const a = spec(mine, g);
        const b = spec(otherFacts, theirs);
        const value = firstSharedValue(a, b);
        if (value !== undefined) {
          return ctx.fail(
            'collide',
            {
              node,
              table,
              column: g.column,
              sequence: g.sequence,
              start: g.start,
              increment: g.increment,
              range: range(a),
              other: other.name,
              otherSequence: theirs.sequence,
              otherStart: theirs.start,
              otherIncrement: theirs.increment,
              otherRange: range(b),
              value: String(value),
            },
            {
              mine: g,
              theirs,
              firstSharedValue: String(value),
              ...(g.min === undefined || theirs.min === undefined
                ? { boundsAssumed: 'PostgreSQL defaults for the column type where MINVALUE/MAXVALUE were not collected' }
                : {}),
            },
          );
        }
      }
    }
    return ctx.pass(`${table}: key sequences do not overlap between nodes`, { keyGenerators: gens });
  },
});
