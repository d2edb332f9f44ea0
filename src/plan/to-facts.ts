// PlannedResource[] -> snapshot facts. A planned body is deserialized by the Azure SDKs' own
// generated mappers (the code a live GET goes through: `properties.*` flattened, types coerced) and
// then normalised by src/collect/azure/normalize.ts, so a planned body and a live GET of the same
// resource give the same facts. Child resources (subnets, peerings, rules, routes, zone links, A
// records, server parameters) are kept apart by parent id: the parent may come from the plan or
// from the live read, and index.ts lays the children over whichever it is.
import type { FlexibleServer, ServerParameter } from '../snapshot/types.js';
import type {
  NetworkSecurityGroup,
  PrivateDnsZone,
  PrivateEndpoint,
  Route,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
  VirtualNetworkPeering,
} from '../snapshot/network-types.js';
import * as normalize from '../collect/azure/normalize.js';
import { InputError } from '../util/errors.js';
import type { PlannedResource } from './types.js';

/** One converted resource with the plan entry it came from. */
export interface Planned<T> {
  resource: PlannedResource;
  data: T;
}

export interface PlannedFacts {
  /** Every planned resource by lower-cased ARM id (deletes included): names results and answers "known after deployment". */
  byId: Map<string, PlannedResource>;
  servers: Map<string, Planned<FlexibleServer>>;
  /** Server parameters the plan sets, by lower-cased server id. */
  parameters: Map<string, Map<string, Planned<ServerParameter>>>;
  firewallRules: Map<string, Planned<{ name: string; startIpAddress: string; endIpAddress: string }>[]>;
  virtualNetworks: Map<string, Planned<VirtualNetwork>>;
  subnets: Map<string, Planned<Subnet>>;
  /** Peerings by lower-cased VNET id. */
  peerings: Map<string, Planned<VirtualNetworkPeering>[]>;
  networkSecurityGroups: Map<string, Planned<NetworkSecurityGroup>>;
  securityRules: Map<string, Planned<SecurityRule>[]>;
  routeTables: Map<string, Planned<RouteTable>>;
  routes: Map<string, Planned<Route>[]>;
  privateDnsZones: Map<string, Planned<PrivateDnsZone>>;
  zoneLinks: Map<string, Planned<PrivateDnsZone['virtualNetworkLinks'][number]>[]>;
  aRecords: Map<string, Planned<PrivateDnsZone['aRecords'][number]>[]>;
  privateEndpoints: Map<string, Planned<PrivateEndpoint>>;
  /** Lower-cased ids the plan deletes. */
  deleted: Set<string>;
  /**
   * Resources (by lower-cased id; a child's unknown counts for its parent) with a judged value known only after
   * deployment: their facts become "known after deployment" skips rather than judging a placeholder.
   */
  afterDeployment: Map<string, string>;
  /** Resources of types no rule reads (resource groups, identities, ...), by type: counted, not converted. */
  ignored: Map<string, number>;
}

// The SDK mapper tables are not exported by the packages' entry points; they are plain data modules
// beside the entry point (dist/esm/models/mappers.js; dist-esm/src/models/mappers.js for privatedns).
type MapperTable = Record<string, unknown>;
interface Serializer {
  deserialize(mapper: unknown, body: unknown, objectName: string, options?: unknown): unknown;
}
interface Mappers {
  network: MapperTable;
  postgres: MapperTable;
  privateDns: MapperTable;
  serializer(table: MapperTable): Serializer;
}

let mappersPromise: Promise<Mappers> | undefined;

async function importRelative(pkg: string, path: string): Promise<MapperTable> {
  const url = new URL(path, import.meta.resolve(pkg));
  return (await import(url.href)) as MapperTable;
}

/** Loaded once per process, and only when a plan is read. */
export function loadMappers(): Promise<Mappers> {
  mappersPromise ??= (async () => {
    const { createSerializer } = await import('@azure/core-client');
    const [network, postgres, privateDns] = await Promise.all([
      importRelative('@azure/arm-network', './models/mappers.js'),
      importRelative('@azure/arm-postgresql-flexible', './models/mappers.js'),
      importRelative('@azure/arm-privatedns', '../dist-esm/src/models/mappers.js'),
    ]);
    const cache = new Map<MapperTable, Serializer>();
    return {
      network,
      postgres,
      privateDns,
      serializer: (table) => {
        let s = cache.get(table);
        if (!s) cache.set(table, (s = createSerializer(table, false) as unknown as Serializer));
        return s;
      },
    };
  })();
  return mappersPromise;
}

