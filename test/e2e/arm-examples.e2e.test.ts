// The collector against Azure's own REST examples (test/data/arm-examples, see its SOURCES.md), served verbatim by the
// local Resource Manager: the real SDK must parse them, follow their nextLink (rewritten to the
// local server) and record what is missing as facts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { vnetIdOfSubnet } from '../../src/util/azure-id.js';
import { startArmServer, type RouteBody } from '../helpers/arm-server.js';
import { cliAsync, tempDir } from '../helpers/cli.js';

const EXAMPLES = resolve(PACKAGE_ROOT, 'test', 'data', 'arm-examples');
const TOKEN = 'example-token-51f0';

function example(path: string): { id?: string; value?: unknown[]; nextLink?: string; properties?: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(EXAMPLES, path), 'utf8')).responses['200'].body;
}

test('Azure REST examples: parsed by the SDK, pages followed, missing pieces recorded as facts', async () => {
  const server = example('postgresql-flexible/ServerGetWithVnet.json');
  const serverId = server.id!;
  const network = server.properties!.network as { delegatedSubnetResourceId: string; privateDnsZoneArmResourceId: string };
  const zoneId = network.privateDnsZoneArmResourceId;
  const vnetId = vnetIdOfSubnet(network.delegatedSubnetResourceId);
  const routes = new Map<string, RouteBody>(
    [
      [serverId, { kind: 'resource', body: server }],
      [
        `${serverId}/configurations`,
        { kind: 'example-list', body: example('postgresql-flexible/ConfigurationListByServer.subset.json') as never },
      ],
      [`${serverId}/firewallRules`, { kind: 'example-list', body: example('postgresql-flexible/FirewallRuleListByServer.json') as never }],
      [`${serverId}/replicas`, { kind: 'list', items: [] }],
      [vnetId, { kind: 'resource', body: example('network/VirtualNetworkGetWithSubnetDelegation.json') }],
      [zoneId, { kind: 'resource', body: example('privatedns/PrivateZoneGet.json') }],
      [`${zoneId}/virtualNetworkLinks`, { kind: 'example-list', body: example('privatedns/VirtualNetworkLinkList.json') as never }],
      [`${zoneId}/A`, { kind: 'example-list', body: example('privatedns/RecordSetAList.json') as never }],
    ].map(([k, v]) => [(k as string).toLowerCase(), v as RouteBody]),
  );
  const arm = await startArmServer(routes, TOKEN);
  const dir = tempDir();
  writeFileSync(
    join(dir, 'pgl-preflight.yaml'),
    `database: appdb\nazure:\n  endpoint: ${arm.url}\n  credential: token\n  retries: 0\nnodes:\n  - name: node_a\n    server: ${serverId}\n  - name: node_b\n`,
  );
  try {
    const run = await cliAsync(['collect', '-o', 'snap.json'], {
      cwd: dir,
      env: { AZURE_ACCESS_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: arm.caFile, HTTPS_PROXY: undefined, https_proxy: undefined },
    });
    assert.equal(run.status, 0, run.stderr);
    const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as Snapshot;
    const a = snap.nodes.node_a!.azure!;
    assert.ok(
      a.server.ok && a.server.data.highAvailability?.mode === 'ZoneRedundant' && a.server.data.network.publicNetworkAccess === 'Disabled',
    );
    assert.ok(a.parameters?.ok, JSON.stringify(a.parameters));
    assert.equal(a.parameters.data.wal_level!.value, 'replica');
    assert.equal(a.parameters.data.shared_preload_libraries!.value, 'pg_cron,pg_stat_statements');
    assert.equal(Object.keys(a.parameters.data).length, 19);
    assert.ok(
      a.firewallRules?.ok && a.firewallRules.data.some((r) => r.startIpAddress === '0.0.0.0' && r.endIpAddress === '255.255.255.255'),
    );
    const zone = snap.azure!.privateDnsZones![zoneId.toLowerCase()]!;
    assert.ok(zone.ok, JSON.stringify(zone));
    assert.deepEqual(
      zone.data.virtualNetworkLinks.map((l) => l.virtualNetworkLinkState),
      ['Completed', 'InProgress'],
    );
    assert.deepEqual(
      zone.data.aRecords.map((r) => r.ipv4Addresses[0]),
      ['1.2.3.4', '5.6.7.8'],
    );
    // The example VNET does not contain the server's subnet: a fact, not a crash.
    const subnet = snap.azure!.subnets![network.delegatedSubnetResourceId.toLowerCase()]!;
    assert.ok(!subnet.ok && subnet.error.code === 'not-found', JSON.stringify(subnet));
    // Every nextLink was followed, to this server.
    const paged = arm.requests.filter((r) => /\$skiptoken=/i.test(r.query));
    assert.equal(paged.length, 4);
    assert.ok(arm.requests.every((r) => r.method === 'GET'));
    // node_b has no server id: no Azure facts, and no request for it.
    assert.equal(snap.nodes.node_b!.azure, undefined);
  } finally {
    await arm.close();
  }
});
