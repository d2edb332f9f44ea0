// The Terraform plan reader on small hand-written plans in the `terraform show -json` shape: actions,
// modules, references through module variables and outputs, for_each keys, and the envelope checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTerraformPlan, PLANNED_SUBSCRIPTION } from '../../src/plan/terraform.js';
import { toFacts } from '../../src/plan/to-facts.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const change = (
  address: string,
  type: string,
  actions: string[],
  after: Record<string, unknown> | null,
  unknown: Record<string, unknown> = { id: true },
  extra: Record<string, unknown> = {},
) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.').pop()!.replace(/\[.*$/, ''),
  provider_name: 'registry.terraform.io/hashicorp/azurerm',
  ...extra,
  change: { actions, before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: {} },
});

function plan(resourceChanges: unknown[], rootModule: Record<string, unknown> = {}, subscription: string | null = SUB) {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: resourceChanges,
    configuration: {
      provider_config: {
        azurerm: {
          name: 'azurerm',
          full_name: 'registry.terraform.io/hashicorp/azurerm',
          ...(subscription ? { expressions: { subscription_id: { constant_value: subscription } } } : {}),
        },
      },
      root_module: rootModule,
    },
  };
}

test('a server in the root links to a for_each subnet in a child module through the module output and variable', async () => {
  const doc = plan(
    [
      change(
        'module.net.azurerm_subnet.pg["east"]',
        'azurerm_subnet',
        ['create'],
        {
          name: 'snet-pg',
          resource_group_name: 'rg-net',
          virtual_network_name: 'vnet-east',
          address_prefixes: ['10.1.0.0/24'],
          delegation: [{ name: 'pg', service_delegation: [{ name: 'Microsoft.DBforPostgreSQL/flexibleServers', actions: [] }] }],
        },
        { id: true },
        { module_address: 'module.net', index: 'east' },
      ),
      change(
        'azurerm_postgresql_flexible_server.east',
        'azurerm_postgresql_flexible_server',
        ['create'],
        {
          name: 'pg-east',
          resource_group_name: 'rg-pg',
          location: 'eastus',
          version: '16',
          public_network_access_enabled: false,
          high_availability: [],
        },
        { id: true, fqdn: true, delegated_subnet_id: true },
      ),
      change(
        'azurerm_postgresql_flexible_server_configuration.wal',
        'azurerm_postgresql_flexible_server_configuration',
        ['create'],
        { name: 'wal_level', value: 'logical' },
        { id: true, server_id: true },
      ),
      change('data.azurerm_client_config.current', 'azurerm_client_config', ['read'], {}, {}, { mode: 'data' }),
    ],
    {
      resources: [
        {
          address: 'azurerm_postgresql_flexible_server.east',
          mode: 'managed',
          type: 'azurerm_postgresql_flexible_server',
          name: 'east',
          expressions: { delegated_subnet_id: { references: ['module.net.subnet_ids', 'module.net'] } },
        },
        {
          address: 'azurerm_postgresql_flexible_server_configuration.wal',
          mode: 'managed',
          type: 'azurerm_postgresql_flexible_server_configuration',
          name: 'wal',
          expressions: {
            server_id: { references: ['azurerm_postgresql_flexible_server.east.id', 'azurerm_postgresql_flexible_server.east'] },
          },
        },
      ],
      module_calls: {
        net: {
          source: './net',
          expressions: { vnet_name: { constant_value: 'vnet-east' } },
          module: {
            outputs: {
              subnet_ids: {
                expression: { references: ['azurerm_subnet.pg["east"].id', 'azurerm_subnet.pg["east"]', 'azurerm_subnet.pg'] },
              },
            },
            resources: [
              {
                address: 'azurerm_subnet.pg',
                mode: 'managed',
                type: 'azurerm_subnet',
                name: 'pg',
                expressions: { virtual_network_name: { references: ['var.vnet_name'] } },
              },
            ],
          },
        },
      },
    },
  );
  const resources = readTerraformPlan(doc, 'tfplan.json');
  assert.deepEqual(
    resources.map((r) => `${r.change} ${r.type} ${r.source}`),
    [
      'create Microsoft.Network/virtualNetworks/subnets module.net.azurerm_subnet.pg["east"]',
      'create Microsoft.DBforPostgreSQL/flexibleServers azurerm_postgresql_flexible_server.east',
      'create Microsoft.DBforPostgreSQL/flexibleServers/configurations azurerm_postgresql_flexible_server_configuration.wal',
    ],
  );
  const subnetId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-east/subnets/snet-pg`;
  const serverId = `/subscriptions/${SUB}/resourceGroups/rg-pg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-east`;
  const facts = await toFacts(resources);
  const server = facts.servers.get(serverId.toLowerCase())!;
  assert.equal(server.data.network.delegatedSubnetResourceId, subnetId);
  assert.equal(server.data.network.publicNetworkAccess, 'Disabled');
  assert.deepEqual(server.resource.unknown, ['/properties/fullyQualifiedDomainName', '/properties/state']);
  assert.deepEqual(facts.subnets.get(subnetId.toLowerCase())!.data.delegations, [
    { name: 'pg', serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' },
  ]);
  assert.equal(facts.parameters.get(serverId.toLowerCase())!.get('wal_level')!.data.value, 'logical');
});

test('actions: delete removes, replace judges the new resource, no-op keeps; a plan naming no subscription takes it from a known id', () => {
  const rg = { resource_group_name: 'rg', location: 'eastus' };
  const resources = readTerraformPlan(
    plan(
      [
        change('azurerm_network_security_group.old', 'azurerm_network_security_group', ['delete'], null),
        change('azurerm_network_security_group.swap', 'azurerm_network_security_group', ['delete', 'create'], {
          name: 'nsg-swap',
          ...rg,
          security_rule: [],
        }),
        change(
          'azurerm_network_security_group.same',
          'azurerm_network_security_group',
          ['no-op'],
          {
            id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-same',
            name: 'nsg-same',
            ...rg,
            security_rule: [],
          },
          {},
        ),
      ],
      {},
      null,
    ),
    'p.json',
  );
  // A deleted resource's values are in `before`; this one has none, so it cannot be named: left out.
  assert.deepEqual(
    resources.map((r) => `${r.change} ${r.id}`),
    [
      'create /subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-swap',
      'keep /subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-same',
    ],
  );
});

test('a plan with no subscription anywhere gives created resources a placeholder subscription, the same for every link', () => {
  const [r] = readTerraformPlan(
    plan(
      [
        change('azurerm_private_dns_zone.z', 'azurerm_private_dns_zone', ['create'], {
          name: 'z.private.postgres.database.azure.com',
          resource_group_name: 'rg',
        }),
      ],
      {},
      null,
    ),
    'p.json',
  );
  assert.equal(
    r!.id,
    `/subscriptions/${PLANNED_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z.private.postgres.database.azure.com`,
  );
});

test('a deleted resource is named from its prior values', () => {
  const before = {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-old`,
    name: 'rt-old',
    resource_group_name: 'rg',
    route: [],
  };
  const doc = plan([
    {
      ...change('azurerm_route_table.old', 'azurerm_route_table', ['delete'], null, {}),
      change: { actions: ['delete'], before, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
    },
  ]);
  const [r] = readTerraformPlan(doc, 'p.json');
  assert.equal(r!.change, 'delete');
  assert.equal(r!.id, before.id);
  assert.equal(r!.body, undefined);
});

test('envelope: not an object, no format_version, another major version, a state, an errored plan', () => {
  assert.throws(() => readTerraformPlan([], 'a.json'), /^InputError: a\.json: not a Terraform plan: expected a JSON object/);
  assert.throws(() => readTerraformPlan({ resource_changes: [] }, 'a.json'), /a\.json: not a Terraform plan: format_version is missing/);
  assert.throws(
    () => readTerraformPlan({ format_version: '0.2', resource_changes: [] }, 'a.json'),
    /a\.json: unsupported Terraform JSON format_version "0\.2"/,
  );
  assert.throws(() => readTerraformPlan({ format_version: '1.0', values: {} }, 'a.json'), /a\.json: a Terraform state, not a plan/);
  assert.throws(
    () => readTerraformPlan({ format_version: '1.2', resource_changes: [], errored: true }, 'a.json'),
    /a\.json: the Terraform plan is incomplete/,
  );
  assert.throws(
    () => readTerraformPlan({ format_version: '1.2', resource_changes: {} }, 'a.json'),
    /a\.json: resource_changes: expected an array/,
  );
});
