// Terraform twins of the snapshot fixtures: the `terraform show -json` plan that would build each
// fixture's Azure side, written to fixtures/plans/<name>.tfplan.json by
// scripts/write-plan-fixtures-terraform.ts (a test keeps the files in step).
//
// Shape followed field by field (format_version 1.2, terraform 1.9):
// - https://developer.hashicorp.com/terraform/internals/json-format ("Plan Representation",
//   "Values Representation", "Change Representation", "Configuration Representation").
// - hashicorp/terraform internal/command/testdata/show-json/modules/output.json: planned_values with
//   child_modules and their address, resource_changes with module_address, after_unknown {"id": true}
//   for a create, before_sensitive false, configuration.root_module.module_calls.<name>.{source,
//   expressions, module.{resources, outputs, variables}}, provider_config with full_name.
// - Unknown values are left out of `after` and marked true in `after_unknown` (json-format, "Change
//   Representation": "after_unknown ... true for unknown values").
// azurerm attribute names: hashicorp/terraform-provider-azurerm website/docs/r/<type>.html.markdown (4.x).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { parseSnapshot } from '../src/snapshot/io.js';
import type { Snapshot } from '../src/snapshot/types.js';
import type { Subnet } from '../src/snapshot/network-types.js';
import { PLATFORM_DEFAULTS } from '../src/plan/platform-defaults.js';
import { contains, parsePrefix } from '../src/model/cidr.js';
import { parseResourceId, sameResourceId } from '../src/util/azure-id.js';

/** The admin password every Terraform twin carries in plain text, as a real plan does. */
export const TWIN_ADMIN_PASSWORD = 'Tw1n-Pl@n-Secr3t';

type Json = Record<string, unknown>;

export interface TerraformTwin {
  /** fixtures/plans/<name>.tfplan.json */
  name: string;
  /** The snapshot fixture under fixtures/ it is the twin of. */
  fixture: string;
  /** Nodes whose server already exists (no-op in the plan, in prior_state): what a plan over existing servers looks like. */
  keep?: string[];
}

export const TERRAFORM_TWINS: TerraformTwin[] = [
  { name: 'healthy-two-node', fixture: 'healthy-two-node.json' },
  { name: 'healthy-three-node', fixture: 'healthy-three-node.json' },
  ...[
    'subnet-not-delegated',
    'subnet-delegated-elsewhere',
    'overlapping-address-spaces',
    'peering-initiated',
    'nsg-deny-above-allow',
    'nsg-outbound-deny',
    'nsg-deny-all-below-vnet-default',
    'udr-none',
    'udr-virtual-appliance',
    'zone-not-linked',
    'public-access-with-private-endpoint',
    'private-endpoint-public-disabled',
    'privatelink-dsn',
  ].map((name) => ({ name, fixture: `network/${name}.json` })),
  // The stale record is the existing server's own: only a plan over the existing server can show it
  // (a server the plan creates gets its record from Azure at creation: known after deployment).
  { name: 'a-record-outside-subnet', fixture: 'network/a-record-outside-subnet.json', keep: ['node_b'] },
];

const PROVIDER = 'registry.terraform.io/hashicorp/azurerm';
const slug = (name: string) => {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `r_${s}`;
};

interface TfResource {
  module?: string;
  type: string;
  name: string;
  values: Json;
  /** Attributes known only after apply (left out of values). */
  unknown: string[];
  /** Configuration references per attribute (relative to the module), e.g. { subnet_id: ['azurerm_subnet.pg.id', 'azurerm_subnet.pg'] }. */
  refs: Record<string, string[]>;
  /** Block attributes with references inside: { private_service_connection: [{ private_connection_resource_id: [...] }] }. */
  blockRefs?: Record<string, Record<string, string[]>[]>;
  keep?: boolean;
}

const ref = (address: string, attr = 'id') => [`${address}.${attr}`, address];

function slices<T>(map: Record<string, { ok: boolean; data?: T }> | undefined): T[] {
  return Object.values(map ?? {}).flatMap((s) => (s.ok && s.data ? [s.data] : []));
}

