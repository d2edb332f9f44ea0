import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AzureCliCredential, DefaultAzureCredential, EnvironmentCredential, ManagedIdentityCredential } from '@azure/identity';
import { CLOUDS } from '../src/collect/azure/clouds.js';
import { makeCredential } from '../src/collect/azure/credential.js';
import { toSliceError } from '../src/collect/azure/errors.js';
import { Limiter } from '../src/collect/limit.js';
import { makeProgress } from '../src/cli/progress.js';
import { readPostgresFacts } from '../src/collect/postgres/collect.js';
import { InputError } from '../src/util/errors.js';

test('clouds: each has its own Resource Manager, authority and token audiences', () => {
  assert.equal(CLOUDS.AzurePublicCloud.resourceManager, 'https://management.azure.com');
  assert.equal(CLOUDS.AzureChinaCloud.resourceManager, 'https://management.chinacloudapi.cn');
  assert.equal(CLOUDS.AzureUSGovernment.authorityHost, 'https://login.microsoftonline.us');
  assert.equal(new Set(Object.values(CLOUDS).map((c) => c.postgresScope)).size, 3);
});

test('credentials: token uses $AZURE_ACCESS_TOKEN as is; each other kind is the @azure/identity credential of that name', async () => {
  const token = await makeCredential('token', CLOUDS.AzurePublicCloud, { AZURE_ACCESS_TOKEN: ' abc.def ' }).getToken('x');
  assert.equal(token?.token, 'abc.def');
  assert.throws(() => makeCredential('token', CLOUDS.AzurePublicCloud, {}), InputError);
  const expected = {
    default: DefaultAzureCredential,
    cli: AzureCliCredential,
    'managed-identity': ManagedIdentityCredential,
    environment: EnvironmentCredential,
  };
  for (const [kind, type] of Object.entries(expected)) {
    const credential = makeCredential(kind as keyof typeof expected, CLOUDS.AzureChinaCloud, {});
    assert.ok(credential instanceof type, `${kind} is a ${type.name}, not a ${credential.constructor.name}`);
  }
});

test('fault reasons are one line and never carry a token', () => {
  const ctx = {
    label: 'NSG nsg-b',
    action: 'Microsoft.Network/networkSecurityGroups/read',
    referencedBy: 'subnet snet-pg',
    timeoutSeconds: 5,
  };
  const e = toSliceError({ statusCode: 500, message: 'boom\nAuthorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.x.y\nmore' }, ctx);
  assert.equal(e.code, 'server-error');
  assert.doesNotMatch(e.message, /\n|eyJ0eXAi/);
  assert.equal(toSliceError({ name: 'CredentialUnavailableError', message: 'Azure CLI not found' }, ctx).code, 'auth');
  assert.equal(toSliceError({ name: 'AbortError', message: 'The operation was aborted.' }, ctx).code, 'timeout');
  assert.equal(toSliceError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, ctx).code, 'network');
});

test('the limiter never runs more than its size at once', async () => {
  const limiter = new Limiter(3);
  let active = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 12 }, () =>
      limiter.run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
      }),
    ),
  );
  assert.equal(peak, 3);
});

test('a slot freed for a waiting task is not taken by a newcomer (a limit of 1 never runs 2)', async () => {
  const limiter = new Limiter(1);
  let active = 0;
  let peak = 0;
  const runs: Promise<void>[] = [];
  const task = async () => {
    active += 1;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 2));
    active -= 1;
  };
  // Newcomers arrive a few microtask turns after the first task ends, i.e. in the window where its
  // slot has been handed to the waiting task but that task has not started yet.
  const first = async () => {
    await task();
    for (let turns = 1; turns <= 6; turns += 1) {
      let p: Promise<unknown> = Promise.resolve();
      for (let i = 1; i < turns; i += 1) p = p.then(() => undefined);
      void p.then(() => runs.push(limiter.run(task)));
    }
  };
  runs.push(limiter.run(first));
  runs.push(limiter.run(task));
  while (runs.length < 8) await new Promise((r) => setTimeout(r, 1));
  await Promise.all(runs);
  assert.equal(peak, 1);
});

