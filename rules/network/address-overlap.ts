import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { network } from '../../src/model/network.js';
import { overlaps, parsePrefix, type Prefix } from '../../src/model/cidr.js';
import { sameResourceId } from '../../src/util/azure-id.js';
import { snapshotIndex } from '../../src/model/snapshot-index.js';
import type { VirtualNetwork } from '../../src/snapshot/network-types.js';
import type { Snapshot } from '../../src/snapshot/types.js';

interface Space {
  owner: string;
  prefix: Prefix;
}

interface VnetSpaces {
  own: Space[];
  peered: { remoteKey: string; spaces: Space[] }[];
}

const own = (vnetName: string, texts: readonly string[]): Space[] =>
  texts.map((t) => ({ owner: vnetName, prefix: parsePrefix(t) })).filter((s): s is Space => s.prefix !== undefined);

/** A VNET's own and peered address spaces, worked out once per VNET and run rather than once per pair. */
function spacesOf(snapshot: Snapshot, vnet: VirtualNetwork): VnetSpaces {
  const byVnet = snapshotIndex(snapshot, 'address-overlap-spaces', () => new Map<VirtualNetwork, VnetSpaces>());
  let spaces = byVnet.get(vnet);
  if (!spaces) {
    spaces = {
      own: own(vnet.name, vnet.addressPrefixes),
      peered: vnet.peerings.map((p) => ({
        remoteKey: p.remoteVirtualNetworkId.toLowerCase(),
        spaces: own(`${p.remoteVirtualNetworkId.split('/').pop()} (peered with ${vnet.name})`, p.remoteAddressPrefixes),
      })),
    };
    byVnet.set(vnet, spaces);
  }
  return spaces;
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
    const subSpace = spacesOf(ctx.snapshot, sub.vnet);
    const provSpace = spacesOf(ctx.snapshot, prov.vnet);
    // What else each side is peered with (the peering between the two is the other side itself).
    const peeredWith = (side: VnetSpaces, other: string) => {
      const otherKey = other.toLowerCase();
      return side.peered.filter((p) => p.remoteKey !== otherKey).flatMap((p) => p.spaces);
    };
    const found: string[] = [];
    const compare = (left: Space[], right: Space[]) => {
      for (const a of left) for (const b of right) if (overlaps(a.prefix, b.prefix)) found.push(`${a.prefix.text} in ${a.owner} and ${b.prefix.text} in ${b.owner}`);
    };
    compare(subSpace.own, provSpace.own);
    compare(peeredWith(subSpace, prov.vnet.id), provSpace.own);
    compare(subSpace.own, peeredWith(provSpace, sub.vnet.id));
    const evidence = { subscriberVnet: sub.vnet.addressPrefixes, providerVnet: prov.vnet.addressPrefixes, overlaps: found };
    if (found.length > 0) return ctx.fail('overlap', { subscriber, provider, pairs: found.join('; '), first: found[0]! }, evidence);
    return ctx.pass(`${sub.vnet.name} (${sub.vnet.addressPrefixes.join(', ')}) and ${prov.vnet.name} (${prov.vnet.addressPrefixes.join(', ')}) are disjoint`, evidence);
  },
});
