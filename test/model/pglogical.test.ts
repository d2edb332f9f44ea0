import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableLookup } from '../../src/model/pglogical.js';
import type { PostgresFacts, TableFacts } from '../../src/snapshot/types.js';

const table = (schema: string, name: string): TableFacts => ({ schema, name }) as TableFacts;

test('table lookup: schema.name and "schema"."name" find the same table, for every rule', () => {
  const pg = { tables: [table('public', 'orders'), table('Sales', 'Order Lines')] } as unknown as PostgresFacts;
  const lookup = tableLookup(pg);
  assert.equal(lookup.table('public.orders')?.name, 'orders');
  assert.equal(lookup.table('"public"."orders"')?.name, 'orders');
  assert.equal(lookup.table('"Sales"."Order Lines"')?.name, 'Order Lines');
  assert.equal(lookup.table('Sales.Order Lines')?.name, 'Order Lines');
  assert.equal(lookup.table('public.missing'), undefined);
});
