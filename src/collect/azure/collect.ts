// From each node's server id to every Azure fact the rules read. Each resource is read once (a
// promise cache keyed by lower-cased id), reads run concurrently under a bound, pages are followed,
// and every failure is recorded as a slice error instead of being thrown.
import { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import type { TokenCredential } from '@azure/identity';
import type { AzureNodeFacts, AzureResources, FlexibleServer, SliceOf } from '../../snapshot/types.js';
import type { Subnet } from '../../snapshot/network-types.js';
import { parseResourceId, resourceIdParts, vnetIdOfSubnet } from '../../util/azure-id.js';
import { Limiter } from '../limit.js';
import type { Cloud } from './clouds.js';
import { toSliceError } from './errors.js';
import * as normalize from './normalize.js';

export interface AzureCollectOptions {
  credential: TokenCredential;
  cloud: Cloud;
  /** Resource Manager endpoint override (azure.endpoint). */
  endpoint?: string;
  timeoutSeconds: number;
  retries: number;
  concurrency: number;
  onRead?: (event: { label: string; state: 'start' | 'ok' | 'failed' }) => void;
}

export interface AzureNodeInput {
  name: string;
  server: string;
  /** Where the id came from, for 404 messages. */
  referencedBy: string;
}

export interface AzureCollection {
  nodes: Record<string, AzureNodeFacts>;
  resources: AzureResources;
}

interface Clients {
  postgres: PostgreSQLManagementFlexibleServerClient;
  network: NetworkManagementClient;
  dns: PrivateDnsManagementClient;
}

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}

export class AzureCollector {
  private readonly clients = new Map<string, Clients>();
  private readonly cache = new Map<string, Promise<SliceOf<unknown>>>();
  private readonly limiter: Limiter;
  private readonly resources: Required<AzureResources> = {
    subnets: {},
    virtualNetworks: {},
    networkSecurityGroups: {},
    routeTables: {},
    privateDnsZones: {},
    privateEndpoints: {},
  };

  constructor(private readonly options: AzureCollectOptions) {
    this.limiter = new Limiter(options.concurrency);
  }

  private clientsFor(subscriptionId: string): Clients {
    let c = this.clients.get(subscriptionId);
    if (!c) {
      const common = {
        endpoint: this.options.endpoint ?? this.options.cloud.resourceManager,
        credentialScopes: [this.options.cloud.armScope],
        retryOptions: { maxRetries: this.options.retries, retryDelayInMs: 500, maxRetryDelayInMs: 8000 },
        userAgentOptions: { userAgentPrefix: 'pgl-preflight' },
      };
      c = {
        postgres: new PostgreSQLManagementFlexibleServerClient(this.options.credential, subscriptionId, common),
        network: new NetworkManagementClient(this.options.credential, subscriptionId, common),
        dns: new PrivateDnsManagementClient(this.options.credential, subscriptionId, { ...common, $host: common.endpoint }),
      };
      this.clients.set(subscriptionId, c);
    }
    return c;
  }

  private get requestOptions() {
    return { requestOptions: { timeout: this.options.timeoutSeconds * 1000 } };
  }

  /** Reads once per key; the same key asked again gets the same (possibly pending) answer. */
  private read<T>(key: string, label: string, action: string, referencedBy: string, fetch: () => Promise<T>): Promise<SliceOf<T>> {
    const cacheKey = key.toLowerCase();
    const cached = this.cache.get(cacheKey);
    if (cached) return cached as Promise<SliceOf<T>>;
    const promise = this.limiter.run(async (): Promise<SliceOf<T>> => {
      this.options.onRead?.({ label, state: 'start' });
      try {
        const data = await fetch();
        this.options.onRead?.({ label, state: 'ok' });
        return { ok: true, data };
      } catch (err) {
        this.options.onRead?.({ label, state: 'failed' });
        return { ok: false, error: toSliceError(err, { label, action, referencedBy, timeoutSeconds: this.options.timeoutSeconds }) };
      }
    });
    this.cache.set(cacheKey, promise);
    return promise;
  }

