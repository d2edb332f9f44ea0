// Terraform plan JSON (`terraform show -json tfplan`, format_version 1.x) -> PlannedResource[].
//
// Shape followed field by field: https://developer.hashicorp.com/terraform/internals/json-format
// ("Plan Representation": format_version, planned_values, resource_changes[].change.{actions, before,
// after, after_unknown}, prior_state, configuration.root_module.{resources[].expressions, module_calls})
// and hashicorp/terraform internal/command/testdata/show-json/modules/output.json.
// azurerm attribute names: hashicorp/terraform-provider-azurerm website/docs/r/<type>.html.markdown.
//
// Ids that are unknown until apply are linked through `configuration` expression references
// (a server's delegated_subnet_id -> `azurerm_subnet.pg.id` -> that subnet's id), as policy tools
// (Checkov, terraform-compliance) do; a created resource's own id is built the way ARM will build it
// from its known resource group and name.
import { InputError } from '../util/errors.js';
import type { PlanChange, PlannedResource } from './types.js';

type Json = Record<string, unknown>;

interface ResourceChange {
  address: string;
  module_address?: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  change: { actions: string[]; before?: unknown; after?: unknown; after_unknown?: unknown };
}

interface ConfigResource {
  address: string;
  expressions?: Json;
}

interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { expressions?: Json; module?: ConfigModule }>;
  outputs?: Record<string, { expression?: { references?: string[] } }>;
}

const SUPPORTED_FORMAT = /^1\.\d+$/;
/** When the plan names no subscription: a stable placeholder, so planned ids still link to each other. */
export const PLANNED_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed document looks like `terraform show -json` output (a plan or a state). */
export function isTerraformJson(doc: unknown): boolean {
  return (
    isObject(doc) &&
    typeof doc.format_version === 'string' &&
    ('planned_values' in doc || 'resource_changes' in doc || 'values' in doc || 'terraform_version' in doc)
  );
}

/** Validates the envelope; throws one InputError line naming the file. */
function checkEnvelope(doc: unknown, file: string): asserts doc is Json {
  if (!isObject(doc)) throw new InputError(`${file}: not a Terraform plan: expected a JSON object from terraform show -json`);
  const version = doc.format_version;
  if (typeof version !== 'string')
    throw new InputError(`${file}: not a Terraform plan: format_version is missing (write it with terraform show -json tfplan)`);
  if (!SUPPORTED_FORMAT.test(version))
    throw new InputError(`${file}: unsupported Terraform JSON format_version ${JSON.stringify(version)}: this pgl-preflight reads 1.x`);
  if (!('resource_changes' in doc) && !('planned_values' in doc)) {
    throw new InputError(
      `${file}: a Terraform state, not a plan (no planned_values or resource_changes): run terraform plan -out tfplan, then terraform show -json tfplan`,
    );
  }
  if (doc.errored === true) throw new InputError(`${file}: the Terraform plan is incomplete (errored: true): fix the plan errors first`);
  if ('resource_changes' in doc && !Array.isArray(doc.resource_changes))
    throw new InputError(`${file}: resource_changes: expected an array`);
}

const ACTIONS: Record<string, PlanChange> = { create: 'create', update: 'modify', delete: 'delete', 'no-op': 'keep', read: 'keep' };

function changeOf(actions: readonly string[]): PlanChange | undefined {
  // ["delete","create"] and ["create","delete"] replace the resource: what is judged is the new one.
  if (actions.includes('create')) return 'create';
  if (actions.length === 1 && Object.hasOwn(ACTIONS, actions[0]!)) return ACTIONS[actions[0]!];
  return undefined;
}

/** A value at a path of an after_unknown tree: true when Terraform knows it only after apply. */
function unknownAt(tree: unknown, path: (string | number)[]): boolean {
  let node = tree;
  for (const key of path) {
    if (node === true) return true;
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isObject(node)) node = node[key as string];
    else return false;
  }
  return node === true;
}

