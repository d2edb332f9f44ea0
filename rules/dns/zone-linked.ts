import { defineRule } from '../../src/engine/rule.js';
import { perRun } from '../../src/model/snapshot-index.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { heldBy, parsePrefix } from '../../src/model/cidr.js';
import type { PrivateDnsZone, VirtualNetwork } from '../../src/snapshot/network-types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { sameResourceId } from '../../src/util/azure-id.js';

/** Azure's recursive resolver; custom DNS servers must forward private zone queries to it. */
export const AZURE_DNS = '168.63.129.16';

/** Where a VNET's custom DNS server lives: a VNET of the snapshot, or a peered VNET known by its address space. */
interface ResolverHome {
  server: string;
  vnetId: string;
  vnetName: string;
}

/** The VNET whose address space holds `server`: the snapshot's VNETs first, then the remote side of their peerings. */
export function resolverHome(snapshot: Snapshot, server: string): ResolverHome | undefined {
  const address = parsePrefix(server);
  if (!address) return undefined;
  const holds = (prefixes: readonly string[]) => heldBy(address, prefixes);
  const vnets = Object.values(snapshot.azure?.virtualNetworks ?? {}).flatMap((slice) => (slice.ok ? [slice.data] : []));
  const own = vnets.find((v) => holds(v.addressPrefixes));
  if (own) return { server, vnetId: own.id, vnetName: own.name };
  for (const peering of vnets.flatMap((v) => v.peerings)) {
    if (holds([...peering.remoteAddressPrefixes, ...(peering.remoteVirtualNetworkAddressPrefixes ?? [])])) {
      return { server, vnetId: peering.remoteVirtualNetworkId, vnetName: azNames(peering.remoteVirtualNetworkId).name };
    }
  }
  return undefined;
}

function linkTo(zone: PrivateDnsZone, vnetId: string) {
  // The zone's links by VNET id (the first per VNET, as a scan finds it), once per run: every pair asks.
  const byVnet = perRun('zone-links-by-vnet', zone, undefined, () => {
    const index = new Map<string, PrivateDnsZone['virtualNetworkLinks'][number]>();
    for (const l of zone.virtualNetworkLinks)
      if (!index.has(l.virtualNetworkId.toLowerCase())) index.set(l.virtualNetworkId.toLowerCase(), l);
    return index;
  });
  const link = byVnet.get(vnetId.toLowerCase());
  const completed = link !== undefined && (link.virtualNetworkLinkState ?? 'Completed').toLowerCase() === 'completed';
  return { link, completed };
}

/**
 * How a VNET's workers resolve names in `zone`. With Azure DNS, through the VNET's own link; with custom DNS
 * servers, through the VNET each server sits in (a DNS Private Resolver inbound endpoint or a forwarder answers
 * from the private zones linked to its own VNET), so the querying VNET's link does not matter.
 */
function resolution(snapshot: Snapshot, vnet: VirtualNetwork, zone: PrivateDnsZone) {
  const custom = vnet.dnsServers.filter((s) => s !== AZURE_DNS);
  if (custom.length === 0) return { kind: 'azureDns' as const, ...linkTo(zone, vnet.id) };
  const homes = custom.map((server) => ({ server, home: resolverHome(snapshot, server) }));
  const located = homes.flatMap(({ home }) => (home ? [{ ...home, ...linkTo(zone, home.vnetId) }] : []));
  return { kind: 'custom' as const, custom, located, unknown: homes.filter((h) => !h.home).map((h) => h.server) };
}