/**
 * What already exists when the plan only adds to a deployed estate: VNETs outside the plan (their
 * peerings to planned VNETs are planned, as child resources of the existing VNET) and, with `zones`,
 * the private DNS zones (only the links of planned VNETs are planned).
 */
export interface ExistingEstate {
  virtualNetworks: import('../src/snapshot/network-types.js').VirtualNetwork[];
  zones: boolean;
}

/** The plan that builds the fixture's Azure side. */
export function terraformTwin(s: Snapshot, twin: Pick<TerraformTwin, 'keep'>, existing?: ExistingEstate): Json {
  const keep = new Set(twin.keep ?? []);
  const sub = parseResourceId(s.topology.nodes.find((n) => n.server)!.server!)!.subscriptionId;
  const rg = (id: string) => parseResourceId(id)!.resourceGroup;
  const vnets = slices(s.azure?.virtualNetworks);
  const subnets = slices(s.azure?.subnets);
  const nsgs = slices(s.azure?.networkSecurityGroups);
  const routeTables = slices(s.azure?.routeTables);
  const zones = slices(s.azure?.privateDnsZones);
  const endpoints = slices(s.azure?.privateEndpoints);
  const resources: TfResource[] = [];
  const moduleCalls: Record<string, { vars: Record<string, string[]>; outputs: Record<string, string[]> }> = {};

  const nsgAddress = (id: string) => `azurerm_network_security_group.${slug(nsgs.find((n) => sameResourceId(n.id, id))!.name)}`;
  const rtAddress = (id: string) => `azurerm_route_table.${slug(routeTables.find((t) => sameResourceId(t.id, id))!.name)}`;
  const vnetModule = (vnetId: string) => `net_${slug(parseResourceId(vnetId)!.name)}`;
  /** The expression that gives a VNET's id outside its module, or undefined for a VNET outside the plan. */
  const vnetRef = (vnetId: string) =>
    vnets.some((v) => sameResourceId(v.id, vnetId)) || hubs.has(vnetId.toLowerCase())
      ? ref(`module.${vnetModule(vnetId)}`, 'vnet_id')
          .slice(0, 1)
          .concat(`module.${vnetModule(vnetId)}`)
      : undefined;
  const subnetRef = (subnetId: string): string[] | undefined => {
    const subnet = subnets.find((x) => sameResourceId(x.id, subnetId));
    if (!subnet) return undefined;
    const mod = vnetModule(subnetId.replace(/\/subnets\/[^/]+$/i, ''));
    return [`module.${mod}.${slug(subnet.name)}_id`, `module.${mod}`];
  };

  // VNETs a peering points at that the fixture does not hold (a hub): the plan builds them too, peered back.
  const hubs = new Map<string, { id: string; prefixes: string[]; peerTo: string[] }>();
  for (const v of vnets) {
    for (const p of v.peerings) {
      if (vnets.some((x) => sameResourceId(x.id, p.remoteVirtualNetworkId))) continue;
      if (existing?.virtualNetworks.some((x) => sameResourceId(x.id, p.remoteVirtualNetworkId))) continue;
      const key = p.remoteVirtualNetworkId.toLowerCase();
      const hub = hubs.get(key) ?? { id: p.remoteVirtualNetworkId, prefixes: [], peerTo: [] };
      hub.prefixes.push(...p.remoteAddressPrefixes.filter((x) => !hub.prefixes.includes(x)));
      hub.peerTo.push(v.id);
      hubs.set(key, hub);
    }
  }

  // ---- one module per VNET: the VNET, its subnets, their NSG and route table associations ----
  const vnetModules = [
    ...vnets.map((v) => ({ id: v.id, location: v.location, prefixes: v.addressPrefixes, dnsServers: v.dnsServers })),
    ...[...hubs.values()].map((h) => ({ id: h.id, location: 'eastus', prefixes: h.prefixes, dnsServers: [] as string[] })),
  ];
  for (const v of vnetModules) {
    const mod = vnetModule(v.id);
    const name = parseResourceId(v.id)!.name;
    const call = (moduleCalls[mod] = {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- widens the inferred type for the keys added below
      vars: {} as Record<string, string[]>,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- widens the inferred type for the keys added below
      outputs: { vnet_id: ref('azurerm_virtual_network.this') } as Record<string, string[]>,
    });
    resources.push({
      module: mod,
      type: 'azurerm_virtual_network',
      name: 'this',
      values: {
        name,
        resource_group_name: rg(v.id),
        location: v.location ?? 'eastus',
        address_space: v.prefixes,
        dns_servers: v.dnsServers,
        tags: null,
      },
      unknown: ['id', 'guid', 'subnet'],
      refs: {},
    });
    for (const subnet of subnets.filter((x) => sameResourceId(x.id.replace(/\/subnets\/[^/]+$/i, ''), v.id))) {
      const sname = slug(subnet.name);
      resources.push({
        module: mod,
        type: 'azurerm_subnet',
        name: sname,
        values: {
          name: subnet.name,
          resource_group_name: rg(subnet.id),
          virtual_network_name: name,
          address_prefixes: subnet.addressPrefixes,
          delegation: subnet.delegations.map((d) => ({
            name: d.name,
            service_delegation: [{ name: d.serviceName, actions: delegationActions(d.serviceName) }],
          })),
          service_endpoints: null,
          private_endpoint_network_policies: 'Disabled',
        },
        unknown: ['id'],
        refs: { virtual_network_name: ref('azurerm_virtual_network.this', 'name') },
      });
      call.outputs[`${sname}_id`] = ref(`azurerm_subnet.${sname}`);
      associations(subnet, mod, sname, call);
    }
  }

  function associations(subnet: Subnet, mod: string, sname: string, call: { vars: Record<string, string[]> }): void {
    if (subnet.networkSecurityGroupId) {
      call.vars[`${sname}_nsg_id`] = ref(nsgAddress(subnet.networkSecurityGroupId));
      resources.push({
        module: mod,
        type: 'azurerm_subnet_network_security_group_association',
        name: sname,
        values: {},
        unknown: ['id', 'subnet_id', 'network_security_group_id'],
        refs: { subnet_id: ref(`azurerm_subnet.${sname}`), network_security_group_id: [`var.${sname}_nsg_id`] },
      });
    }
    if (subnet.routeTableId) {
      call.vars[`${sname}_route_table_id`] = ref(rtAddress(subnet.routeTableId));
      resources.push({
        module: mod,
        type: 'azurerm_subnet_route_table_association',
        name: sname,
        values: {},
        unknown: ['id', 'subnet_id', 'route_table_id'],
        refs: { subnet_id: ref(`azurerm_subnet.${sname}`), route_table_id: [`var.${sname}_route_table_id`] },
      });
    }
  }

  // ---- NSGs and route tables with inline rules and routes ----
  for (const n of nsgs) {
    resources.push({
      type: 'azurerm_network_security_group',
      name: slug(n.name),
      values: {
        name: n.name,
        resource_group_name: rg(n.id),
        location: locationOf(n.id, vnets),
        security_rule: n.securityRules.map((r) => ({
          name: r.name,
          priority: r.priority,
          direction: r.direction,
          access: r.access,
          protocol: r.protocol,
          description: '',
          source_port_range: r.sourcePortRange ?? '',
          source_port_ranges: r.sourcePortRanges ?? [],
          destination_port_range: r.destinationPortRange ?? '',
          destination_port_ranges: r.destinationPortRanges ?? [],
          source_address_prefix: r.sourceAddressPrefix ?? '',
          source_address_prefixes: r.sourceAddressPrefixes ?? [],
          destination_address_prefix: r.destinationAddressPrefix ?? '',
          destination_address_prefixes: r.destinationAddressPrefixes ?? [],
          source_application_security_group_ids: r.sourceApplicationSecurityGroups ?? [],
          destination_application_security_group_ids: r.destinationApplicationSecurityGroups ?? [],
        })),
        tags: null,
      },
      unknown: ['id'],
      refs: {},
    });
  }
  for (const t of routeTables) {
    resources.push({
      type: 'azurerm_route_table',
      name: slug(t.name),
      values: {
        name: t.name,
        resource_group_name: rg(t.id),
        location: locationOf(t.id, vnets),
        bgp_route_propagation_enabled: t.disableBgpRoutePropagation !== true,
        route: t.routes.map((r) => ({
          name: r.name,
          address_prefix: r.addressPrefix,
          next_hop_type: r.nextHopType,
          next_hop_in_ip_address: r.nextHopIpAddress ?? '',
        })),
        tags: null,
      },
      unknown: ['id', 'subnets'],
      refs: {},
    });
  }

  // ---- peerings (and the hub's peerings back) ----
  const peering = (
    fromId: string,
    name: string,
    remoteId: string,
    p: { allowVirtualNetworkAccess: boolean; allowForwardedTraffic?: boolean; allowGatewayTransit?: boolean; useRemoteGateways?: boolean },
  ) => {
    const remote = vnetRef(remoteId);
    resources.push({
      type: 'azurerm_virtual_network_peering',
      name: slug(name),
      values: {
        name,
        resource_group_name: rg(fromId),
        virtual_network_name: parseResourceId(fromId)!.name,
        ...(remote ? {} : { remote_virtual_network_id: remoteId }),
        allow_virtual_network_access: p.allowVirtualNetworkAccess,
        allow_forwarded_traffic: p.allowForwardedTraffic ?? false,
        allow_gateway_transit: p.allowGatewayTransit ?? false,
        use_remote_gateways: p.useRemoteGateways ?? false,
      },
      unknown: ['id', ...(remote ? ['remote_virtual_network_id'] : [])],
      refs: {
        ...(vnetRef(fromId) ? { virtual_network_name: [`module.${vnetModule(fromId)}`] } : {}),
        ...(remote ? { remote_virtual_network_id: remote } : {}),
      },
    });
  };
  for (const v of vnets) for (const p of v.peerings) peering(v.id, p.name, p.remoteVirtualNetworkId, p);
  for (const v of existing?.virtualNetworks ?? []) {
    for (const p of v.peerings)
      if (vnets.some((x) => sameResourceId(x.id, p.remoteVirtualNetworkId))) peering(v.id, p.name, p.remoteVirtualNetworkId, p);
  }
  for (const h of hubs.values()) {
    for (const spoke of h.peerTo)
      peering(h.id, `peer-${parseResourceId(h.id)!.name}-to-${parseResourceId(spoke)!.name}`, spoke, {
        allowVirtualNetworkAccess: true,
        allowGatewayTransit: false,
      });
  }

  // ---- private DNS zone, its VNET links, and the A records Terraform manages ----
  const created = s.topology.nodes.filter((n) => n.server && !keep.has(n.name));
  const createdSubnets = created.flatMap((n) => {
    const server = s.nodes[n.name]?.azure?.server;
    const subnetId = server?.ok ? server.data.network.delegatedSubnetResourceId : undefined;
    const subnet = subnetId ? subnets.find((x) => sameResourceId(x.id, subnetId)) : undefined;
    return subnet ? subnet.addressPrefixes.map(parsePrefix).filter((p) => p !== undefined) : [];
  });
  for (const z of zones) {
    const zname = slug(z.name);
    if (existing?.zones) {
      for (const l of z.virtualNetworkLinks) {
        const vref = vnetRef(l.virtualNetworkId);
        if (!vref) continue;
        resources.push({
          type: 'azurerm_private_dns_zone_virtual_network_link',
          name: slug(l.name),
          values: {
            name: l.name,
            resource_group_name: rg(z.id),
            private_dns_zone_name: z.name,
            registration_enabled: l.registrationEnabled ?? false,
            tags: null,
          },
          unknown: ['id', 'virtual_network_id'],
          refs: { virtual_network_id: vref },
        });
      }
      continue;
    }
    resources.push({
      type: 'azurerm_private_dns_zone',
      name: zname,
      values: { name: z.name, resource_group_name: rg(z.id), tags: null, soa_record: [] },
      unknown: ['id', 'number_of_record_sets', 'max_number_of_record_sets'],
      refs: {},
    });
    for (const l of z.virtualNetworkLinks) {
      const vref = vnetRef(l.virtualNetworkId);
      resources.push({
        type: 'azurerm_private_dns_zone_virtual_network_link',
        name: slug(l.name),
        values: {
          name: l.name,
          resource_group_name: rg(z.id),
          private_dns_zone_name: z.name,
          registration_enabled: l.registrationEnabled ?? false,
          ...(vref ? {} : { virtual_network_id: l.virtualNetworkId }),
          tags: null,
        },
        unknown: ['id', ...(vref ? ['virtual_network_id'] : [])],
        refs: { private_dns_zone_name: ref(`azurerm_private_dns_zone.${zname}`, 'name'), ...(vref ? { virtual_network_id: vref } : {}) },
      });
    }
    // Records of servers the plan creates are written by Azure at creation, never by Terraform.
    for (const r of z.aRecords) {
      const inCreated = r.ipv4Addresses.some((a) => {
        const p = parsePrefix(a);
        return p !== undefined && createdSubnets.some((net) => contains(net, p));
      });
      if (inCreated) continue;
      resources.push({
        type: 'azurerm_private_dns_a_record',
        name: slug(r.name),
        values: { name: r.name, zone_name: z.name, resource_group_name: rg(z.id), ttl: 30, records: r.ipv4Addresses, tags: null },
        unknown: ['id', 'fqdn'],
        refs: { zone_name: ref(`azurerm_private_dns_zone.${zname}`, 'name') },
      });
    }
  }

  // ---- servers, their parameters and firewall rules ----
  for (const n of s.topology.nodes) {
    const slice = s.nodes[n.name]?.azure?.server;
    if (!slice?.ok) continue;
    const server = slice.data;
    const address = `azurerm_postgresql_flexible_server.${slug(n.name)}`;
    const kept = keep.has(n.name);
    const subnetId = server.network.delegatedSubnetResourceId;
    const zoneId = server.network.privateDnsZoneArmResourceId;
    const zone = zoneId ? zones.find((z) => sameResourceId(z.id, zoneId)) : undefined;
    const subnetRefs = subnetId ? subnetRef(subnetId) : undefined;
    const values: Json = {
      name: server.name,
      resource_group_name: rg(server.id),
      location: server.location,
      version: server.version,
      administrator_login: server.administratorLogin,
      // `terraform show -json` prints sensitive values in plain text (after_sensitive only marks them):
      // the reader must keep this one out of every fact it makes.
      administrator_password: TWIN_ADMIN_PASSWORD,
      sku_name: 'GP_Standard_D4ds_v5',
      storage_mb: 131072,
      zone: '1',
      public_network_access_enabled: server.network.publicNetworkAccess === 'Enabled',
      high_availability:
        server.highAvailability && server.highAvailability.mode !== 'Disabled'
          ? [{ mode: server.highAvailability.mode, standby_availability_zone: '2' }]
          : [],
      create_mode: server.replicationRole?.toLowerCase().includes('replica') ? 'Replica' : null,
      tags: null,
    };
    const unknown = ['id', 'fqdn'];
    const refs: Record<string, string[]> = {};
    if (kept) {
      Object.assign(values, {
        id: server.id,
        fqdn: server.fullyQualifiedDomainName,
        delegated_subnet_id: subnetId ?? null,
        private_dns_zone_id: zoneId ?? null,
      });
      unknown.length = 0;
    } else {
      if (subnetId && subnetRefs) {
        unknown.push('delegated_subnet_id');
        refs.delegated_subnet_id = subnetRefs;
      } else values.delegated_subnet_id = subnetId ?? null;
      if (zoneId && zone && !existing?.zones) {
        unknown.push('private_dns_zone_id');
        refs.private_dns_zone_id = ref(`azurerm_private_dns_zone.${slug(zone.name)}`);
      } else values.private_dns_zone_id = zoneId ?? null;
    }
    resources.push({ type: 'azurerm_postgresql_flexible_server', name: slug(n.name), values, unknown, refs, keep: kept });
    const params = s.nodes[n.name]?.azure?.parameters;
    for (const [pname, p] of Object.entries(params?.ok ? params.data : {})) {
      if (PLATFORM_DEFAULTS[pname]?.value === p.value) continue;
      resources.push({
        type: 'azurerm_postgresql_flexible_server_configuration',
        name: `${slug(n.name)}_${slug(pname)}`,
        values: { name: pname, value: p.value, ...(kept ? { server_id: server.id } : {}) },
        unknown: ['id', ...(kept ? [] : ['server_id'])],
        refs: kept ? {} : { server_id: ref(address) },
      });
    }
    const firewall = s.nodes[n.name]?.azure?.firewallRules;
    for (const r of firewall?.ok ? firewall.data : []) {
      resources.push({
        type: 'azurerm_postgresql_flexible_server_firewall_rule',
        name: `${slug(n.name)}_${slug(r.name)}`,
        values: {
          name: r.name,
          start_ip_address: r.startIpAddress,
          end_ip_address: r.endIpAddress,
          ...(kept ? { server_id: server.id } : {}),
        },
        unknown: ['id', ...(kept ? [] : ['server_id'])],
        refs: kept ? {} : { server_id: ref(address) },
      });
    }
  }

  // ---- private endpoints ----
  for (const pe of endpoints) {
    const target = s.topology.nodes.find((n) => pe.connections.some((c) => sameResourceId(c.privateLinkServiceId, n.server)));
    const serverAddress = target && !keep.has(target.name) ? `azurerm_postgresql_flexible_server.${slug(target.name)}` : undefined;
    const subnetRefs = pe.subnetId ? subnetRef(pe.subnetId) : undefined;
    resources.push({
      type: 'azurerm_private_endpoint',
      name: slug(pe.name),
      values: {
        name: pe.name,
        resource_group_name: rg(pe.id),
        location: locationOf(pe.id, vnets),
        ...(subnetRefs ? {} : { subnet_id: pe.subnetId }),
        custom_network_interface_name: '',
        private_service_connection: pe.connections.map((c) => ({
          name: `${pe.name}-connection`,
          is_manual_connection: c.manual,
          ...(serverAddress ? {} : { private_connection_resource_id: c.privateLinkServiceId }),
          subresource_names: c.groupIds,
          request_message: null,
        })),
        private_dns_zone_group: [],
        ip_configuration: [],
        tags: null,
      },
      unknown: ['id', 'custom_dns_configs', 'network_interface', 'private_dns_zone_configs', ...(subnetRefs ? ['subnet_id'] : [])],
      refs: subnetRefs ? { subnet_id: subnetRefs } : {},
      ...(serverAddress
        ? { blockRefs: { private_service_connection: pe.connections.map(() => ({ private_connection_resource_id: ref(serverAddress) })) } }
        : {}),
    });
  }

  return assemble(resources, moduleCalls, sub);
}