/** `module.a.module.b` from an address like `module.a.module.b.azurerm_subnet.x["k"]`. */
function moduleOf(address: string): string {
  const parts = /^((?:module\.[^.[]+(?:\[[^\]]+\])?\.)*)/.exec(address);
  return (parts?.[1] ?? '').replace(/\.$/, '');
}

/** The configuration module for a module path (instance keys dropped: one configuration serves every instance). */
function configModule(root: ConfigModule | undefined, modulePath: string): ConfigModule | undefined {
  let mod = root;
  if (!modulePath) return mod;
  for (const m of modulePath.matchAll(/module\.([^.[]+)/g)) mod = mod?.module_calls?.[m[1]!]?.module;
  return mod;
}

const withoutIndex = (address: string) => address.replace(/\[[^\]]*\]$/, '');

/** Turns a resource change into a readable record: attribute values, unknown markers, and reference lookup. */
interface Attributes {
  address: string;
  after: Json;
  get(path: (string | number)[]): unknown;
  isUnknown(path: (string | number)[]): boolean;
  /** Addresses the configuration expression at this path refers to (resolved through module variables). */
  references(path: (string | number)[]): string[];
}

export interface TerraformRead {
  resources: PlannedResource[];
  /** Supported azurerm types seen, for the "nothing to judge" message. */
  azurermTypes: number;
}

/**
 * Reads one `terraform show -json` plan. `doc` is the parsed JSON; errors are one InputError line naming `file`.
 */
export function readTerraformPlan(doc: unknown, file: string): PlannedResource[] {
  checkEnvelope(doc, file);
  const changes = (Array.isArray(doc.resource_changes) ? doc.resource_changes : []) as ResourceChange[];
  const configuration = isObject(doc.configuration) ? (doc.configuration as { root_module?: ConfigModule; provider_config?: Json }) : {};
  const root = configuration.root_module;
  const subscription = providerSubscription(configuration.provider_config) ?? subscriptionOfKnownIds(changes) ?? PLANNED_SUBSCRIPTION;
  const managed = changes.filter(
    (c) =>
      isObject(c) &&
      c.mode === 'managed' &&
      typeof c.address === 'string' &&
      typeof c.type === 'string' &&
      Object.hasOwn(BUILDERS, c.type) &&
      isObject(c.change) &&
      Array.isArray(c.change.actions),
  );
  const byAddress = new Map(managed.map((c) => [c.address, c]));

  const attributes = (c: ResourceChange): Attributes => {
    const after = isObject(c.change.after) ? c.change.after : isObject(c.change.before) ? c.change.before : {};
    const modulePath = c.module_address ?? moduleOf(c.address);
    const local = modulePath ? c.address.slice(modulePath.length + 1) : c.address;
    const configured = configModule(root, modulePath)?.resources;
    const config = Array.isArray(configured) ? configured.find((r) => isObject(r) && r.address === withoutIndex(local)) : undefined;
    return {
      address: c.address,
      after,
      get: (path) => path.reduce<unknown>((v, k) => (Array.isArray(v) ? v[k as number] : isObject(v) ? v[k as string] : undefined), after),
      isUnknown: (path) => (c.change.actions.includes('delete') && !c.change.after ? false : unknownAt(c.change.after_unknown, path)),
      references: (path) => {
        let expr: unknown = config?.expressions;
        for (const k of path)
          expr = Array.isArray(expr) ? expr[typeof k === 'number' ? k : 0] : isObject(expr) ? expr[k as string] : undefined;
        if (Array.isArray(expr)) expr = expr[0];
        const refs = isObject(expr) && Array.isArray(expr.references) ? (expr.references as string[]) : [];
        return resolveReferences(root, modulePath, refs, c.index);
      },
    };
  };

  // Ids first (a created resource's id is derived from its own known attributes), then bodies that link to them.
  const ids = new Map<string, string>();
  const idOf = (address: string, seen = new Set<string>()): string | undefined => {
    const cached = ids.get(address);
    if (cached) return cached;
    const c = byAddress.get(address);
    if (!c || seen.has(address)) return undefined;
    seen.add(address);
    const attrs = attributes(c);
    const known = attrs.get(['id']);
    const id =
      typeof known === 'string' && known && !attrs.isUnknown(['id'])
        ? known
        : BUILDERS[c.type]!.id(attrs, { subscription, link: (path) => link(attrs, path, seen) });
    if (id) ids.set(address, id);
    return id;
  };
  /** A known id attribute, or the id of the planned resource its expression refers to. */
  const link = (attrs: Attributes, path: (string | number)[], seen = new Set<string>()): string | undefined => {
    const value = attrs.get(path);
    if (typeof value === 'string' && value && !attrs.isUnknown(path)) return value;
    for (const ref of attrs.references(path)) {
      const target = [...byAddress.keys()].find((a) => a === ref || withoutIndex(a) === ref);
      if (target) {
        const id = idOf(target, seen);
        if (id) return id;
      }
    }
    return undefined;
  };

  const out: PlannedResource[] = [];
  for (const c of managed) {
    const change = changeOf(c.change.actions.filter((a): a is string => typeof a === 'string'));
    if (!change) continue;
    const attrs = attributes(c);
    const id = idOf(c.address);
    if (!id) continue;
    const builder = BUILDERS[c.type]!;
    const unknown: string[] = [];
    const ctx: BuildContext = { subscription, link: (path) => link(attrs, path), unknown: (pointer) => unknown.push(pointer), change };
    const built = change === 'delete' ? undefined : builder.body(attrs, ctx);
    for (const extra of built?.children ?? []) out.push({ ...extra, source: c.address, file, change, unknown: extra.unknown ?? [] });
    out.push({
      type: builder.type,
      id,
      source: c.address,
      file,
      ...(built ? { body: built.body } : {}),
      unknown,
      change,
      ...(builder.externalProperties ? { externalProperties: [...builder.externalProperties] } : {}),
    });
  }
  return out;
}