  async collect(nodes: readonly AzureNodeInput[]): Promise<AzureCollection> {
    const out: Record<string, AzureNodeFacts> = {};
    await Promise.all(
      nodes.map(async (node) => {
        out[node.name] = await this.collectNode(node);
      }),
    );
    return { nodes: out, resources: this.resources };
  }

  private async collectNode(node: AzureNodeInput): Promise<AzureNodeFacts> {
    const id = resourceIdParts(node.server);
    const pg = this.clientsFor(id.subscriptionId).postgres;
    const rg = id.resourceGroup;
    const name = id.name;
    const serverLabel = `flexible server ${name}`;
    const serverPromise = this.read(
      node.server,
      serverLabel,
      'Microsoft.DBforPostgreSQL/flexibleServers/read',
      node.referencedBy,
      async () => normalize.server(await pg.servers.get(rg, name, this.requestOptions), node.server),
    );
    const parametersPromise = this.read(
      `${node.server}/configurations`,
      `server parameters of ${name}`,
      'Microsoft.DBforPostgreSQL/flexibleServers/configurations/read',
      node.referencedBy,
      async () => normalize.parameters(await all(pg.configurations.listByServer(rg, name, this.requestOptions))),
    );
    const firewallPromise = this.read(
      `${node.server}/firewallRules`,
      `firewall rules of ${name}`,
      'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read',
      node.referencedBy,
      async () => normalize.firewallRules(await all(pg.firewallRules.listByServer(rg, name, this.requestOptions))),
    );
    const replicasPromise = this.read(
      `${node.server}/replicas`,
      `read replicas of ${name}`,
      'Microsoft.DBforPostgreSQL/flexibleServers/replicas/read',
      node.referencedBy,
      async () => (await all(pg.replicas.listByServer(rg, name, this.requestOptions))).length,
    );

    const databasesPromise = this.read(
      `${node.server}/databases`,
      `databases of ${name}`,
      'Microsoft.DBforPostgreSQL/flexibleServers/databases/read',
      node.referencedBy,
      async () => normalize.databases(await all(pg.databases.listByServer(rg, name, this.requestOptions))),
    );

    const serverSlice = await serverPromise;
    const dependents: Promise<unknown>[] = [];
    if (serverSlice.ok) dependents.push(this.collectNetwork(serverSlice.data));
    const [parameters, firewallRules, replicas, databases] = await Promise.all([
      parametersPromise,
      firewallPromise,
      replicasPromise,
      databasesPromise,
      ...dependents,
    ]);
    const server: SliceOf<FlexibleServer> =
      serverSlice.ok && replicas.ok ? { ok: true, data: { ...serverSlice.data, readReplicaCount: replicas.data } } : serverSlice;
    return { server, parameters, firewallRules, databases };
  }

  /**
   * Resources a plan refers to but does not hold (an existing subnet for a new server, the hub VNET a new
   * peering points at, an existing zone): read live, as a server's references are.
   */
  async collectReferenced(
    refs: {
      subnets?: readonly string[];
      virtualNetworks?: readonly string[];
      zones?: readonly string[];
      privateEndpoints?: readonly string[];
      networkSecurityGroups?: readonly string[];
      routeTables?: readonly string[];
    },
    referencedBy: string,
  ): Promise<AzureResources> {
    await Promise.all([
      ...(refs.subnets ?? []).map((id) => this.collectSubnet(id, referencedBy)),
      ...(refs.virtualNetworks ?? []).map((id) => this.collectVnet(id, referencedBy)),
      ...(refs.zones ?? []).map((id) => this.collectZone(id, referencedBy)),
      ...(refs.privateEndpoints ?? []).map((id) => this.collectPrivateEndpoint(id, referencedBy)),
      ...(refs.networkSecurityGroups ?? []).map((id) => this.collectNsg(id, referencedBy)),
      ...(refs.routeTables ?? []).map((id) => this.collectRouteTable(id, referencedBy)),
    ]);
    return this.resources;
  }

