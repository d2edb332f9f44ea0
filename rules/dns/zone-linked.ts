import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { network } from '../../src/model/network.js';
import type { VirtualNetwork } from '../../src/snapshot/network-types.js';
import { sameResourceId } from '../../src/util/azure-id.js';

/** Azure's recursive resolver; custom DNS servers must forward private zone queries to it. */
export const AZURE_DNS = '168.63.129.16';

export default defineRule({
  id: 'dns/zone-linked',
  title: "The provider's private DNS zone is linked to the subscriber's VNET",
  description:
    "The subscriber resolves the provider's FQDN through the provider's private DNS zone, which needs a Completed virtual network link to the subscriber's VNET (and to the provider's own); custom DNS servers must forward to 168.63.129.16.",
  severity: 'error',
  requires: ['azure.network', 'azure.dnsZone'],
  messages: {
    notLinked: {
      message: "{{subscriber}} -> {{provider}}: private DNS zone {{zone}} has no virtual network link to {{vnet}}{{state}}: {{subscriber}} cannot resolve {{fqdn}} to its private address",
      help: 'az network private-dns link vnet create --resource-group {{resourceGroup}} --zone-name {{zone}} --name link-{{vnetName}} --virtual-network {{vnetId}} --registration-enabled false',
    },
    customDns: {
      message: '{{subscriber}} -> {{provider}}: {{vnet}} uses custom DNS servers {{servers}}: they must forward {{zone}} (or postgres.database.azure.com) to ' + AZURE_DNS,
      help: 'Configure a conditional forwarder for postgres.database.azure.com to ' + AZURE_DNS + ' on {{servers}} (that server must sit in a VNET linked to {{zone}})',
    },
  },
  help: "Link the provider's private DNS zone to every VNET whose servers subscribe to it.",
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const sub = network(ctx.node(subscriber));
    const prov = network(ctx.node(provider));
    const zone = prov.zone!;
    const zoneNames = azNames(zone.id);
    const evidence = { zone: zone.id, links: zone.virtualNetworkLinks, subscriberDnsServers: sub.vnet.dnsServers };
    for (const vnet of [sub.vnet, prov.vnet] as VirtualNetwork[]) {
      const link = zone.virtualNetworkLinks.find((l) => sameResourceId(l.virtualNetworkId, vnet.id));
      if (link && (link.virtualNetworkLinkState ?? 'Completed').toLowerCase() === 'completed') continue;
      return ctx.fail(
        'notLinked',
        {
          subscriber: vnet === sub.vnet ? subscriber : provider,
          provider,
          zone: zone.name,
          vnet: vnet.name,
          vnetName: vnet.name,
          vnetId: vnet.id,
          state: link ? ` in state Completed (link ${link.name} is ${link.virtualNetworkLinkState})` : '',
          fqdn: prov.server.fullyQualifiedDomainName ?? prov.server.name,
          resourceGroup: zoneNames.resourceGroup,
        },
        evidence,
      );
    }
    const custom = sub.vnet.dnsServers.filter((s) => s !== AZURE_DNS);
    if (custom.length > 0) {
      return ctx.fail('customDns', { subscriber, provider, vnet: sub.vnet.name, servers: custom.join(', '), zone: zone.name }, evidence, 'warning');
    }
    return ctx.pass(`${zone.name} is linked to ${sub.vnet.name} and ${prov.vnet.name}; ${sub.vnet.name} uses Azure DNS`, evidence);
  },
});