/** The id of the resource a child id belongs to: .../virtualNetworks/v/subnets/s -> .../virtualNetworks/v */
export function parentId(id: string): string {
  return id.replace(/\/[^/]+\/[^/]+\/?$/, '');
}

const lastSegment = (id: string) => id.split('/').filter(Boolean).pop() ?? id;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function emptyPlannedFacts(): PlannedFacts {
  return {
    byId: new Map(),
    servers: new Map(),
    parameters: new Map(),
    firewallRules: new Map(),
    virtualNetworks: new Map(),
    subnets: new Map(),
    peerings: new Map(),
    networkSecurityGroups: new Map(),
    securityRules: new Map(),
    routeTables: new Map(),
    routes: new Map(),
    privateDnsZones: new Map(),
    zoneLinks: new Map(),
    aRecords: new Map(),
    privateEndpoints: new Map(),
    deleted: new Set(),
    ignored: new Map(),
    afterDeployment: new Map(),
  };
}

/**
 * Values known only after deployment that the merge settles on its own: set by the platform (a server's
 * state and FQDN, peering state, link state, default rules, endpoint addresses), derived by index.ts or
 * tolerated as absent by the rules. Any other unknown value (a what-if "[reference(...)]", a Terraform
 * after_unknown attribute) is one the rules would judge as a literal, so its resource is not judged.
 */
const SETTLED_UNKNOWN = [
  /^\/properties\/(fullyQualifiedDomainName|state|virtualNetworkLinkState|customDnsConfigs|defaultSecurityRules|ipConfigurations)$/,
  /^\/properties\/network\/(delegatedSubnetResourceId|privateDnsZoneArmResourceId)$/,
  /^(\/properties\/virtualNetworkPeerings\/\d+)?\/properties\/(peeringState|peeringSyncLevel|remoteAddressSpace)(\/.*)?$/,
  /^\/properties$/,
];

/** The top-level resource a planned resource's facts belong to: itself, or the parent of a child resource. */
const CHILD_TYPES =
  /^microsoft\.(dbforpostgresql\/flexibleservers\/(configurations|firewallrules)|network\/(networksecuritygroups\/securityrules|routetables\/routes|privatednszones\/(virtualnetworklinks|a)|virtualnetworks\/virtualnetworkpeerings))$/i;

/** A Terraform association resource (azurerm_subnet_network_security_group_association and the like). */
function isAssociation(source: string): boolean {
  return /_association\.[^.]+$/.test(source);
}

/**
 * Converts planned resources, in order (a later file's entry for the same id wins).
 * Throws InputError naming the file and resource when a body cannot be read as its ARM type.
 */

