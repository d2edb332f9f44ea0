import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index.js';
import { findConfigFile, loadConfig } from '../src/config/load.js';
import { InputError } from '../src/util/errors.js';
import { cli, tempDir } from './helpers/cli.js';

const ids = RULES.map((r) => r.id);
const SERVER_A =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg-eastus/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-app-a';

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

function errorOf(path: string): string {
  try {
    loadConfig(path, ids);
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err.message;
  }
  assert.fail('expected an InputError');
}

const valid = `database: appdb
topology: bidirectional
azure:
  cloud: AzurePublicCloud
  credential: token
nodes:
  - name: node_a
    server: ${SERVER_A}
    connection: "host=pg-app-a.postgres.database.azure.com port=5432 dbname=appdb user=repl sslmode=require"
    passwordEnv: PG_A_PASSWORD
  - name: node_b
dns:
  resolve: true
  servers: ["10.1.0.4", "10.1.0.5:53"]
rules:
  postgres/worker-budget: warning
  azure/pending-restart: "off"
`;

test('a full config loads, YAML and JSON alike', () => {
  const { config } = loadConfig(write('pgl-preflight.yaml', valid), ids);
  assert.equal(config.nodes![0]!.passwordEnv, 'PG_A_PASSWORD');
  assert.equal(config.rules?.['azure/pending-restart'], 'off');
  const json = loadConfig(write('c.json', JSON.stringify({ database: 'appdb', nodes: [{ name: 'a' }, { name: 'b' }] })), ids);
  assert.equal(json.config.database, 'appdb');
});

test('rules and suppressions take the same patterns as --rule: an id, area/* or *', () => {
  const { config } = loadConfig(
    write('pgl-preflight.yaml', valid.replace('postgres/worker-budget: warning', '"postgres/*": warning\n  "*": info')),
    ids,
  );
  assert.deepEqual(config.rules, { 'postgres/*': 'warning', '*': 'info', 'azure/pending-restart': 'off' });
  assert.match(
    errorOf(write('pgl-preflight.yaml', valid.replace('postgres/worker-budget: warning', '"postgre/*": warning'))),
    /rules\["postgre\/\*"\]: unknown rule "postgre\/\*"$/,
  );
});

test('errors name the file, the line, the path and what was expected', () => {
  const cases: [string, RegExp][] = [
    [
      valid.replace('cloud: AzurePublicCloud', 'cloud: AzureGermanCloud'),
      /:4: azure\.cloud: must be one of "AzurePublicCloud", "AzureChinaCloud", "AzureUSGovernment"$/,
    ],
    [valid.replace('passwordEnv:', 'password_env:'), /:10: nodes\[0\]\.password_env: unknown key "password_env"$/],
    [valid.replace('database: appdb\n', ''), /:1: \(top level\): missing required key "database"$/],
    [
      valid.replace('/flexibleServers/pg-app-a', '/servers/pg-app-a'),
      /:8: nodes\[0\]\.server: expected \/subscriptions\/<id>\/resourceGroups\/<rg>\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/<name>$/,
    ],
    [valid.replace('- name: node_b', '- name: node_a'), /:11: nodes\[1\]\.name: duplicate node name "node_a"$/],
    [
      valid.replace('postgres/worker-budget: warning', 'postgres/worker-budgets: warning'),
      /:16: rules\["postgres\/worker-budgets"\]: unknown rule "postgres\/worker-budgets"$/,
    ],
    [
      valid.replace('postgres/worker-budget: warning', 'postgres/worker-budget: fatal'),
      /:16: rules\["postgres\/worker-budget"\]: must be one of "error", "warning", "info", "off"$/,
    ],
    ['database: appdb\nnodes:\n  - name: only_one\n', /:3: nodes: must NOT have fewer than 2 items$/],
    ['database: [unclosed\n', /:2: not valid YAML: Flow sequence/],
    ['database: appdb\ndatabase: again\nnodes: []\n', /:2: not valid YAML: Map keys must be unique/],
  ];
  for (const [text, pattern] of cases) {
    const path = write('pgl-preflight.yaml', text);
    const message = errorOf(path);
    assert.ok(message.startsWith(path), message);
    assert.match(message, pattern);
  }
});

test('a password in a DSN is refused without echoing it', () => {
  for (const dsn of [
    'host=a user=u password=Sup3rSecret! dbname=appdb',
    "host=a password = 'Sup3r Secret!'",
    'postgres://u:Sup3rSecret!@a:5432/appdb',
  ]) {
    const message = errorOf(write('c.yaml', `database: appdb\nnodes:\n  - name: a\n    connection: "${dsn}"\n  - name: b\n`));
    assert.match(message, /nodes\[0\]\.connection: contains a password; use passwordEnv/);
    assert.doesNotMatch(message, /Sup3r/);
  }
});

test('config discovery: --config wins, else pgl-preflight.yaml/.yml/.json in the working directory', () => {
  const dir = tempDir();
  assert.equal(findConfigFile(dir), undefined);
  writeFileSync(join(dir, 'pgl-preflight.json'), '{}');
  assert.equal(findConfigFile(dir), join(dir, 'pgl-preflight.json'));
  writeFileSync(join(dir, 'pgl-preflight.yaml'), '{}');
  assert.equal(findConfigFile(dir), join(dir, 'pgl-preflight.yaml'));
  assert.equal(findConfigFile(dir, 'other.yaml'), join(dir, 'other.yaml'));
});

test('the CLI reports a bad config with exit 2 and one line', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'pgl-preflight.yaml'), valid.replace('resolve: true', 'resolve: sometimes'));
  const run = cli(['check', '--snapshot', join(dir, 'missing.json')], { cwd: dir });
  assert.equal(run.status, 2);
  assert.match(run.stderr.trim(), /^pgl-preflight: \S+pgl-preflight\.yaml:13: dns\.resolve: must be boolean$/);
});