function providerSubscription(providers: Json | undefined): string | undefined {
  for (const [key, p] of Object.entries(providers ?? {})) {
    if (!key.startsWith('azurerm') || !isObject(p) || !isObject(p.expressions)) continue;
    const sub = p.expressions.subscription_id;
    if (isObject(sub) && typeof sub.constant_value === 'string') return sub.constant_value;
  }
  return undefined;
}

function subscriptionOfKnownIds(changes: readonly ResourceChange[]): string | undefined {
  for (const c of changes) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a plan file is read as given: a hand-made one may lack them
    const id = isObject(c?.change?.after) ? c.change.after.id : undefined;
    const m = typeof id === 'string' ? /^\/subscriptions\/([^/]+)\//i.exec(id) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Configuration references (`azurerm_subnet.pg.id`, `var.subnet_id`, `module.net.subnet_id`) -> resource addresses. */
function resolveReferences(
  root: ConfigModule | undefined,
  modulePath: string,
  refs: readonly string[],
  index: string | number | undefined,
  depth = 0,
): string[] {
  if (depth > 8) return [];
  const prefix = modulePath ? `${modulePath}.` : '';
  const out: string[] = [];
  for (const ref of refs) {
    const variable = /^var\.([^.[]+)/.exec(ref);
    if (variable) {
      // A module input: follow the calling module's expression for it.
      const call = /^(.*?)(?:\.)?module\.([^.[]+)(?:\[[^\]]+\])?$/.exec(modulePath);
      if (!call) continue;
      const parentPath = call[1] ?? '';
      const expr = configModule(root, parentPath)?.module_calls?.[call[2]!]?.expressions?.[variable[1]!];
      const parentRefs = isObject(expr) && Array.isArray(expr.references) ? (expr.references as string[]) : [];
      out.push(...resolveReferences(root, parentPath, parentRefs, index, depth + 1));
      continue;
    }
    const output = /^module\.([^.[]+)(?:\[[^\]]+\])?\.([^.[]+)/.exec(ref);
    if (output) {
      const childPath = `${prefix}module.${output[1]}`;
      const expr = configModule(root, childPath)?.outputs?.[output[2]!]?.expression;
      out.push(...resolveReferences(root, childPath, expr?.references ?? [], index, depth + 1));
      continue;
    }
    const resource = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]+\])?/.exec(ref);
    if (!resource || resource[1]!.startsWith('data.')) continue;
    // A reference without an instance key from a resource with one means "the same key" (for_each over the same map).
    const key = resource[2] ?? (index === undefined ? '' : `[${typeof index === 'number' ? index : JSON.stringify(index)}]`);
    out.push(`${prefix}${resource[1]}${key}`, `${prefix}${resource[1]}`);
  }
  return [...new Set(out)];
}

