import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { interpolate } from '../../src/engine/rule.js';
import { sh, shellArg, sqlIdent, sqlLiteral, sqlQualified, sqlRegclass } from '../../src/util/quote.js';

test('SQL quoting: literals double their quotes; identifiers quote what quote_ident would', () => {
  assert.equal(sqlLiteral("s'); DROP TABLE orders; --"), "'s''); DROP TABLE orders; --'");
  assert.equal(sqlIdent('pglogical_repl'), 'pglogical_repl');
  assert.equal(sqlIdent('Repl'), '"Repl"');
  assert.equal(sqlIdent('entra-app@contoso'), '"entra-app@contoso"');
  assert.equal(sqlIdent('user'), '"user"');
  assert.equal(sqlIdent('a"; DROP ROLE x; --'), '"a""; DROP ROLE x; --"');
  assert.equal(sqlQualified('public.orders'), 'public.orders');
  assert.equal(sqlQualified('Sales.Order Lines'), '"Sales"."Order Lines"');
  assert.equal(sqlQualified('"we.ird"."t""x"'), '"we.ird"."t""x"');
  assert.equal(sqlRegclass("public.it's"), `'public."it''s"'`);
});

test('shell quoting: a hostile value stays one word and runs nothing', () => {
  assert.equal(shellArg('rg-pg-eastus'), 'rg-pg-eastus');
  assert.equal(shellArg('a b'), "'a b'");
  const hostile = "x'$(touch /nonexistent/pwned)`id`;rm -rf ~";
  const command = sh`printf %s ${hostile}`;
  const run = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  assert.equal(run.stdout, hostile);
});

test('fix templates quote by kind; prose placeholders stay as they are', () => {
  const data = { subscription: "s'); DROP TABLE orders; --", role: 'Repl', table: 'public.Orders', server: 'pg $(id)' };
  assert.equal(
    interpolate(
      'SELECT pglogical.alter_subscription_enable({{literal:subscription}}); ALTER ROLE {{ident:role}} REPLICATION; ALTER TABLE {{qualified:table}}; {{regclass:table}}; az --name {{shell:server}} ({{server}})',
      data,
    ),
    `SELECT pglogical.alter_subscription_enable('s''); DROP TABLE orders; --'); ALTER ROLE "Repl" REPLICATION; ALTER TABLE public."Orders"; 'public."Orders"'; az --name 'pg $(id)' (pg $(id))`,
  );
  assert.equal(interpolate('{{unknown:subscription}}', data), '{{unknown:subscription}}');
});
