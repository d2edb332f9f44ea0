// SDK models (properties already flattened by the SDK) to the snapshot's own types.
import type { Configuration, Database as SdkDatabase, FirewallRule as SdkFirewallRule, Server } from '@azure/arm-postgresql-flexible';
import type {
  NetworkSecurityGroup as SdkNsg,
  PrivateEndpoint as SdkPrivateEndpoint,
  RouteTable as SdkRouteTable,
  SecurityRule as SdkRule,
  Subnet as SdkSubnet,
  VirtualNetwork as SdkVnet,
} from '@azure/arm-network';
import type { PrivateZone, RecordSet, VirtualNetworkLink } from '@azure/arm-privatedns';
import type { FlexibleServer, ServerParameter } from '../../snapshot/types.js';
import type {
  NetworkSecurityGroup,
  PrivateDnsZone,
  PrivateEndpoint,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from '../../snapshot/network-types.js';
import { resourceName } from '../../util/azure-id.js';

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function server(s: Server, id: string): FlexibleServer {
  return defined({
    id: s.id ?? id,
    name: s.name ?? resourceName(id),
    location: s.location,
    version: s.version,
    minorVersion: s.minorVersion,
    state: s.state,
    fullyQualifiedDomainName: s.fullyQualifiedDomainName,
    administratorLogin: s.administratorLogin,
    network: defined({
      publicNetworkAccess: s.network?.publicNetworkAccess,
      delegatedSubnetResourceId: s.network?.delegatedSubnetResourceId || undefined,
      privateDnsZoneArmResourceId: s.network?.privateDnsZoneArmResourceId || undefined,
    }),
    highAvailability: s.highAvailability?.mode ? defined({ mode: s.highAvailability.mode, state: s.highAvailability.state }) : undefined,
    replicationRole: s.replicationRole ?? s.replica?.role,
    privateEndpointConnections: (s.privateEndpointConnections ?? []).map((c) =>
      defined({
        id: c.id ?? '',
        privateEndpointId: c.privateEndpoint?.id,
        status: c.privateLinkServiceConnectionState?.status,
        groupIds: c.groupIds,
      }),
    ),
  });
}

export function parameters(list: readonly Configuration[]): Record<string, ServerParameter> {
  const out: Record<string, ServerParameter> = {};
  for (const c of list) {
    if (!c.name) continue;
    out[c.name] = defined({
      value: c.value ?? '',
      defaultValue: c.defaultValue,
      source: c.source,
      isDynamicConfig: c.isDynamicConfig,
      isReadOnly: c.isReadOnly,
      isConfigPendingRestart: c.isConfigPendingRestart,
      unit: c.unit,
    });
  }
  return out;
}

export function firewallRules(list: readonly SdkFirewallRule[]) {
  return list.map((r) => ({ name: r.name ?? '', startIpAddress: r.startIpAddress, endIpAddress: r.endIpAddress }));
}

export function databases(list: readonly SdkDatabase[]): string[] {
  return list
    .map((d) => d.name ?? '')
    .filter((n) => n.length > 0)
    .sort();
}

export function virtualNetwork(v: SdkVnet, id: string): VirtualNetwork {
  return defined({
    id: v.id ?? id,
    name: v.name ?? resourceName(id),
    location: v.location,
    addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
    dnsServers: v.dhcpOptions?.dnsServers ?? [],
    peerings: (v.virtualNetworkPeerings ?? []).map((p) =>
      defined({
        name: p.name ?? '',
        remoteVirtualNetworkId: p.remoteVirtualNetwork?.id ?? '',
        peeringState: p.peeringState ?? 'Unknown',
        peeringSyncLevel: p.peeringSyncLevel,
        allowVirtualNetworkAccess: p.allowVirtualNetworkAccess ?? true,
        allowForwardedTraffic: p.allowForwardedTraffic,
        allowGatewayTransit: p.allowGatewayTransit,
        useRemoteGateways: p.useRemoteGateways,
        remoteAddressPrefixes: p.remoteAddressSpace?.addressPrefixes ?? [],
        remoteVirtualNetworkAddressPrefixes: p.remoteVirtualNetworkAddressSpace?.addressPrefixes,
      }),
    ),
  });
}

export function subnet(s: SdkSubnet, id: string): Subnet {
  return defined({
    id: s.id ?? id,
    name: s.name ?? resourceName(id),
    addressPrefixes: [...(s.addressPrefix ? [s.addressPrefix] : []), ...(s.addressPrefixes ?? [])],
    delegations: (s.delegations ?? []).map((d) => ({ name: d.name ?? '', serviceName: d.serviceName ?? '' })),
    networkSecurityGroupId: s.networkSecurityGroup?.id,
    routeTableId: s.routeTable?.id,
    ipConfigurationIds: (s.ipConfigurations ?? []).map((c) => c.id ?? '').filter(Boolean),
    privateEndpointIds: (s.privateEndpoints ?? []).map((p) => p.id ?? '').filter(Boolean),
    serviceAssociationLinks: s.serviceAssociationLinks?.map((l) => ({ linkedResourceType: l.linkedResourceType ?? '' })),
  });
}

function securityRule(r: SdkRule): SecurityRule {
  return defined({
    name: r.name ?? '',
    priority: r.priority ?? 0,
    direction: r.direction ?? '',
    access: r.access ?? '',
    protocol: r.protocol ?? '*',
    sourceAddressPrefix: r.sourceAddressPrefix,
    sourceAddressPrefixes: r.sourceAddressPrefixes?.length ? r.sourceAddressPrefixes : undefined,
    destinationAddressPrefix: r.destinationAddressPrefix,
    destinationAddressPrefixes: r.destinationAddressPrefixes?.length ? r.destinationAddressPrefixes : undefined,
    sourcePortRange: r.sourcePortRange,
    sourcePortRanges: r.sourcePortRanges?.length ? r.sourcePortRanges : undefined,
    destinationPortRange: r.destinationPortRange,
    destinationPortRanges: r.destinationPortRanges?.length ? r.destinationPortRanges : undefined,
    sourceApplicationSecurityGroups: r.sourceApplicationSecurityGroups?.length
      ? r.sourceApplicationSecurityGroups.map((a) => a.id ?? '')
      : undefined,
    destinationApplicationSecurityGroups: r.destinationApplicationSecurityGroups?.length
      ? r.destinationApplicationSecurityGroups.map((a) => a.id ?? '')
      : undefined,
  });
}

export function networkSecurityGroup(n: SdkNsg, id: string): NetworkSecurityGroup {
  return {
    id: n.id ?? id,
    name: n.name ?? resourceName(id),
    securityRules: (n.securityRules ?? []).map(securityRule),
    defaultSecurityRules: (n.defaultSecurityRules ?? []).map(securityRule),
  };
}

export function routeTable(t: SdkRouteTable, id: string): RouteTable {
  return defined({
    id: t.id ?? id,
    name: t.name ?? resourceName(id),
    routes: (t.routes ?? []).map((r) =>
      defined({
        name: r.name ?? '',
        addressPrefix: r.addressPrefix ?? '',
        nextHopType: r.nextHopType ?? '',
        nextHopIpAddress: r.nextHopIpAddress,
      }),
    ),
    disableBgpRoutePropagation: t.disableBgpRoutePropagation,
  });
}

export function privateDnsZone(
  z: PrivateZone,
  id: string,
  links: readonly VirtualNetworkLink[],
  records: readonly RecordSet[],
): PrivateDnsZone {
  return {
    id: z.id ?? id,
    name: z.name ?? resourceName(id),
    virtualNetworkLinks: links.map((l) =>
      defined({
        name: l.name ?? '',
        virtualNetworkId: l.virtualNetwork?.id ?? '',
        virtualNetworkLinkState: l.virtualNetworkLinkState,
        registrationEnabled: l.registrationEnabled,
      }),
    ),
    aRecords: records.map((r) =>
      defined({ name: r.name ?? '', fqdn: r.fqdn, ipv4Addresses: (r.aRecords ?? []).map((a) => a.ipv4Address ?? '').filter(Boolean) }),
    ),
  };
}

export function privateEndpoint(p: SdkPrivateEndpoint, id: string): PrivateEndpoint {
  const connections = [
    ...(p.privateLinkServiceConnections ?? []).map((c) => ({ c, manual: false })),
    ...(p.manualPrivateLinkServiceConnections ?? []).map((c) => ({ c, manual: true })),
  ];
  const addresses = [
    ...(p.ipConfigurations ?? []).map((c) => c.privateIPAddress ?? ''),
    ...(p.customDnsConfigs ?? []).flatMap((c) => c.ipAddresses ?? []),
  ].filter(Boolean);
  return defined({
    id: p.id ?? id,
    name: p.name ?? resourceName(id),
    subnetId: p.subnet?.id,
    connections: connections.map(({ c, manual }) =>
      defined({
        privateLinkServiceId: c.privateLinkServiceId ?? '',
        groupIds: c.groupIds ?? [],
        status: c.privateLinkServiceConnectionState?.status,
        manual,
      }),
    ),
    ipAddresses: [...new Set(addresses)],
    customDnsConfigs: p.customDnsConfigs?.map((c) => defined({ fqdn: c.fqdn, ipAddresses: c.ipAddresses ?? [] })),
  });
}
