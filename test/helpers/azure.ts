// Accessors for the shared ARM resources of a test snapshot.
import type { Snapshot } from '../../src/snapshot/types.js';
import type { NetworkSecurityGroup, PrivateDnsZone, RouteTable, Subnet, VirtualNetwork } from '../../src/snapshot/network-types.js';

type Kind = keyof NonNullable<Snapshot['azure']>;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the resource type it expects
export function armResource<T>(s: Snapshot, kind: Kind, id: string): T {
  const slice = (s.azure?.[kind] as Record<string, { ok: boolean; data?: T }> | undefined)?.[id.toLowerCase()];
  if (!slice?.ok || !slice.data) throw new Error(`no ${kind} ${id} in the snapshot`);
  return slice.data;
}

export const vnetOf = (s: Snapshot, id: string) => armResource<VirtualNetwork>(s, 'virtualNetworks', id);
export const subnetOf = (s: Snapshot, id: string) => armResource<Subnet>(s, 'subnets', id);
export const nsgOf = (s: Snapshot, id: string) => armResource<NetworkSecurityGroup>(s, 'networkSecurityGroups', id);
export const zoneOf = (s: Snapshot, id: string) => armResource<PrivateDnsZone>(s, 'privateDnsZones', id);
export const routeTableOf = (s: Snapshot, id: string) => armResource<RouteTable>(s, 'routeTables', id);

/** Records a failed read of a resource, as the collector does for 403/404/timeouts. */
export function failResource(s: Snapshot, kind: Kind, id: string, code: string, message: string): void {
  (s.azure![kind] as Record<string, unknown>)[id.toLowerCase()] = { ok: false, error: { code, message } };
}
