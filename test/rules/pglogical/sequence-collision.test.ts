// Sequence ranges, not signs: two nodes' key sequences collide exactly when they can produce a common value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sequenceCollision, { firstSharedValue, sequencesCollide, type SequenceSpec } from '../../../rules/pglogical/sequence-collision.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, sql, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const tables = {
  'node_a:public.customers': 'pass',
  'node_a:public.orders': 'pass',
  'node_b:public.customers': 'pass',
  'node_b:public.orders': 'pass',
} as const;

/** public.customers.id (bigint) generated on node_a by `a` and on node_b by `b` (column `bColumn`). */
const withSequences = (a: [number, number], b: [number, number], bColumn = 'id') =>
  withOverrides(healthy, (s) => {
    sql(s, 'node_a').tables!.find((t) => t.name === 'customers')!.keyGenerators = [
      { column: 'id', sequence: 'public.customers_id_seq', start: a[0], increment: a[1] },
    ];
    const tb = sql(s, 'node_b').tables!.find((t) => t.name === 'customers')!;
    if (bColumn !== 'id') tb.columns.push({ name: bColumn, type: 'bigint' });
    tb.keyGenerators = [{ column: bColumn, sequence: `public.customers_${bColumn}_seq`, start: b[0], increment: b[1] }];
  });

ruleCases(sequenceCollision, [
  {
    name: 'wrong before: ascending from 1 and descending from 1,000,000 meet (opposite signs are not enough)',
    snapshot: withSequences([1, 1], [1_000_000, -1]),
    expect: {
      ...tables,
      'node_a:public.customers': {
        outcome: 'fail',
        severity: 'warning',
        message: [
          /\(start 1, increment 1\), and on node_b from public\.customers_id_seq \(start 1000000, increment -1\): both produce the same keys \(first shared value 1; values 1 up to 9223372036854775807 here, 1000000 down to -9223372036854775808 there\)/,
        ],
        help: [/START WITH <k> RESTART WITH/],
      },
      'node_b:public.customers': { outcome: 'fail', message: [/first shared value 1;/] },
    },
  },
  { name: 'right: ascending from 1 and descending from 0 never meet', snapshot: withSequences([1, 1], [0, -1]), expect: tables },
  { name: 'right: interleaved sequences (odd and even) pass', snapshot: withSequences([1, 2], [2, 2]), expect: tables },
  {
    name: 'the same residue in the same direction collides',
    snapshot: withSequences([1, 2], [3, 2]),
    expect: {
      ...tables,
      'node_a:public.customers': { outcome: 'fail', message: [/first shared value 3;/] },
      'node_b:public.customers': 'fail',
    },
  },
  {
    name: 'both descending from -1 collide',
    snapshot: withSequences([-1, -1], [-1, -1]),
    expect: { ...tables, 'node_a:public.customers': 'fail', 'node_b:public.customers': 'fail' },
  },
  {
    name: "the column's type bounds the ranges: integer keys from 1 by 2 and from 2147483646 by 3 first meet past 2^31-1",
    snapshot: withOverrides(withSequences([1, 2], [2_147_483_646, 3]), (s) => {
      for (const n of ['node_a', 'node_b'])
        sql(s, n)
          .tables!.find((t) => t.name === 'customers')!
          .columns.find((c) => c.name === 'id')!.type = 'integer';
    }),
    expect: tables,
  },
  {
    name: 'the same sequences on bigint keys meet at 2147483649',
    snapshot: withSequences([1, 2], [2_147_483_646, 3]),
    expect: {
      ...tables,
      'node_a:public.customers': { outcome: 'fail', message: [/first shared value 2147483649;/] },
      'node_b:public.customers': 'fail',
    },
  },
  {
    name: 'collected MAXVALUE keeps ranges apart: node_a 1..999999, node_b from 1000000 up passes',
    snapshot: withOverrides(withSequences([1, 1], [1_000_000, 1]), (s) => {
      sql(s, 'node_a').tables!.find((t) => t.name === 'customers')!.keyGenerators![0]!.max = '999999';
    }),
    expect: tables,
  },
  {
    name: 'the same ranges without the collected MAXVALUE collide at 1000000',
    snapshot: withSequences([1, 1], [1_000_000, 1]),
    expect: {
      ...tables,
      'node_a:public.customers': { outcome: 'fail', message: [/first shared value 1000000;/] },
      'node_b:public.customers': 'fail',
    },
  },
  {
    name: 'a collected MINVALUE bounds a descending sequence: 0 down to -10 and 1 up never meet, -10 down and -20 up to 100 do',
    snapshot: withOverrides(withSequences([-10, -1], [-20, 1]), (s) => {
      sql(s, 'node_a').tables!.find((t) => t.name === 'customers')!.keyGenerators![0]!.min = '-15';
      sql(s, 'node_b').tables!.find((t) => t.name === 'customers')!.keyGenerators![0]!.max = '100';
    }),
    expect: {
      ...tables,
      'node_a:public.customers': { outcome: 'fail', message: [/first shared value -15;/] },
      'node_b:public.customers': 'fail',
    },
  },
  {
    name: 'a sequence on another column of the other node is not compared',
    snapshot: withSequences([1, 1], [1, 1], 'legacy_id'),
    expect: tables,
  },
]);