  private async collectVnet(vnetId: string, referencedBy: string): Promise<void> {
    const parts = parseResourceId(vnetId);
    if (parts?.types.length !== 1) {
      this.resources.virtualNetworks[vnetId.toLowerCase()] = {
        ok: false,
        error: { code: 'invalid-id', message: `${vnetId} is not a virtual network id (named by ${referencedBy})` },
      };
      return;
    }
    const slice = await this.readVnet(parts.subscriptionId, parts.resourceGroup, parts.name, vnetId, referencedBy);
    this.resources.virtualNetworks[vnetId.toLowerCase()] = slice.ok ? { ok: true, data: slice.data.vnet } : slice;
    if (slice.ok) for (const s of slice.data.subnets) this.resources.subnets[s.id.toLowerCase()] ??= { ok: true, data: s };
  }

  /** A VNET with its subnets, in one GET: read once per run whichever subnet, server or plan names it first. */
  private readVnet(subscriptionId: string, resourceGroup: string, name: string, vnetId: string, referencedBy: string) {
    const net = this.clientsFor(subscriptionId).network;
    return this.read(vnetId, `virtual network ${name}`, 'Microsoft.Network/virtualNetworks/read', referencedBy, async () => {
      const vnet = await net.virtualNetworks.get(resourceGroup, name, this.requestOptions);
      return {
        vnet: normalize.virtualNetwork(vnet, vnetId),
        subnets: (vnet.subnets ?? []).map((s) => normalize.subnet(s, `${vnetId}/subnets/${s.name}`)),
      };
    });
  }

  /** The delegated subnet's VNET (which carries the subnets and peerings), its NSG and route table, the zone, the private endpoints. */
  private async collectNetwork(server: FlexibleServer): Promise<void> {
    const tasks: Promise<unknown>[] = [];
    const by = `server ${server.name}`;
    const subnetId = server.network.delegatedSubnetResourceId;
    if (subnetId) tasks.push(this.collectSubnet(subnetId, by));
    const zoneId = server.network.privateDnsZoneArmResourceId;
    if (zoneId) tasks.push(this.collectZone(zoneId, by));
    for (const c of server.privateEndpointConnections ?? []) {
      if (c.privateEndpointId) tasks.push(this.collectPrivateEndpoint(c.privateEndpointId, by));
    }
    await Promise.all(tasks);
  }

  private async collectSubnet(subnetId: string, referencedBy: string): Promise<void> {
    const subnetParts = parseResourceId(subnetId);
    if (subnetParts?.types.length !== 2) {
      this.resources.subnets[subnetId.toLowerCase()] = {
        ok: false,
        error: { code: 'invalid-id', message: `${subnetId} is not a subnet id (named by ${referencedBy})` },
      };
      return;
    }
    const vnetId = vnetIdOfSubnet(subnetId);
    const [vnetName, subnetName] = subnetParts.names as [string, string];
    const vnetSlice = await this.readVnet(subnetParts.subscriptionId, subnetParts.resourceGroup, vnetName, vnetId, referencedBy);
    if (!vnetSlice.ok) {
      this.resources.virtualNetworks[vnetId.toLowerCase()] = vnetSlice;
      this.resources.subnets[subnetId.toLowerCase()] = vnetSlice;
      return;
    }
    this.resources.virtualNetworks[vnetId.toLowerCase()] = { ok: true, data: vnetSlice.data.vnet };
    // The VNET read carries every subnet: record them all, so a second node in the VNET needs no request.
    for (const s of vnetSlice.data.subnets) this.resources.subnets[s.id.toLowerCase()] = { ok: true, data: s };
    const subnet: Subnet | undefined = vnetSlice.data.subnets.find((s) => s.name.toLowerCase() === subnetName.toLowerCase());
    if (!subnet) {
      this.resources.subnets[subnetId.toLowerCase()] = {
        ok: false,
        error: {
          code: 'not-found',
          message: `subnet ${subnetName} does not exist in virtual network ${vnetName}; it is named by ${referencedBy}`,
        },
      };
      return;
    }
    const tasks: Promise<unknown>[] = [];
    if (subnet.networkSecurityGroupId) tasks.push(this.collectNsg(subnet.networkSecurityGroupId, `subnet ${subnet.name}`));
    if (subnet.routeTableId) tasks.push(this.collectRouteTable(subnet.routeTableId, `subnet ${subnet.name}`));
    await Promise.all(tasks);
  }

