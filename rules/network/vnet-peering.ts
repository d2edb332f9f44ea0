import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { network } from '../../src/model/network.js';
import { azNames } from '../../src/model/azure-names.js';
import type { VirtualNetwork, VirtualNetworkPeering } from '../../src/snapshot/network-types.js';
import { sameResourceId } from '../../src/util/azure-id.js';

function problem(p: VirtualNetworkPeering | undefined): string | undefined {
  if (!p) return 'no peering';
  const issues: string[] = [];
  if (p.peeringState.toLowerCase() !== 'connected') issues.push(`state ${p.peeringState}`);
  if (p.peeringSyncLevel && p.peeringSyncLevel.toLowerCase() !== 'fullyinsync') issues.push(`sync level ${p.peeringSyncLevel}`);
  if (!p.allowVirtualNetworkAccess) issues.push('allowVirtualNetworkAccess false');
  return issues.length ? `peering ${p.name}: ${issues.join(', ')}` : undefined;
}

export default defineRule({
  id: 'network/vnet-peering',
  title: 'The two VNETs are peered directly, both ways',
  description:
    'Nodes in different VNETs need a direct peering in each direction that is Connected, FullyInSync and allows virtual network access; peering is not transitive.',
  severity: 'error',
  requires: ['azure.network'],
  messages: {
    notPeered: {
      message: '{{subscriber}} -> {{provider}}: {{side}}: {{problem}}',
      help: 'Peer the VNETs both ways with virtual network access allowed: {{fix}}',
    },
  },
  help: 'Create the peering on both VNETs with virtual network access allowed, and sync it after address space changes.',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const sub = network(ctx.node(subscriber)).vnet;
    const prov = network(ctx.node(provider)).vnet;
    if (sameResourceId(sub.id, prov.id)) return ctx.pass(`both in ${sub.name}: no peering needed`, { vnet: sub.id });
    const find = (from: VirtualNetwork, to: VirtualNetwork) => from.peerings.find((p) => sameResourceId(p.remoteVirtualNetworkId, to.id));
    const forward = find(sub, prov);
    const back = find(prov, sub);
    const evidence = { [`${sub.name} -> ${prov.name}`]: forward ?? null, [`${prov.name} -> ${sub.name}`]: back ?? null };
    for (const [from, to, peering] of [
      [sub, prov, forward],
      [prov, sub, back],
    ] as const) {
      const issue = problem(peering);
      if (!issue) continue;
      const names = azNames(from.id);
      const fix = !peering
        ? `az network vnet peering create --resource-group ${names.resourceGroup} --vnet-name ${from.name} --name ${from.name}-to-${to.name} --remote-vnet ${to.id} --allow-vnet-access`
        : peering.peeringState.toLowerCase() === 'connected' && peering.allowVirtualNetworkAccess
          ? `az network vnet peering sync --resource-group ${names.resourceGroup} --vnet-name ${from.name} --name ${peering.name}`
          : !peering.allowVirtualNetworkAccess
            ? `az network vnet peering update --resource-group ${names.resourceGroup} --vnet-name ${from.name} --name ${peering.name} --set allowVirtualNetworkAccess=true`
            : `create the matching peering on ${to.name} (peering is ${peering.peeringState} until both sides exist): az network vnet peering create --resource-group ${azNames(to.id).resourceGroup} --vnet-name ${to.name} --name ${to.name}-to-${from.name} --remote-vnet ${from.id} --allow-vnet-access`;
      return ctx.fail('notPeered', { subscriber, provider, side: `${from.name} -> ${to.name}`, problem: issue, fix }, evidence);
    }
    return ctx.pass(`${sub.name} and ${prov.name} are peered both ways (Connected, FullyInSync, access allowed)`, evidence);
  },
});
