// Azure network facts, normalised from the Resource Manager REST shape (`properties` flattened,
// singular and plural fields kept as Azure reports them). Resources are shared between nodes and
// stored once, keyed by lower-cased resource id.
import { Type, type Static } from '@sinclair/typebox';

const StringList = Type.Array(Type.String());

export const SecurityRule = Type.Object({
  name: Type.String(),
  priority: Type.Integer(),
  direction: Type.String({ description: 'Inbound | Outbound' }),
  access: Type.String({ description: 'Allow | Deny' }),
  protocol: Type.String({ description: '* | Tcp | Udp | Icmp | Esp | Ah' }),
  sourceAddressPrefix: Type.Optional(Type.String()),
  sourceAddressPrefixes: Type.Optional(StringList),
  destinationAddressPrefix: Type.Optional(Type.String()),
  destinationAddressPrefixes: Type.Optional(StringList),
  sourcePortRange: Type.Optional(Type.String()),
  sourcePortRanges: Type.Optional(StringList),
  destinationPortRange: Type.Optional(Type.String()),
  destinationPortRanges: Type.Optional(StringList),
  sourceApplicationSecurityGroups: Type.Optional(StringList),
  destinationApplicationSecurityGroups: Type.Optional(StringList),
});
export type SecurityRule = Static<typeof SecurityRule>;

export const NetworkSecurityGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  securityRules: Type.Array(SecurityRule),
  defaultSecurityRules: Type.Array(SecurityRule),
});
export type NetworkSecurityGroup = Static<typeof NetworkSecurityGroup>;

export const Subnet = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** addressPrefix and addressPrefixes, merged. */
  addressPrefixes: StringList,
  delegations: Type.Array(Type.Object({ name: Type.String(), serviceName: Type.String() })),
  networkSecurityGroupId: Type.Optional(Type.String()),
  routeTableId: Type.Optional(Type.String()),
  /** Ids of IP configurations in the subnet (NICs, load balancers, ...): other resources living there. */
  ipConfigurationIds: Type.Optional(StringList),
  privateEndpointIds: Type.Optional(StringList),
  serviceAssociationLinks: Type.Optional(Type.Array(Type.Object({ linkedResourceType: Type.String() }))),
});
export type Subnet = Static<typeof Subnet>;

export const VirtualNetworkPeering = Type.Object({
  name: Type.String(),
  remoteVirtualNetworkId: Type.String(),
  peeringState: Type.String({ description: 'Initiated | Connected | Disconnected' }),
  peeringSyncLevel: Type.Optional(Type.String({ description: 'FullyInSync | RemoteNotInSync | LocalNotInSync | LocalAndRemoteNotInSync' })),
  allowVirtualNetworkAccess: Type.Boolean(),
  allowForwardedTraffic: Type.Optional(Type.Boolean()),
  allowGatewayTransit: Type.Optional(Type.Boolean()),
  useRemoteGateways: Type.Optional(Type.Boolean()),
  /** remoteAddressSpace: what this VNET currently sees of the remote one. */
  remoteAddressPrefixes: StringList,
  /** remoteVirtualNetworkAddressSpace: the remote VNET's own current space (differs when the peering needs a sync). */
  remoteVirtualNetworkAddressPrefixes: Type.Optional(StringList),
});
export type VirtualNetworkPeering = Static<typeof VirtualNetworkPeering>;

export const VirtualNetwork = Type.Object({
  id: Type.String(),
  name: Type.String(),
  location: Type.Optional(Type.String()),
  addressPrefixes: StringList,
  /** Custom DNS servers; empty means Azure-provided DNS (168.63.129.16). */
  dnsServers: StringList,
  peerings: Type.Array(VirtualNetworkPeering),
});
export type VirtualNetwork = Static<typeof VirtualNetwork>;

export const Route = Type.Object({
  name: Type.String(),
  addressPrefix: Type.String({ description: 'CIDR or a service tag' }),
  nextHopType: Type.String({ description: 'VirtualNetworkGateway | VnetLocal | Internet | VirtualAppliance | None' }),
  nextHopIpAddress: Type.Optional(Type.String()),
});
export type Route = Static<typeof Route>;

export const RouteTable = Type.Object({
  id: Type.String(),
  name: Type.String(),
  routes: Type.Array(Route),
  disableBgpRoutePropagation: Type.Optional(Type.Boolean()),
});
export type RouteTable = Static<typeof RouteTable>;

export const PrivateDnsZone = Type.Object({
  id: Type.String(),
  name: Type.String(),
  virtualNetworkLinks: Type.Array(
    Type.Object({
      name: Type.String(),
      virtualNetworkId: Type.String(),
      virtualNetworkLinkState: Type.Optional(Type.String({ description: 'Completed | InProgress' })),
      registrationEnabled: Type.Optional(Type.Boolean()),
    }),
  ),
  aRecords: Type.Array(
    Type.Object({
      /** Relative record name, e.g. "pg-app-a" or "@". */
      name: Type.String(),
      fqdn: Type.Optional(Type.String()),
      ipv4Addresses: StringList,
    }),
  ),
});
export type PrivateDnsZone = Static<typeof PrivateDnsZone>;

export const PrivateEndpoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  subnetId: Type.Optional(Type.String()),
  connections: Type.Array(
    Type.Object({
      privateLinkServiceId: Type.String(),
      groupIds: StringList,
      status: Type.Optional(Type.String()),
      /** From manualPrivateLinkServiceConnections. */
      manual: Type.Boolean(),
    }),
  ),
  /** Private addresses of the endpoint (ipConfigurations and customDnsConfigs). */
  ipAddresses: StringList,
  customDnsConfigs: Type.Optional(Type.Array(Type.Object({ fqdn: Type.Optional(Type.String()), ipAddresses: StringList }))),
});
export type PrivateEndpoint = Static<typeof PrivateEndpoint>;

export const DnsAnswer = Type.Object({
  addresses: StringList,
  /** system, or the host:port of a configured resolver. */
  resolver: Type.String(),
});
export type DnsAnswer = Static<typeof DnsAnswer>;