// ---------- azurerm resource -> ARM REST body ----------

interface BuildContext {
  subscription: string;
  /** A known id at this path, or the planned id its expression references. */
  link(path: (string | number)[]): string | undefined;
  unknown?(pointer: string): void;
  change?: PlanChange;
}

interface Built {
  body: Json;
  /** Sub-resources written inline in the azurerm resource but separate in ARM (none today: inline blocks stay inline). */
  children?: (Omit<PlannedResource, 'source' | 'file' | 'change' | 'unknown'> & { unknown?: string[] })[];
}

interface Builder {
  type: string;
  id(a: Attributes, ctx: Pick<BuildContext, 'subscription' | 'link'>): string | undefined;
  body(a: Attributes, ctx: BuildContext): Built;
  /** See PlannedResource.externalProperties. */
  externalProperties?: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);
const blocks = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const prune = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function armId(subscription: string, a: Attributes, provider: string, ...typeAndNames: [string, unknown][]): string | undefined {
  const rg = str(a.get(['resource_group_name']));
  if (!rg || typeAndNames.some(([, n]) => !str(n))) return undefined;
  return `/subscriptions/${subscription}/resourceGroups/${rg}/providers/${provider}/${typeAndNames.map(([t, n]) => `${t}/${n as string}`).join('/')}`;
}

/** Sub-resource id: the parent's id (known or linked) plus the child's type and name. */
function childId(parent: string | undefined, type: string, name: unknown): string | undefined {
  return parent && str(name) ? `${parent}/${type}/${name as string}` : undefined;
}

function securityRuleProperties(r: Json): Json {
  return prune({
    description: str(r.description),
    protocol: str(r.protocol) ?? '*',
    sourcePortRange: str(r.source_port_range),
    sourcePortRanges: strings(r.source_port_ranges).length ? strings(r.source_port_ranges) : undefined,
    destinationPortRange: str(r.destination_port_range),
    destinationPortRanges: strings(r.destination_port_ranges).length ? strings(r.destination_port_ranges) : undefined,
    sourceAddressPrefix: str(r.source_address_prefix),
    sourceAddressPrefixes: strings(r.source_address_prefixes).length ? strings(r.source_address_prefixes) : undefined,
    destinationAddressPrefix: str(r.destination_address_prefix),
    destinationAddressPrefixes: strings(r.destination_address_prefixes).length ? strings(r.destination_address_prefixes) : undefined,
    sourceApplicationSecurityGroups: strings(r.source_application_security_group_ids).map((id) => ({ id })),
    destinationApplicationSecurityGroups: strings(r.destination_application_security_group_ids).map((id) => ({ id })),
    access: str(r.access),
    priority: typeof r.priority === 'number' ? r.priority : undefined,
    direction: str(r.direction),
  });
}

function delegations(list: unknown): Json[] {
  return blocks(list).map((d) => ({
    name: str(d.name) ?? '',
    properties: prune({
      serviceName: str(blocks(d.service_delegation)[0]?.name),
      actions: strings(blocks(d.service_delegation)[0]?.actions),
    }),
  }));
}

function routeProperties(r: Json): Json {
  return prune({
    addressPrefix: str(r.address_prefix),
    nextHopType: str(r.next_hop_type),
    nextHopIpAddress: str(r.next_hop_in_ip_address),
  });
}

