// A Resource Manager scenario in the REST shape (as in test/data/arm-examples: `properties` wrappers,
// `{ value: [...] }` list envelopes, full ids and types), built from a snapshot fixture so that the
// live run and the offline run can be compared fact for fact.
import type { Snapshot } from '../../src/snapshot/types.js';
import type { SecurityRule } from '../../src/snapshot/network-types.js';
import type { RouteBody } from './arm-server.js';

const ok = <T>(slice: { ok: boolean; data?: T } | undefined): T | undefined => (slice?.ok ? slice.data : undefined);
const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function securityRule(r: SecurityRule, parent: string, kind: string) {
  const { name, ...rest } = r;
  return {
    name,
    id: `${parent}/${kind}/${name}`,
    type: `Microsoft.Network/networkSecurityGroups/${kind}`,
    properties: strip({
      ...rest,
      sourceApplicationSecurityGroups: r.sourceApplicationSecurityGroups?.map((id) => ({ id })),
      destinationApplicationSecurityGroups: r.destinationApplicationSecurityGroups?.map((id) => ({ id })),
      provisioningState: 'Succeeded',
    }),
  };
}

export interface ScenarioOptions {
  /** Page size for server parameters, so the client must follow nextLink. */
  parameterPageSize?: number;
}

export function scenarioFromSnapshot(snapshot: Snapshot, options: ScenarioOptions = {}): Map<string, RouteBody> {
  const routes = new Map<string, RouteBody>();
  const put = (id: string, route: RouteBody) => routes.set(id.toLowerCase(), route);

  for (const ref of snapshot.topology.nodes) {
    const facts = snapshot.nodes[ref.name]?.azure;
    const server = ok(facts?.server);
    if (!ref.server || !server) continue;
    put(ref.server, {
      kind: 'resource',
      body: {
        id: server.id,
        name: server.name,
        type: 'Microsoft.DBforPostgreSQL/flexibleServers',
        location: server.location,
        sku: { name: 'Standard_D4ds_v5', tier: 'GeneralPurpose' },
        properties: strip({
          version: server.version,
          minorVersion: server.minorVersion,
          state: server.state,
          fullyQualifiedDomainName: server.fullyQualifiedDomainName,
          administratorLogin: server.administratorLogin,
          network: server.network,
          highAvailability: server.highAvailability,
          replicationRole: server.replicationRole,
          privateEndpointConnections: server.privateEndpointConnections?.map((c) => ({
            id: c.id,
            name: c.id.split('/').pop(),
            type: 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections',
            properties: strip({
              privateEndpoint: c.privateEndpointId ? { id: c.privateEndpointId } : undefined,
              groupIds: c.groupIds,
              privateLinkServiceConnectionState: { status: c.status, description: 'Auto-Approved', actionsRequired: 'None' },
              provisioningState: 'Succeeded',
            }),
          })),
        }),
      },
    });
    const params = ok(facts?.parameters) ?? {};
    put(`${ref.server}/configurations`, {
      kind: 'list',
      pageSize: options.parameterPageSize ?? 200,
      items: Object.entries(params).map(([name, p]) => ({
        id: `${server.id}/configurations/${name}`,
        name,
        type: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations',
        properties: strip({ ...p, dataType: 'String', description: name }),
      })),
    });
    put(`${ref.server}/firewallRules`, {
      kind: 'list',
      items: (ok(facts?.firewallRules) ?? []).map((r) => ({
        id: `${server.id}/firewallRules/${r.name}`,
        name: r.name,
        type: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules',
        properties: { startIpAddress: r.startIpAddress, endIpAddress: r.endIpAddress },
      })),
    });
    // Databases_ListByServer, only where the snapshot recorded the list (otherwise a 404, as an unread list).
    const databases = ok(facts?.databases);
    if (databases) {
      put(`${ref.server}/databases`, {
        kind: 'list',
        items: databases.map((name) => ({
          id: `${server.id}/databases/${name}`,
          name,
          type: 'Microsoft.DBforPostgreSQL/flexibleServers/databases',
          properties: { charset: 'UTF8', collation: 'en_US.utf8' },
        })),
      });
    }
    put(`${ref.server}/replicas`, {
      kind: 'list',
      items: Array.from({ length: server.readReplicaCount ?? 0 }, (_, i) => ({
        id: `${server.id}-replica-${i}`,
        name: `${server.name}-replica-${i}`,
        type: 'Microsoft.DBforPostgreSQL/flexibleServers',
        properties: { replicationRole: 'AsyncReplica' },
      })),
    });
  }

  const azure = snapshot.azure ?? {};
  for (const vnet of Object.values(azure.virtualNetworks ?? {}).flatMap((s) => (s.ok ? [s.data] : []))) {
    const subnets = Object.values(azure.subnets ?? {})
      .flatMap((s) => (s.ok ? [s.data] : []))
      .filter((s) => s.id.toLowerCase().startsWith(`${vnet.id.toLowerCase()}/subnets/`));
    put(vnet.id, {
      kind: 'resource',
      body: {
        id: vnet.id,
        name: vnet.name,
        type: 'Microsoft.Network/virtualNetworks',
        location: vnet.location,
        properties: {
          provisioningState: 'Succeeded',
          addressSpace: { addressPrefixes: vnet.addressPrefixes },
          ...(vnet.dnsServers.length ? { dhcpOptions: { dnsServers: vnet.dnsServers } } : {}),
          subnets: subnets.map((s) => ({
            id: s.id,
            name: s.name,
            type: 'Microsoft.Network/virtualNetworks/subnets',
            properties: strip({
              provisioningState: 'Succeeded',
              ...(s.addressPrefixes.length === 1 ? { addressPrefix: s.addressPrefixes[0] } : { addressPrefixes: s.addressPrefixes }),
              delegations: s.delegations.map((d) => ({
                name: d.name,
                id: `${s.id}/delegations/${d.name}`,
                properties: { serviceName: d.serviceName, actions: [], provisioningState: 'Succeeded' },
              })),
              networkSecurityGroup: s.networkSecurityGroupId ? { id: s.networkSecurityGroupId } : undefined,
              routeTable: s.routeTableId ? { id: s.routeTableId } : undefined,
              ipConfigurations: s.ipConfigurationIds?.length ? s.ipConfigurationIds.map((id) => ({ id })) : undefined,
              privateEndpoints: s.privateEndpointIds?.length ? s.privateEndpointIds.map((id) => ({ id })) : undefined,
              serviceAssociationLinks: s.serviceAssociationLinks?.map((l, i) => ({
                name: `link${i}`,
                properties: { linkedResourceType: l.linkedResourceType },
              })),
              privateEndpointNetworkPolicies: 'Disabled',
            }),
          })),
          virtualNetworkPeerings: vnet.peerings.map((p) => ({
            id: `${vnet.id}/virtualNetworkPeerings/${p.name}`,
            name: p.name,
            type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
            properties: strip({
              allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
              allowForwardedTraffic: p.allowForwardedTraffic,
              allowGatewayTransit: p.allowGatewayTransit,
              useRemoteGateways: p.useRemoteGateways,
              remoteVirtualNetwork: { id: p.remoteVirtualNetworkId },
              remoteAddressSpace: { addressPrefixes: p.remoteAddressPrefixes },
              remoteVirtualNetworkAddressSpace: p.remoteVirtualNetworkAddressPrefixes
                ? { addressPrefixes: p.remoteVirtualNetworkAddressPrefixes }
                : undefined,
              peeringState: p.peeringState,
              peeringSyncLevel: p.peeringSyncLevel,
              provisioningState: 'Succeeded',
            }),
          })),
        },
      },
    });
  }
  for (const nsg of Object.values(azure.networkSecurityGroups ?? {}).flatMap((s) => (s.ok ? [s.data] : []))) {
    put(nsg.id, {
      kind: 'resource',
      body: {
        id: nsg.id,
        name: nsg.name,
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'eastus',
        properties: {
          provisioningState: 'Succeeded',
          securityRules: nsg.securityRules.map((r) => securityRule(r, nsg.id, 'securityRules')),
          defaultSecurityRules: nsg.defaultSecurityRules.map((r) => securityRule(r, nsg.id, 'defaultSecurityRules')),
        },
      },
    });
  }
  for (const rt of Object.values(azure.routeTables ?? {}).flatMap((s) => (s.ok ? [s.data] : []))) {
    put(rt.id, {
      kind: 'resource',
      body: {
        id: rt.id,
        name: rt.name,
        type: 'Microsoft.Network/routeTables',
        location: 'eastus',
        properties: strip({
          provisioningState: 'Succeeded',
          disableBgpRoutePropagation: rt.disableBgpRoutePropagation,
          routes: rt.routes.map((r) => ({
            name: r.name,
            id: `${rt.id}/routes/${r.name}`,
            properties: strip({
              provisioningState: 'Succeeded',
              addressPrefix: r.addressPrefix,
              nextHopType: r.nextHopType,
              nextHopIpAddress: r.nextHopIpAddress,
            }),
          })),
        }),
      },
    });
  }
  for (const zone of Object.values(azure.privateDnsZones ?? {}).flatMap((s) => (s.ok ? [s.data] : []))) {
    put(zone.id, {
      kind: 'resource',
      body: {
        id: zone.id,
        name: zone.name,
        type: 'Microsoft.Network/privateDnsZones',
        location: 'global',
        etag: '00000000-0000-0000-0000-000000000000',
        properties: {
          provisioningState: 'Succeeded',
          numberOfRecordSets: zone.aRecords.length + 1,
          numberOfVirtualNetworkLinks: zone.virtualNetworkLinks.length,
        },
      },
    });
    put(`${zone.id}/virtualNetworkLinks`, {
      kind: 'list',
      pageSize: 1,
      items: zone.virtualNetworkLinks.map((l) => ({
        id: `${zone.id}/virtualNetworkLinks/${l.name}`,
        name: l.name,
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        location: 'global',
        properties: strip({
          provisioningState: 'Succeeded',
          registrationEnabled: l.registrationEnabled,
          virtualNetwork: { id: l.virtualNetworkId },
          virtualNetworkLinkState: l.virtualNetworkLinkState,
        }),
      })),
    });
    put(`${zone.id}/A`, {
      kind: 'list',
      items: zone.aRecords.map((r) => ({
        id: `${zone.id}/A/${r.name}`,
        name: r.name,
        type: 'Microsoft.Network/privateDnsZones/A',
        properties: strip({
          ttl: 30,
          fqdn: r.fqdn,
          isAutoRegistered: false,
          aRecords: r.ipv4Addresses.map((ipv4Address) => ({ ipv4Address })),
        }),
      })),
    });
  }
  for (const pe of Object.values(azure.privateEndpoints ?? {}).flatMap((s) => (s.ok ? [s.data] : []))) {
    put(pe.id, {
      kind: 'resource',
      body: {
        id: pe.id,
        name: pe.name,
        type: 'Microsoft.Network/privateEndpoints',
        location: 'westus',
        properties: {
          provisioningState: 'Succeeded',
          subnet: pe.subnetId ? { id: pe.subnetId } : undefined,
          privateLinkServiceConnections: pe.connections
            .filter((c) => !c.manual)
            .map((c) => ({
              properties: {
                privateLinkServiceId: c.privateLinkServiceId,
                groupIds: c.groupIds,
                privateLinkServiceConnectionState: { status: c.status },
              },
            })),
          manualPrivateLinkServiceConnections: pe.connections
            .filter((c) => c.manual)
            .map((c) => ({
              properties: {
                privateLinkServiceId: c.privateLinkServiceId,
                groupIds: c.groupIds,
                privateLinkServiceConnectionState: { status: c.status },
              },
            })),
          ipConfigurations: pe.ipAddresses.map((ip, i) => ({
            name: `ipconfig${i}`,
            properties: { groupId: 'postgresqlServer', memberName: 'postgresqlServer', privateIPAddress: ip },
          })),
        },
      },
    });
  }
  return routes;
}
