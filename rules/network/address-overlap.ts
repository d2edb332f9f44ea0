import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { network } from '../../src/model/network.js';
import { overlaps, parsePrefix, type Prefix } from '../../src/model/cidr.js';
import { sameResourceId } from '../../src/util/azure-id.js';

interface Space {
  owner: string;
  prefix: Prefix;
}

export default defineRule({
  id: 'network/address-overlap',
  title: 'No overlapping address spaces',
  description: "The subscriber's and the provider's VNETs, and the VNETs peered with them, must not overlap: peering refuses overlapping spaces and routing becomes ambiguous.",
  severity: 'error',
  requires: ['azure.network'],
  messages: {
    overlap: {
      message: '{{subscriber}} -> {{provider}}: address spaces overlap: {{pairs}}',
      help: 'Re-address one of the VNETs so that {{first}} no longer overlaps; peered VNETs need disjoint address spaces',
    },
  },
  help: 'Give every VNET of the topology, and every VNET peered with them, a disjoint address space.',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const sub = network(ctx.node(subscriber));
    const prov = network(ctx.node(provider));
    if (sameResourceId(sub.vnet.id, prov.vnet.id)) return ctx.pass(`both in ${sub.vnet.name}`, { vnet: sub.vnet.id });
    const own = (vnetName: string, texts: readonly string[]): Space[] =>
      texts.map((t) => ({ owner: vnetName, prefix: parsePrefix(t) })).filter((s): s is Space => s.prefix !== undefined);
    const subSpace = own(sub.vnet.name, sub.vnet.addressPrefixes);
    const provSpace = own(prov.vnet.name, prov.vnet.addressPrefixes);
    // What else each side is peered with (the peering between the two is the other side itself).
    const peeredWith = (vnet: typeof sub.vnet, other: string) =>
      vnet.peerings
        .filter((p) => !sameResourceId(p.remoteVirtualNetworkId, other))
        .flatMap((p) => own(`${p.remoteVirtualNetworkId.split('/').pop()} (peered with ${vnet.name})`, p.remoteAddressPrefixes));
    const found: string[] = [];
    const compare = (left: Space[], right: Space[]) => {
      for (const a of left) for (const b of right) if (overlaps(a.prefix, b.prefix)) found.push(`${a.prefix.text} in ${a.owner} and ${b.prefix.text} in ${b.owner}`);
    };
    compare(subSpace, provSpace);
    compare(peeredWith(sub.vnet, prov.vnet.id), provSpace);
    compare(subSpace, peeredWith(prov.vnet, sub.vnet.id));
    const evidence = { subscriberVnet: sub.vnet.addressPrefixes, providerVnet: prov.vnet.addressPrefixes, overlaps: found };
    if (found.length > 0) return ctx.fail('overlap', { subscriber, provider, pairs: found.join('; '), first: found[0]! }, evidence);
    return ctx.pass(`${sub.vnet.name} (${sub.vnet.addressPrefixes.join(', ')}) and ${prov.vnet.name} (${prov.vnet.addressPrefixes.join(', ')}) are disjoint`, evidence);
  },
});