/** Subnet body fields shared by azurerm_subnet and the inline `subnet` blocks of azurerm_virtual_network. */
function subnetProperties(s: Json, nsgId: string | undefined, routeTableId: string | undefined): Json {
  const prefixes = strings(s.address_prefixes);
  const single = str(s.address_prefix);
  return prune({
    addressPrefixes: prefixes.length ? prefixes : undefined,
    addressPrefix: !prefixes.length ? single : undefined,
    delegations: delegations(s.delegation),
    networkSecurityGroup: nsgId ? { id: nsgId } : undefined,
    routeTable: routeTableId ? { id: routeTableId } : undefined,
  });
}

const BUILDERS: Record<string, Builder> = {
  azurerm_postgresql_flexible_server: {
    type: 'Microsoft.DBforPostgreSQL/flexibleServers',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.DBforPostgreSQL', ['flexibleServers', a.get(['name'])]),
    body: (a, ctx) => {
      const subnet = ctx.link(['delegated_subnet_id']);
      const zone = ctx.link(['private_dns_zone_id']);
      if (!subnet && a.isUnknown(['delegated_subnet_id'])) ctx.unknown?.('/properties/network/delegatedSubnetResourceId');
      if (!zone && a.isUnknown(['private_dns_zone_id'])) ctx.unknown?.('/properties/network/privateDnsZoneArmResourceId');
      const fqdn = str(a.get(['fqdn']));
      if (!fqdn || a.isUnknown(['fqdn'])) ctx.unknown?.('/properties/fullyQualifiedDomainName');
      // Terraform has no attribute for the running state: the plan cannot tell it.
      ctx.unknown?.('/properties/state');
      const publicAccess = a.get(['public_network_access_enabled']);
      const ha = blocks(a.get(['high_availability']))[0];
      const createMode = str(a.get(['create_mode']));
      return {
        body: {
          location: str(a.get(['location'])),
          properties: prune({
            version: str(a.get(['version'])),
            administratorLogin: str(a.get(['administrator_login'])),
            fullyQualifiedDomainName: fqdn && !a.isUnknown(['fqdn']) ? fqdn : undefined,
            network: prune({
              delegatedSubnetResourceId: subnet,
              privateDnsZoneArmResourceId: zone,
              // azurerm 3.x computes it; VNET integration means no public access (the platform's rule).
              publicNetworkAccess:
                typeof publicAccess === 'boolean' && !a.isUnknown(['public_network_access_enabled'])
                  ? publicAccess
                    ? 'Enabled'
                    : 'Disabled'
                  : subnet
                    ? 'Disabled'
                    : 'Enabled',
            }),
            highAvailability: { mode: str(ha?.mode) ?? 'Disabled' },
            replicationRole: createMode?.toLowerCase() === 'replica' ? 'AsyncReplica' : ctx.change === 'create' ? 'Primary' : undefined,
          }),
        },
      };
    },
  },
  azurerm_postgresql_flexible_server_configuration: {
    type: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations',
    id: (a, ctx) => childId(ctx.link(['server_id']), 'configurations', a.get(['name'])),
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value is a string, number or boolean in the plan, printed as ARM would
    body: (a) => ({ body: { properties: { value: String(a.get(['value']) ?? ''), source: 'user-override' } } }),
  },
  azurerm_postgresql_flexible_server_firewall_rule: {
    type: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules',
    id: (a, ctx) => childId(ctx.link(['server_id']), 'firewallRules', a.get(['name'])),
    body: (a) => ({
      body: { properties: { startIpAddress: str(a.get(['start_ip_address'])), endIpAddress: str(a.get(['end_ip_address'])) } },
    }),
  },
  azurerm_virtual_network: {
    type: 'Microsoft.Network/virtualNetworks',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.Network', ['virtualNetworks', a.get(['name'])]),
    body: (a, ctx) => {
      const id = armId(ctx.subscription, a, 'Microsoft.Network', ['virtualNetworks', a.get(['name'])]);
      const subnets = blocks(a.get(['subnet'])).map((s, i) => ({
        name: str(s.name),
        id: str(s.id) ?? (id ? `${id}/subnets/${String(s.name)}` : undefined),
        properties: subnetProperties(
          s,
          str(s.security_group) ?? ctx.link(['subnet', i, 'security_group']),
          str(s.route_table_id) ?? ctx.link(['subnet', i, 'route_table_id']),
        ),
      }));
      return {
        body: prune({
          location: str(a.get(['location'])),
          properties: prune({
            addressSpace: { addressPrefixes: strings(a.get(['address_space'])) },
            dhcpOptions: { dnsServers: strings(a.get(['dns_servers'])) },
            subnets: subnets.length ? subnets : undefined,
          }),
        }),
      };
    },
  },
  azurerm_subnet: {
    type: 'Microsoft.Network/virtualNetworks/subnets',
    id: (a, ctx) =>
      armId(ctx.subscription, a, 'Microsoft.Network', ['virtualNetworks', a.get(['virtual_network_name'])], ['subnets', a.get(['name'])]),
    body: (a) => ({ body: { properties: subnetProperties(a.after, undefined, undefined) } }),
    // azurerm_subnet_network_security_group_association / azurerm_subnet_route_table_association hold them.
    externalProperties: ['networkSecurityGroup', 'routeTable'],
  },
  azurerm_subnet_network_security_group_association: {
    type: 'Microsoft.Network/virtualNetworks/subnets/networkSecurityGroupAssociation',
    // The association is the subnet's networkSecurityGroup property: its id is the subnet's own.
    id: (_a, ctx) => ctx.link(['subnet_id']),
    body: (_a, ctx) => ({ body: { properties: { networkSecurityGroup: { id: ctx.link(['network_security_group_id']) } } } }),
  },
  azurerm_subnet_route_table_association: {
    type: 'Microsoft.Network/virtualNetworks/subnets/routeTableAssociation',
    id: (_a, ctx) => ctx.link(['subnet_id']),
    body: (_a, ctx) => ({ body: { properties: { routeTable: { id: ctx.link(['route_table_id']) } } } }),
  },
  azurerm_virtual_network_peering: {
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    id: (a, ctx) =>
      armId(
        ctx.subscription,
        a,
        'Microsoft.Network',
        ['virtualNetworks', a.get(['virtual_network_name'])],
        ['virtualNetworkPeerings', a.get(['name'])],
      ),
    body: (a, ctx) => {
      const bool = (k: string, dflt: boolean) => (typeof a.get([k]) === 'boolean' ? (a.get([k]) as boolean) : dflt);
      // peeringState and the remote address space are set by ARM when both sides exist: known after deployment.
      ctx.unknown?.('/properties/peeringState');
      ctx.unknown?.('/properties/remoteAddressSpace');
      return {
        body: {
          properties: prune({
            remoteVirtualNetwork: { id: ctx.link(['remote_virtual_network_id']) },
            allowVirtualNetworkAccess: bool('allow_virtual_network_access', true),
            allowForwardedTraffic: bool('allow_forwarded_traffic', false),
            allowGatewayTransit: bool('allow_gateway_transit', false),
            useRemoteGateways: bool('use_remote_gateways', false),
          }),
        },
      };
    },
  },
  azurerm_network_security_group: {
    type: 'Microsoft.Network/networkSecurityGroups',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.Network', ['networkSecurityGroups', a.get(['name'])]),
    body: (a) => ({
      body: prune({
        location: str(a.get(['location'])),
        properties: {
          securityRules: blocks(a.get(['security_rule'])).map((r) => ({ name: str(r.name), properties: securityRuleProperties(r) })),
        },
      }),
    }),
  },
  azurerm_network_security_rule: {
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    id: (a, ctx) =>
      armId(
        ctx.subscription,
        a,
        'Microsoft.Network',
        ['networkSecurityGroups', a.get(['network_security_group_name'])],
        ['securityRules', a.get(['name'])],
      ),
    body: (a) => ({ body: { properties: securityRuleProperties(a.after) } }),
  },
  azurerm_route_table: {
    type: 'Microsoft.Network/routeTables',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.Network', ['routeTables', a.get(['name'])]),
    body: (a) => {
      const propagation = a.get(['bgp_route_propagation_enabled']);
      const disabled = a.get(['disable_bgp_route_propagation']);
      return {
        body: prune({
          location: str(a.get(['location'])),
          properties: prune({
            routes: blocks(a.get(['route'])).map((r) => ({ name: str(r.name), properties: routeProperties(r) })),
            // azurerm 4.x: bgp_route_propagation_enabled; 3.x: disable_bgp_route_propagation.
            disableBgpRoutePropagation:
              typeof propagation === 'boolean' ? !propagation : typeof disabled === 'boolean' ? disabled : undefined,
          }),
        }),
      };
    },
  },
  azurerm_route: {
    type: 'Microsoft.Network/routeTables/routes',
    id: (a, ctx) =>
      armId(ctx.subscription, a, 'Microsoft.Network', ['routeTables', a.get(['route_table_name'])], ['routes', a.get(['name'])]),
    body: (a) => ({ body: { properties: routeProperties(a.after) } }),
  },
  azurerm_private_dns_zone: {
    type: 'Microsoft.Network/privateDnsZones',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.Network', ['privateDnsZones', a.get(['name'])]),
    body: () => ({ body: { location: 'global', properties: {} } }),
  },
  azurerm_private_dns_zone_virtual_network_link: {
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    id: (a, ctx) =>
      armId(
        ctx.subscription,
        a,
        'Microsoft.Network',
        ['privateDnsZones', a.get(['private_dns_zone_name'])],
        ['virtualNetworkLinks', a.get(['name'])],
      ),
    body: (a, ctx) => {
      ctx.unknown?.('/properties/virtualNetworkLinkState');
      return {
        body: {
          location: 'global',
          properties: prune({
            virtualNetwork: { id: ctx.link(['virtual_network_id']) },
            registrationEnabled: a.get(['registration_enabled']) === true,
          }),
        },
      };
    },
  },
  azurerm_private_dns_a_record: {
    type: 'Microsoft.Network/privateDnsZones/A',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.Network', ['privateDnsZones', a.get(['zone_name'])], ['A', a.get(['name'])]),
    body: (a, ctx) => {
      const records = strings(a.get(['records']));
      if (a.isUnknown(['records'])) ctx.unknown?.('/properties/aRecords');
      const fqdn = str(a.get(['fqdn']));
      return {
        body: {
          properties: prune({
            ttl: a.get(['ttl']),
            fqdn: fqdn && !a.isUnknown(['fqdn']) ? fqdn : undefined,
            aRecords: records.map((ipv4Address) => ({ ipv4Address })),
          }),
        },
      };
    },
  },
  azurerm_private_endpoint: {
    type: 'Microsoft.Network/privateEndpoints',
    id: (a, ctx) => armId(ctx.subscription, a, 'Microsoft.Network', ['privateEndpoints', a.get(['name'])]),
    body: (a, ctx) => {
      const connections = blocks(a.get(['private_service_connection'])).map((c, i) => ({
        manual: c.is_manual_connection === true,
        value: {
          name: str(c.name),
          properties: prune({
            privateLinkServiceId:
              str(c.private_connection_resource_id) ?? ctx.link(['private_service_connection', i, 'private_connection_resource_id']),
            groupIds: strings(c.subresource_names),
          }),
        },
      }));
      const addresses = blocks(a.get(['private_service_connection']))
        .map((c) => str(c.private_ip_address))
        .filter((x): x is string => x !== undefined);
      if (addresses.length === 0) ctx.unknown?.('/properties/ipConfigurations');
      return {
        body: prune({
          location: str(a.get(['location'])),
          properties: prune({
            subnet: { id: ctx.link(['subnet_id']) },
            privateLinkServiceConnections: connections.filter((c) => !c.manual).map((c) => c.value),
            manualPrivateLinkServiceConnections: connections.filter((c) => c.manual).map((c) => c.value),
            ipConfigurations: addresses.length
              ? addresses.map((ip, i) => ({ name: `ipconfig${i}`, properties: { privateIPAddress: ip } }))
              : undefined,
          }),
        }),
      };
    },
  },
};

/** The azurerm resource types this reader turns into ARM bodies. */
export const TERRAFORM_TYPES = Object.keys(BUILDERS);