export default defineRule({
  id: 'dns/zone-linked',
  title: "The provider's private DNS zone is linked to the VNET that resolves for the subscriber",
  description:
    "The subscriber resolves the provider's FQDN through the provider's private DNS zone, which needs a Completed virtual network link to the VNET whose DNS answers the subscriber: its own VNET with Azure DNS, or the VNET of its custom DNS servers (hub resolver), which must answer from Azure DNS (168.63.129.16).",
  severity: 'error',
  requires: ['azure.network', 'azure.dnsZone'],
  messages: {
    noZone: {
      message:
        '{{subscriber}} -> {{provider}}: {{provider}} ({{server}}) is VNET-integrated but has no private DNS zone on record (network.privateDnsZoneArmResourceId is empty): nothing resolves {{fqdn}} to its private address',
      help: 'Give the server a private DNS zone whose name ends in .postgres.database.azure.com and link it to the VNETs that resolve for its peers: az postgres flexible-server update --resource-group {{shell:resourceGroup}} --name {{shell:server}} --private-dns-zone <zone-id>',
    },
    notLinked: {
      message:
        '{{subscriber}} -> {{provider}}: private DNS zone {{zone}} has no virtual network link to {{vnet}} ({{role}}){{state}}: {{consequence}}',
      help: 'az network private-dns link vnet create --resource-group {{shell:resourceGroup}} --zone-name {{shell:zone}} --name link-{{shell:vnetName}} --virtual-network {{shell:vnetId}} --registration-enabled false',
    },
    viaResolver: {
      message:
        '{{subscriber}} -> {{provider}}: {{vnet}} uses custom DNS servers {{servers}} in {{resolverVnets}}, which is linked to {{zone}}: {{subscriber}} resolves {{fqdn}} only if they answer from Azure DNS',
      help:
        'A DNS Private Resolver inbound endpoint answers from Azure DNS itself; a forwarder (VM or appliance) at {{servers}} must forward postgres.database.azure.com (or all queries) to ' +
        AZURE_DNS,
    },
    customDns: {
      message:
        '{{subscriber}} -> {{provider}}: {{vnet}} uses custom DNS servers {{servers}} outside every VNET this snapshot knows: they must forward {{zone}} (or postgres.database.azure.com) to Azure DNS in a VNET linked to the zone ({{linked}}); this cannot be verified from ARM',
      help:
        'Configure a conditional forwarder for postgres.database.azure.com on {{servers}} to a DNS Private Resolver inbound endpoint or a forwarder in a VNET linked to {{zone}} (that forwarder uses ' +
        AZURE_DNS +
        ')',
    },
  },
  help: "Link the provider's private DNS zone to every VNET whose DNS answers for its subscribers: their own VNETs, or the hub VNET of their custom DNS resolver.",
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const sub = ctx.node(subscriber).network;
    const prov = ctx.node(provider).network;
    const fqdn = prov.server.fullyQualifiedDomainName ?? `${prov.server.name}.postgres.database.azure.com`;
    const zone = prov.zone;
    if (!zone) {
      const names = azNames(prov.server.id);
      return ctx.fail(
        'noZone',
        { subscriber, provider, server: prov.server.name, fqdn, resourceGroup: names.resourceGroup },
        { privateDnsZoneArmResourceId: null },
      );
    }
    const zoneNames = azNames(zone.id);
    // The links of the VNETs this verdict rests on, not the zone's whole list: a zone linked to every VNET of a
    // 200-node mesh repeated in each pair's evidence made the JSON report hundreds of megabytes. The zone is named by id.
    const links: unknown[] = [];
    const evidence: Record<string, unknown> = { zone: zone.id, links, subscriberDnsServers: sub.vnet.dnsServers };
    const notLinked = (
      vnetId: string,
      vnetName: string,
      role: string,
      consequence: string,
      link: { name: string; virtualNetworkLinkState?: string } | undefined,
    ) =>
      ctx.fail(
        'notLinked',
        {
          subscriber,
          provider,
          zone: zone.name,
          vnet: vnetName,
          vnetName,
          vnetId,
          role,
          consequence,
          state: link ? ` in state Completed (link ${link.name} is ${link.virtualNetworkLinkState})` : '',
          resourceGroup: zoneNames.resourceGroup,
        },
        evidence,
      );

    // The subscriber's path to the zone decides whether it resolves the provider; the provider's own VNET must
    // resolve it too (a subscriber connects to its own node's DSN during sync, and so does the provider for its subscriptions).
    const ends = [
      { node: subscriber, vnet: sub.vnet, consequence: `${subscriber} cannot resolve ${fqdn} to its private address` },
      ...(sameResourceId(sub.vnet.id, prov.vnet.id)
        ? []
        : [
            {
              node: provider,
              vnet: prov.vnet,
              consequence: `${provider} cannot resolve its own FQDN ${fqdn}, which its local node DSN names`,
            },
          ]),
    ];
    const paths = ends.map((end) => ({ ...end, path: resolution(ctx.snapshot, end.vnet, zone) }));
    const judged = new Set<string>();
    for (const { vnet, path } of paths) {
      // The links each path was judged on, once per VNET.
      for (const { vnetId, link } of path.kind === 'azureDns' ? [{ vnetId: vnet.id, link: path.link }] : path.located) {
        if (judged.has(vnetId.toLowerCase())) continue;
        judged.add(vnetId.toLowerCase());
        links.push(link ?? { virtualNetworkId: vnetId, linked: false });
      }
    }
    for (const { node, vnet, consequence, path } of paths) {
      if (path.kind === 'azureDns') {
        if (!path.completed) return notLinked(vnet.id, vnet.name, `the VNET of ${node}, which uses Azure DNS`, consequence, path.link);
        continue;
      }
      const unlinked = path.located.find((r) => !r.completed);
      if (unlinked) {
        evidence.resolvers = path.located.map((r) => ({ server: r.server, vnet: r.vnetId, linked: r.completed }));
        return notLinked(
          unlinked.vnetId,
          unlinked.vnetName,
          `the VNET of DNS server ${unlinked.server}, which ${vnet.name} of ${node} uses`,
          consequence,
          unlinked.link,
        );
      }
    }
    const subPath = paths[0]!.path;
    if (subPath.kind === 'custom') {
      evidence.resolvers = [
        ...subPath.located.map((r) => ({ server: r.server, vnet: r.vnetId, linked: r.completed })),
        ...subPath.unknown.map((server) => ({ server, vnet: null, linked: null })),
      ];
      const base = { subscriber, provider, vnet: sub.vnet.name, zone: zone.name, fqdn };
      if (subPath.unknown.length > 0) {
        const linked = zone.virtualNetworkLinks.map((l) => azNames(l.virtualNetworkId).name).join(', ') || 'none';
        return ctx.fail('customDns', { ...base, servers: subPath.unknown.join(', '), linked }, evidence, 'warning');
      }
      const resolverVnets = [...new Set(subPath.located.map((r) => r.vnetName))].join(', ');
      return ctx.fail('viaResolver', { ...base, servers: subPath.custom.join(', '), resolverVnets }, evidence, 'warning');
    }
    return ctx.pass(
      `${zone.name} is linked to ${[...new Set(ends.map((e) => e.vnet.name))].join(' and ')}; ${sub.vnet.name} uses Azure DNS`,
      evidence,
    );
  },
});