test('sequence arithmetic: collisions are exactly the progressions that meet', () => {
  const seq = (start: number, increment: number, extra: Partial<SequenceSpec> = {}): SequenceSpec => ({ start, increment, ...extra });
  assert.equal(sequencesCollide(seq(1, 1), seq(1, 1)), true);
  assert.equal(sequencesCollide(seq(1, 2), seq(2, 2)), false);
  assert.equal(sequencesCollide(seq(1, 2), seq(3, 2)), true);
  assert.equal(sequencesCollide(seq(1, 3), seq(2, 3)), false);
  assert.equal(sequencesCollide(seq(1, 2), seq(2, 4)), false);
  assert.equal(sequencesCollide(seq(1, 4), seq(4, 6)), false);
  assert.equal(sequencesCollide(seq(1, 4), seq(5, 6)), true);
  // Opposite directions: the ranges decide.
  assert.equal(firstSharedValue(seq(1, 1), seq(1_000_000, -1)), 1n);
  assert.equal(firstSharedValue(seq(1, 1), seq(0, -1)), undefined);
  assert.equal(firstSharedValue(seq(10, 3), seq(100, -7)), 16n);
  assert.equal(firstSharedValue(seq(-5, -1), seq(1, 1)), undefined);
  // The type's bounds: odd (1, 3, 5, …) and 32766 + 3k first meet at 32769, past smallint's maximum.
  assert.equal(firstSharedValue(seq(1, 2, { type: 'smallint' }), seq(32766, 3, { type: 'smallint' })), undefined);
  assert.equal(firstSharedValue(seq(1, 2, { type: 'integer' }), seq(32766, 3, { type: 'integer' })), 32769n);
  assert.equal(firstSharedValue(seq(1, 2), seq(32766, 3)), 32769n, 'unknown type: bigint bounds');
  // Explicit bounds, when known, cut the ranges.
  assert.equal(firstSharedValue(seq(1, 1, { max: 999 }), seq(1000, 1)), undefined);
  assert.equal(firstSharedValue(seq(1, 1, { max: 1000 }), seq(1000, 1)), 1000n);
  assert.equal(firstSharedValue(seq(2000, -1, { min: 1000 }), seq(1, 1, { max: 999 })), undefined);
  // Zero increment cannot exist in PostgreSQL; defensively it produces only its start.
  assert.equal(firstSharedValue(seq(5, 0), seq(1, 1)), 5n);
  assert.equal(firstSharedValue(seq(5, 0), seq(2, 2)), undefined);
  assert.equal(firstSharedValue(seq(1, 2), seq(5, 0)), 5n);
  assert.equal(firstSharedValue(seq(5, 0), seq(5, 0)), 5n);
  assert.equal(firstSharedValue(seq(5, 0), seq(6, 0)), undefined);
  assert.equal(firstSharedValue(seq(5, 0), seq(4, -1)), undefined);
  // Beyond Number precision: exact with BigInt (checked with Python: pow(m, -1, n) CRT).
  assert.equal(
    firstSharedValue({ start: 1n, increment: 2_147_483_647n }, { start: 2n, increment: 2_147_483_629n }),
    4_355_481_199_181_591_002n,
  );
});

test('sequence arithmetic agrees with enumeration on small bounded ranges', () => {
  const values = (s: { start: number; increment: number; min: number; max: number }) => {
    const out = new Set<number>();
    if (s.increment === 0) return out.add(s.start);
    for (let v = s.start; v >= s.min && v <= s.max; v += s.increment) out.add(v);
    return out;
  };
  const specs: { start: number; increment: number; min: number; max: number }[] = [];
  for (const start of [-7, -2, 0, 1, 3, 8])
    for (const increment of [-5, -3, -2, -1, 0, 1, 2, 4, 6]) specs.push({ start, increment, min: -20, max: 20 });
  for (const a of specs) {
    for (const b of specs) {
      const shared = [...values(a)].filter((v) => values(b).has(v));
      const want = shared.length ? BigInt(Math.min(...shared)) : undefined;
      assert.equal(firstSharedValue(a, b), want, `${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
});