  private async collectNsg(id: string, referencedBy: string): Promise<void> {
    const parts = resourceIdParts(id);
    const net = this.clientsFor(parts.subscriptionId).network;
    this.resources.networkSecurityGroups[id.toLowerCase()] = await this.read(
      id,
      `NSG ${parts.name}`,
      'Microsoft.Network/networkSecurityGroups/read',
      referencedBy,
      async () =>
        normalize.networkSecurityGroup(await net.networkSecurityGroups.get(parts.resourceGroup, parts.name, this.requestOptions), id),
    );
  }

  private async collectRouteTable(id: string, referencedBy: string): Promise<void> {
    const parts = resourceIdParts(id);
    const net = this.clientsFor(parts.subscriptionId).network;
    this.resources.routeTables[id.toLowerCase()] = await this.read(
      id,
      `route table ${parts.name}`,
      'Microsoft.Network/routeTables/read',
      referencedBy,
      async () => normalize.routeTable(await net.routeTables.get(parts.resourceGroup, parts.name, this.requestOptions), id),
    );
  }

  private async collectZone(id: string, referencedBy: string): Promise<void> {
    const parts = parseResourceId(id);
    if (!parts) return;
    const dns = this.clientsFor(parts.subscriptionId).dns;
    const rg = parts.resourceGroup;
    const zone = parts.name;
    const [zoneSlice, links, records] = await Promise.all([
      this.read(id, `private DNS zone ${zone}`, 'Microsoft.Network/privateDnsZones/read', referencedBy, () =>
        dns.privateZones.get(rg, zone, this.requestOptions),
      ),
      this.read(
        `${id}/virtualNetworkLinks`,
        `virtual network links of ${zone}`,
        'Microsoft.Network/privateDnsZones/virtualNetworkLinks/read',
        referencedBy,
        () => all(dns.virtualNetworkLinks.list(rg, zone, this.requestOptions)),
      ),
      this.read(`${id}/A`, `A records of ${zone}`, 'Microsoft.Network/privateDnsZones/A/read', referencedBy, () =>
        all(dns.recordSets.listByType(rg, zone, 'A', this.requestOptions)),
      ),
    ]);
    this.resources.privateDnsZones[id.toLowerCase()] = !zoneSlice.ok
      ? zoneSlice
      : !links.ok
        ? links
        : !records.ok
          ? records
          : { ok: true, data: normalize.privateDnsZone(zoneSlice.data, id, links.data, records.data) };
  }

  private async collectPrivateEndpoint(id: string, referencedBy: string): Promise<void> {
    const parts = parseResourceId(id);
    if (!parts) return;
    const net = this.clientsFor(parts.subscriptionId).network;
    this.resources.privateEndpoints[id.toLowerCase()] = await this.read(
      id,
      `private endpoint ${parts.name}`,
      'Microsoft.Network/privateEndpoints/read',
      referencedBy,
      async () => normalize.privateEndpoint(await net.privateEndpoints.get(parts.resourceGroup, parts.name, this.requestOptions), id),
    );
  }
}