test('progress: a live line on a terminal, one line per phase otherwise', () => {
  const written: string[] = [];
  const fake = (isTTY: boolean) => ({ isTTY, columns: 80, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
  const tty = makeProgress(fake(true));
  tty.onAzureRead({ label: 'NSG nsg-b', state: 'start' });
  tty.onAzureRead({ label: 'NSG nsg-b', state: 'ok' });
  tty.onPhase('azure', '1 resources read');
  assert.match(written.join(''), /\r\u001b\[2Kreading Azure: 0 done, now NSG nsg-b/);
  written.length = 0;
  const plain = makeProgress(fake(false));
  plain.onAzureRead({ label: 'NSG nsg-b', state: 'start' });
  plain.onPhase('azure', '1 resources read in 0.1 s');
  assert.deepEqual(written, ['pgl-preflight: azure: 1 resources read in 0.1 s\n']);
});

test('SQL facts: one read of a node turned into facts (settings with refusals, slots, roles named by DSNs, tables with key generators)', async () => {
  const server = {
    version: '15.8',
    num: '150008',
    session_user: 'repl',
    file_settings_readable: true,
    settings: [
      { name: 'wal_level', setting: 'logical', unit: null, pending_restart: false, source: 'configuration file' },
      { name: 'max_wal_senders', setting: '10', unit: null, pending_restart: true, source: 'configuration file' },
      { name: 'pglogical.conflict_resolution', setting: 'apply_remote', unit: null, pending_restart: false, source: 'default' },
    ],
    databases: [{ datname: 'appdb', datallowconn: true }],
    workers: [{ backend_type: 'pglogical supervisor', datname: null, n: 1 }],
    extensions: [{ extname: 'pglogical', extversion: '2.4.4' }],
    slots: [
      {
        slot_name: 'pgl_appdb_node_b_sub',
        plugin: 'pglogical_output',
        slot_type: 'logical',
        database: 'appdb',
        active: true,
        retained: 1024,
        wal_status: null,
      },
    ],
    replication: [{ application_name: 'sub_b', state: null }],
    roles: [
      { rolname: 'repl', rolcanlogin: true, rolreplication: true, rolsuper: false, member_of: null },
      { rolname: 'nologin_dsn_user', rolcanlogin: false, rolreplication: true, rolsuper: false, member_of: ['azure_pg_admin'] },
      { rolname: 'other_nologin', rolcanlogin: false, rolreplication: false, rolsuper: false, member_of: null },
    ],
    tables: [
      { schema: 'public', name: 'orders', relreplident: 'd', pk: ['id'], has_ri_index: true, columns: [{ name: 'id', type: 'bigint' }] },
    ],
    generators: [
      {
        schema: 'public',
        name: 'orders',
        column: 'id',
        sequence: 'public.orders_id_seq',
        start: 1,
        increment: 2,
        min: '1',
        max: '9223372036854775807',
        identity: false,
      },
    ],
  };
  const catalogs = {
    refused: [
      { name: 'wal_level', setting: 'minimal', error: 'setting could not be applied' },
      { name: 'max_wal_senders', setting: '5', error: 'setting could not be applied' },
    ],
    local_node: 'node_a',
    interfaces: [{ node_name: 'node_a', if_name: 'node_a', if_dsn: 'host=a user=repl dbname=appdb' }],
    subscriptions: [],
    sets: [],
    table_sync: [],
  };
  const queries: unknown[][] = [];
  const client = { query: async (_sql: string, params: unknown[]) => ({ rows: [queries.push(params) === 1 ? server : catalogs] }) };
  catalogs.interfaces.push({ node_name: 'node_b', if_name: 'node_b', if_dsn: 'host=b user=nologin_dsn_user dbname=appdb' });
  const facts = await readPostgresFacts(client as never);
  assert.equal(queries.length, 2);
  assert.deepEqual(facts.settings.wal_level, {
    value: 'logical',
    pendingRestart: false,
    source: 'configuration file',
    rejected: { value: 'minimal', error: 'setting could not be applied' },
  });
  assert.deepEqual(facts.settings.max_wal_senders, { value: '10', pendingRestart: true, source: 'configuration file' });
  assert.deepEqual(facts.slots, [
    { name: 'pgl_appdb_node_b_sub', plugin: 'pglogical_output', slotType: 'logical', database: 'appdb', active: true, retainedBytes: 1024 },
  ]);
  assert.deepEqual(
    facts.roles?.map((r) => r.name),
    ['repl', 'nologin_dsn_user'],
  );
  assert.deepEqual(facts.backgroundWorkers, [{ backendType: 'pglogical supervisor', count: 1 }]);
  assert.deepEqual(facts.tables, [
    {
      schema: 'public',
      name: 'orders',
      replicaIdentity: 'd',
      primaryKey: ['id'],
      hasReplicaIdentityIndex: true,
      columns: [{ name: 'id', type: 'bigint' }],
      keyGenerators: [
        { column: 'id', sequence: 'public.orders_id_seq', start: 1, increment: 2, min: '1', max: '9223372036854775807', identity: false },
      ],
    },
  ]);
  assert.equal(facts.pglogical?.localNode, 'node_a');
});
