// Checks that the JSON Schema cannot express: every address, prefix, port and priority a rule will
// read is parsed when the snapshot is loaded. A bad one is unusable input naming its path, never a
// silent "disjoint" or an internal error later in a rule.
import { parsePrefix } from '../util/prefix.js';
import type { Snapshot, SliceOf } from './types.js';

export type Segment = string | number;
export interface SemanticProblem {
  path: Segment[];
  message: string;
}

/** A service tag (VirtualNetwork, Sql.EastUS, AzureCloud.westeurope ...) as NSG rules and UDRs accept them. */
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*$/;

function isAddress(text: string): boolean {
  return !text.includes('/') && parsePrefix(text) !== undefined;
}

function isPrefix(text: string): boolean {
  return parsePrefix(text) !== undefined;
}

function isPortRange(text: string): boolean {
  const t = text.trim();
  if (t === '*') return true;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (!m) return false;
  const low = Number(m[1]);
  const high = Number(m[2] ?? m[1]);
  return low <= high && high <= 65535;
}

function isNsgAddress(text: string): boolean {
  const t = text.trim();
  return t === '*' || isPrefix(t) || SERVICE_TAG.test(t);
}

function dataOf<T>(slice: SliceOf<T> | undefined): T | undefined {
  return slice?.ok ? slice.data : undefined;
}

export function semanticProblems(snapshot: Snapshot): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const check = (ok: boolean, path: Segment[], value: unknown, expected: string) => {
    if (!ok) problems.push({ path, message: `${JSON.stringify(value)} is not ${expected}` });
  };
  const each = (values: readonly string[] | undefined, path: Segment[], test: (v: string) => boolean, expected: string) =>
    (values ?? []).forEach((v, i) => check(test(v), [...path, i], v, expected));

  const azure = snapshot.azure ?? {};
  for (const [id, slice] of Object.entries(azure.subnets ?? {})) {
    each(dataOf(slice)?.addressPrefixes, ['azure', 'subnets', id, 'data', 'addressPrefixes'], isPrefix, 'a CIDR prefix');
  }
  for (const [id, slice] of Object.entries(azure.virtualNetworks ?? {})) {
    const vnet = dataOf(slice);
    if (!vnet) continue;
    const base: Segment[] = ['azure', 'virtualNetworks', id, 'data'];
    each(vnet.addressPrefixes, [...base, 'addressPrefixes'], isPrefix, 'a CIDR prefix');
    each(vnet.dnsServers, [...base, 'dnsServers'], isAddress, 'an IP address');
    vnet.peerings.forEach((p, i) => {
      each(p.remoteAddressPrefixes, [...base, 'peerings', i, 'remoteAddressPrefixes'], isPrefix, 'a CIDR prefix');
      each(
        p.remoteVirtualNetworkAddressPrefixes,
        [...base, 'peerings', i, 'remoteVirtualNetworkAddressPrefixes'],
        isPrefix,
        'a CIDR prefix',
      );
    });
  }
  for (const [id, slice] of Object.entries(azure.networkSecurityGroups ?? {})) {
    const nsg = dataOf(slice);
    if (!nsg) continue;
    for (const list of ['securityRules', 'defaultSecurityRules'] as const) {
      nsg[list].forEach((rule, i) => {
        const base: Segment[] = ['azure', 'networkSecurityGroups', id, 'data', list, i];
        // Custom rules take 100-4096; the default rules sit at 65000-65500.
        const range = list === 'securityRules' ? [100, 4096] : [65000, 65500];
        check(
          rule.priority >= range[0]! && rule.priority <= range[1]!,
          [...base, 'priority'],
          rule.priority,
          `a priority from ${range[0]} to ${range[1]}`,
        );
        check(/^(inbound|outbound)$/i.test(rule.direction), [...base, 'direction'], rule.direction, 'Inbound or Outbound');
        check(/^(allow|deny)$/i.test(rule.access), [...base, 'access'], rule.access, 'Allow or Deny');
        for (const field of ['sourceAddressPrefix', 'destinationAddressPrefix'] as const) {
          const v = rule[field];
          if (v !== undefined && v !== '') check(isNsgAddress(v), [...base, field], v, 'an address, a CIDR prefix, a service tag or *');
        }
        for (const field of ['sourceAddressPrefixes', 'destinationAddressPrefixes'] as const)
          each(rule[field], [...base, field], isNsgAddress, 'an address, a CIDR prefix, a service tag or *');
        for (const field of ['sourcePortRange', 'destinationPortRange'] as const) {
          const v = rule[field];
          if (v !== undefined && v !== '') check(isPortRange(v), [...base, field], v, 'a port, a port range (low-high, 0-65535) or *');
        }
        for (const field of ['sourcePortRanges', 'destinationPortRanges'] as const)
          each(rule[field], [...base, field], isPortRange, 'a port, a port range (low-high, 0-65535) or *');
      });
    }
  }
  for (const [id, slice] of Object.entries(azure.routeTables ?? {})) {
    dataOf(slice)?.routes.forEach((route, i) => {
      const base: Segment[] = ['azure', 'routeTables', id, 'data', 'routes', i];
      check(
        isPrefix(route.addressPrefix) || SERVICE_TAG.test(route.addressPrefix),
        [...base, 'addressPrefix'],
        route.addressPrefix,
        'a CIDR prefix or a service tag',
      );
      if (route.nextHopIpAddress !== undefined && route.nextHopIpAddress !== '')
        check(isAddress(route.nextHopIpAddress), [...base, 'nextHopIpAddress'], route.nextHopIpAddress, 'an IP address');
    });
  }
  for (const [id, slice] of Object.entries(azure.privateDnsZones ?? {})) {
    dataOf(slice)?.aRecords.forEach((record, i) =>
      each(record.ipv4Addresses, ['azure', 'privateDnsZones', id, 'data', 'aRecords', i, 'ipv4Addresses'], isAddress, 'an IP address'),
    );
  }
  for (const [id, slice] of Object.entries(azure.privateEndpoints ?? {})) {
    each(dataOf(slice)?.ipAddresses, ['azure', 'privateEndpoints', id, 'data', 'ipAddresses'], isAddress, 'an IP address');
  }
  for (const [name, facts] of Object.entries(snapshot.nodes)) {
    dataOf(facts.azure?.firewallRules)?.forEach((rule, i) => {
      for (const field of ['startIpAddress', 'endIpAddress'] as const)
        check(isAddress(rule[field]), ['nodes', name, 'azure', 'firewallRules', 'data', i, field], rule[field], 'an IP address');
    });
  }
  for (const [fqdn, slice] of Object.entries(snapshot.dns?.answers ?? {})) {
    each(dataOf(slice)?.addresses, ['dns', 'answers', fqdn, 'data', 'addresses'], isAddress, 'an IP address');
  }
  return problems;
}
