import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { overlaps, parsePrefix, type Prefix } from '../../src/model/cidr.js';
import { resourceName, sameResourceId } from '../../src/util/azure-id.js';
import { snapshotIndex } from '../../src/model/snapshot-index.js';
import type { VirtualNetwork } from '../../src/snapshot/network-types.js';
import type { Snapshot } from '../../src/snapshot/types.js';

interface Space {
  owner: string;
  prefix: Prefix;
}

interface PeeredSpace extends Space {
  remoteKey: string;
  /** Position in peering order, so findings read in the order a scan would list them. */
  order: number;
}

interface VnetSpaces {
  own: Space[];
  /** Peered spaces sorted by first address (per family), with the running maximum of last addresses. */
  peered: { sorted: PeeredSpace[]; maxLast: bigint[] }[];
}

/** Peered spaces overlapping `prefix`, except those of the VNET `excludeKey`, in peering order. */
function peeredOverlapping(spaces: VnetSpaces, prefix: Prefix, excludeKey: string): PeeredSpace[] {
  const found: PeeredSpace[] = [];
  for (const { sorted, maxLast } of spaces.peered) {
    if (sorted[0]?.prefix.family !== prefix.family) continue;
    // The last space starting at or before the prefix's end; earlier ones overlap while their end reaches it.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.prefix.first <= prefix.last) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && maxLast[i]! >= prefix.first; i -= 1) {
      const candidate = sorted[i]!;
      if (candidate.remoteKey !== excludeKey && overlaps(candidate.prefix, prefix)) found.push(candidate);
    }
  }
  return found.sort((a, b) => a.order - b.order);
}

function indexPeered(all: PeeredSpace[]): VnetSpaces['peered'] {
  return ([4, 6] as const).flatMap((family) => {
    const sorted = all
      .filter((s) => s.prefix.family === family)
      .sort((a, b) => (a.prefix.first < b.prefix.first ? -1 : a.prefix.first > b.prefix.first ? 1 : a.order - b.order));
    if (sorted.length === 0) return [];
    const maxLast: bigint[] = [];
    sorted.forEach((s, i) => maxLast.push(i === 0 || s.prefix.last > maxLast[i - 1]! ? s.prefix.last : maxLast[i - 1]!));
    return [{ sorted, maxLast }];
  });
}

const own = (vnetName: string, texts: readonly string[]): Space[] =>
  texts.map((t) => ({ owner: vnetName, prefix: parsePrefix(t) })).filter((s): s is Space => s.prefix !== undefined);

/** A VNET's own and peered address spaces, worked out once per VNET and run rather than once per pair. */
function spacesOf(snapshot: Snapshot, vnet: VirtualNetwork): VnetSpaces {
  const byVnet = snapshotIndex(snapshot, 'address-overlap-spaces', () => new Map<VirtualNetwork, VnetSpaces>());
  let spaces = byVnet.get(vnet);
  if (!spaces) {
    let order = 0;
    const peered = vnet.peerings.flatMap((p) =>
      own(`${resourceName(p.remoteVirtualNetworkId)} (peered with ${vnet.name})`, p.remoteAddressPrefixes).map((space) => ({
        ...space,
        remoteKey: p.remoteVirtualNetworkId.toLowerCase(),
        order: order++,
      })),
    );
    spaces = { own: own(vnet.name, vnet.addressPrefixes), peered: indexPeered(peered) };
    byVnet.set(vnet, spaces);
  }
  return spaces;
}

export default defineRule({
  id: 'network/address-overlap',
  title: 'No overlapping address spaces',
  description:
    "The subscriber's and the provider's VNETs, and the VNETs peered with them, must not overlap: peering refuses overlapping spaces and routing becomes ambiguous.",
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
    const sub = ctx.node(subscriber).network;
    const prov = ctx.node(provider).network;
    if (sameResourceId(sub.vnet.id, prov.vnet.id)) return ctx.pass(`both in ${sub.vnet.name}`, { vnet: sub.vnet.id });
    const subSpace = spacesOf(ctx.snapshot, sub.vnet);
    const provSpace = spacesOf(ctx.snapshot, prov.vnet);
    const found: string[] = [];
    const say = (a: Space, b: Space) => found.push(`${a.prefix.text} in ${a.owner} and ${b.prefix.text} in ${b.owner}`);
    for (const a of subSpace.own) for (const b of provSpace.own) if (overlaps(a.prefix, b.prefix)) say(a, b);
    // What else each side is peered with (the peering between the two is the other side itself),
    // found through the sorted index instead of a scan of every peering for every pair.
    const subPeered = provSpace.own.flatMap((b, bi) =>
      peeredOverlapping(subSpace, b.prefix, prov.vnet.id.toLowerCase()).map((a) => ({ a, b, bi })),
    );
    subPeered.sort((x, y) => x.a.order - y.a.order || x.bi - y.bi).forEach(({ a, b }) => say(a, b));
    for (const a of subSpace.own) for (const b of peeredOverlapping(provSpace, a.prefix, sub.vnet.id.toLowerCase())) say(a, b);
    const evidence = { subscriberVnet: sub.vnet.addressPrefixes, providerVnet: prov.vnet.addressPrefixes, overlaps: found };
    if (found.length > 0) return ctx.fail('overlap', { subscriber, provider, pairs: found.join('; '), first: found[0]! }, evidence);
    return ctx.pass(
      `${sub.vnet.name} (${sub.vnet.addressPrefixes.join(', ')}) and ${prov.vnet.name} (${prov.vnet.addressPrefixes.join(', ')}) are disjoint`,
      evidence,
    );
  },
});