/** The actions Azure sets on a delegation to this service (azurerm docs for azurerm_subnet, service_delegation.actions). */
function delegationActions(service: string): string[] {
  return service === 'Microsoft.DBforPostgreSQL/flexibleServers'
    ? ['Microsoft.Network/virtualNetworks/subnets/join/action']
    : ['Microsoft.Network/virtualNetworks/subnets/action'];
}

function locationOf(id: string, vnets: { id: string; location?: string }[]): string {
  const group = parseResourceId(id)!.resourceGroup.toLowerCase();
  return vnets.find((v) => parseResourceId(v.id)!.resourceGroup.toLowerCase() === group)?.location ?? 'eastus';
}

function unknownTree(unknown: readonly string[], values: Json): Json {
  const tree: Json = {};
  for (const key of unknown) tree[key] = true;
  // Blocks known at plan time still appear in after_unknown as nested structures of false-free objects.
  for (const [key, v] of Object.entries(values))
    if (Array.isArray(v) && v.length && typeof v[0] === 'object' && !(key in tree)) tree[key] = v.map(() => ({}));
  return tree;
}

function assemble(
  resources: readonly TfResource[],
  moduleCalls: Record<string, { vars: Record<string, string[]>; outputs: Record<string, string[]> }>,
  subscription: string,
): Json {
  const addressOf = (r: TfResource) => `${r.module ? `module.${r.module}.` : ''}${r.type}.${r.name}`;
  const plannedResource = (r: TfResource) => ({
    address: addressOf(r),
    mode: 'managed',
    type: r.type,
    name: r.name,
    provider_name: PROVIDER,
    schema_version: 0,
    values: r.values,
    sensitive_values: {},
  });
  const root = resources.filter((r) => !r.module);
  const modules = [...new Set(resources.flatMap((r) => (r.module ? [r.module] : [])))].sort();
  const configResource = (r: TfResource) => {
    const expressions: Json = {};
    for (const [k, v] of Object.entries(r.values)) {
      if (Array.isArray(v) || v === null || typeof v === 'object') continue;
      if (!(k in r.refs) && k !== 'id' && k !== 'fqdn') expressions[k] = { constant_value: v };
    }
    for (const [k, refs] of Object.entries(r.refs)) expressions[k] = { references: refs };
    for (const [k, list] of Object.entries(r.blockRefs ?? {}))
      expressions[k] = list.map((b) => Object.fromEntries(Object.entries(b).map(([a, refs]) => [a, { references: refs }])));
    return {
      address: `${r.type}.${r.name}`,
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_config_key: r.module ? `module.${r.module}:azurerm` : 'azurerm',
      expressions,
      schema_version: 0,
    };
  };
  const kept = resources.filter((r) => r.keep);
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: root.map(plannedResource),
        child_modules: modules.map((m) => ({
          resources: resources.filter((r) => r.module === m).map(plannedResource),
          address: `module.${m}`,
        })),
      },
    },
    resource_changes: resources.map((r) => ({
      address: addressOf(r),
      ...(r.module ? { module_address: `module.${r.module}` } : {}),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: PROVIDER,
      change: {
        actions: [r.keep ? 'no-op' : 'create'],
        before: r.keep ? r.values : null,
        after: r.values,
        after_unknown: r.keep ? {} : unknownTree(r.unknown, r.values),
        before_sensitive: r.keep ? {} : false,
        after_sensitive: r.type === 'azurerm_postgresql_flexible_server' ? { administrator_password: true, tags: {} } : {},
      },
    })),
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: { root_module: kept.length ? { resources: kept.map(plannedResource) } : {} },
    },
    configuration: {
      provider_config: {
        azurerm: {
          name: 'azurerm',
          full_name: PROVIDER,
          version_constraint: '~> 4.0',
          expressions: { subscription_id: { constant_value: subscription }, features: [{}] },
        },
        ...Object.fromEntries(
          modules.map((m) => [`module.${m}:azurerm`, { module_address: `module.${m}`, name: 'azurerm', full_name: PROVIDER }]),
        ),
      },
      root_module: {
        resources: root.map(configResource),
        module_calls: Object.fromEntries(
          modules.map((m) => [
            m,
            {
              source: './modules/vnet',
              expressions: Object.fromEntries(Object.entries(moduleCalls[m]?.vars ?? {}).map(([k, refs]) => [k, { references: refs }])),
              module: {
                outputs: Object.fromEntries(
                  Object.entries(moduleCalls[m]?.outputs ?? {}).map(([k, refs]) => [k, { expression: { references: refs } }]),
                ),
                resources: resources.filter((r) => r.module === m).map(configResource),
                variables: Object.fromEntries(Object.keys(moduleCalls[m]?.vars ?? {}).map((k) => [k, { description: `id for ${k}` }])),
              },
            },
          ]),
        ),
      },
    },
    relevant_attributes: [],
    timestamp: '2026-01-15T09:30:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** The file text of a twin, derived from its snapshot fixture. */
export function terraformTwinText(twin: TerraformTwin): string {
  const path = resolve(PACKAGE_ROOT, 'fixtures', twin.fixture);
  return `${JSON.stringify(terraformTwin(parseSnapshot(readFileSync(path, 'utf8'), path), twin), null, 2)}\n`;
}
