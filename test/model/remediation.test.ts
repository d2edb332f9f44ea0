import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeView } from '../../src/model/node-view.js';
import { parameterFix } from '../../src/model/remediation.js';

const selfHosted = { name: 'node_a', ref: { name: 'node_a' } } as unknown as NodeView;
const onAzure = {
  name: 'node_a',
  ref: { name: 'node_a', server: '/subscriptions/0000/resourceGroups/rg-db/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-a' },
} as unknown as NodeView;

test('list parameters get one SQL literal per entry (a single literal would name one library "a,b")', () => {
  assert.equal(
    parameterFix(selfHosted, 'output_plugin_libraries', 'pgoutput,test_decoding,pglogical_output'),
    "ALTER SYSTEM SET output_plugin_libraries = 'pgoutput', 'test_decoding', 'pglogical_output'; SELECT pg_reload_conf();",
  );
  assert.match(
    parameterFix(selfHosted, 'shared_preload_libraries', 'pg_stat_statements, pglogical'),
    /= 'pg_stat_statements', 'pglogical'; then restart PostgreSQL on node_a/,
  );
});

test('scalar parameters: quoted once; restart-only ones say so, reloadable ones reload', () => {
  assert.match(parameterFix(selfHosted, 'wal_level', 'logical'), /^ALTER SYSTEM SET wal_level = 'logical'; then restart/);
  assert.match(parameterFix(selfHosted, 'pglogical.conflict_resolution', "it's"), /= 'it''s'; SELECT pg_reload_conf\(\);$/);
});

test('Azure servers get the az command, with the restart where needed', () => {
  assert.equal(
    parameterFix(onAzure, 'max_worker_processes', '16'),
    'az postgres flexible-server parameter set --resource-group rg-db --server-name pg-a --name max_worker_processes --value "16" && az postgres flexible-server restart --resource-group rg-db --name pg-a',
  );
});