export async function toFacts(resources: readonly PlannedResource[]): Promise<PlannedFacts> {
  const m = await loadMappers();
  const out = emptyPlannedFacts();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the SDK model its mapper yields
  const read = <T>(table: MapperTable, mapperName: string, r: PlannedResource): T => {
    const mapper = table[mapperName];
    if (!mapper) throw new Error(`no SDK mapper ${mapperName}`);
    try {
      // The body as a GET returns it: the resource's name and id are part of it.
      const body = { name: lastSegment(r.id), ...r.body, id: r.id };
      return m.serializer(table).deserialize(mapper, body, r.source) as T;
    } catch (err) {
      throw new InputError(`${r.file}: ${r.source}: the planned ${r.type} body is not readable: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  for (const r of resources) {
    const key = r.id.toLowerCase();
    // An association (subnet-NSG, subnet-route table) is planned on its subnet's id: the subnet itself names
    // that id in reports, since the subnet is what a finding about it asks to change.
    const existing = out.byId.get(key);
    if (!existing || !isAssociation(r.source) || isAssociation(existing.source)) out.byId.set(key, r);
    if (r.change === 'delete') {
      out.deleted.add(key);
      continue;
    }
    out.deleted.delete(key);
    // Kept without a payload (what-if NoChange/Ignore with no before/after): as deployed, read live.
    if (!r.body) continue;
    const pending = r.unknown.filter((p) => !SETTLED_UNKNOWN.some((re) => re.test(p)));
    if (pending.length) {
      const owner = CHILD_TYPES.test(r.type) ? parentId(r.id) : r.id;
      out.afterDeployment.set(
        owner.toLowerCase(),
        `${r.source} ${pending.map((p) => p.replace(/^\/properties\//, '')).join(', ')} (the plan cannot tell the value before it is applied)`,
      );
    }
    const parent = parentId(r.id).toLowerCase();
    const type = r.type.toLowerCase();
    switch (type) {
      case 'microsoft.dbforpostgresql/flexibleservers':
        out.servers.set(key, { resource: r, data: normalize.server(read(m.postgres, 'Server', r), r.id) });
        break;
      case 'microsoft.dbforpostgresql/flexibleservers/configurations': {
        const [name, value] = Object.entries(normalize.parameters([read(m.postgres, 'Configuration', r)]))[0] ?? [];
        if (!name || !value) break;
        let params = out.parameters.get(parent);
        if (!params) out.parameters.set(parent, (params = new Map<string, Planned<ServerParameter>>()));
        // An explicit value in the plan is user-set: that is what ARM reports as its source.
        params.set(name, { resource: r, data: { ...value, source: value.source ?? 'user-override' } });
        break;
      }
      case 'microsoft.dbforpostgresql/flexibleservers/firewallrules':
        push(out.firewallRules, parent, { resource: r, data: normalize.firewallRules([read(m.postgres, 'FirewallRule', r)])[0]! });
        break;
      case 'microsoft.network/virtualnetworks': {
        const vnet = read<import('@azure/arm-network').VirtualNetwork>(m.network, 'VirtualNetwork', r);
        out.virtualNetworks.set(key, { resource: r, data: normalize.virtualNetwork(vnet, r.id) });
        // Subnets written inline in the VNET body are subnets of the plan too.
        for (const s of vnet.subnets ?? []) {
          const id = s.id ?? `${r.id}/subnets/${s.name}`;
          out.subnets.set(id.toLowerCase(), { resource: r, data: normalize.subnet(s, id) });
        }
        break;
      }
      case 'microsoft.network/virtualnetworks/subnets':
        out.subnets.set(key, { resource: r, data: normalize.subnet(read(m.network, 'Subnet', r), r.id) });
        break;
      case 'microsoft.network/virtualnetworks/virtualnetworkpeerings': {
        const peering = read<import('@azure/arm-network').VirtualNetworkPeering>(m.network, 'VirtualNetworkPeering', r);
        const data = normalize.virtualNetwork({ virtualNetworkPeerings: [peering] }, parentId(r.id)).peerings[0]!;
        push(out.peerings, parent, { resource: r, data });
        break;
      }
      case 'microsoft.network/networksecuritygroups':
        out.networkSecurityGroups.set(key, {
          resource: r,
          data: normalize.networkSecurityGroup(read(m.network, 'NetworkSecurityGroup', r), r.id),
        });
        break;
      case 'microsoft.network/networksecuritygroups/securityrules': {
        const rule = read<import('@azure/arm-network').SecurityRule>(m.network, 'SecurityRule', r);
        const data = normalize.networkSecurityGroup({ securityRules: [rule] }, parentId(r.id)).securityRules[0]!;
        push(out.securityRules, parent, { resource: r, data });
        break;
      }
      case 'microsoft.network/routetables':
        out.routeTables.set(key, { resource: r, data: normalize.routeTable(read(m.network, 'RouteTable', r), r.id) });
        break;
      case 'microsoft.network/routetables/routes': {
        const route = read<import('@azure/arm-network').Route>(m.network, 'Route', r);
        const data = normalize.routeTable({ routes: [route] }, parentId(r.id)).routes[0]!;
        push(out.routes, parent, { resource: r, data });
        break;
      }
      case 'microsoft.network/privatednszones':
        out.privateDnsZones.set(key, { resource: r, data: normalize.privateDnsZone(read(m.privateDns, 'PrivateZone', r), r.id, [], []) });
        break;
      case 'microsoft.network/privatednszones/virtualnetworklinks': {
        const link = read<import('@azure/arm-privatedns').VirtualNetworkLink>(m.privateDns, 'VirtualNetworkLink', r);
        const data = normalize.privateDnsZone({}, parentId(r.id), [link], []).virtualNetworkLinks[0]!;
        push(out.zoneLinks, parent, { resource: r, data });
        break;
      }
      case 'microsoft.network/privatednszones/a': {
        const record = read<import('@azure/arm-privatedns').RecordSet>(m.privateDns, 'RecordSet', r);
        const data = normalize.privateDnsZone({}, parentId(r.id), [], [record]).aRecords[0]!;
        push(out.aRecords, parent, { resource: r, data });
        break;
      }
      case 'microsoft.network/privateendpoints':
        out.privateEndpoints.set(key, { resource: r, data: normalize.privateEndpoint(read(m.network, 'PrivateEndpoint', r), r.id) });
        break;
      default:
        out.ignored.set(r.type, (out.ignored.get(r.type) ?? 0) + 1);
    }
  }
  return out;
}
