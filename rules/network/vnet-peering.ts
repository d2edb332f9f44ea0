import { defineRule } from '../../src/engine/rule.js';
import { sh } from '../../src/util/quote.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { coverage, parsePrefix, type Prefix } from '../../src/model/cidr.js';
import type { NodeNetwork } from '../../src/model/network.js';
import { azNames } from '../../src/model/azure-names.js';
import { effectiveRoutesFor, hubTransit, lookupRoute, type HubTransit } from '../../src/model/routes.js';
import { perRun } from '../../src/model/snapshot-index.js';
import type { VirtualNetwork, VirtualNetworkPeering } from '../../src/snapshot/network-types.js';
import { sameResourceId } from '../../src/util/azure-id.js';

interface PeeringProblem {
  text: string;
  /** Out of sync while the known remote space still covers the remote server's subnet: traffic flows. */
  severity: 'error' | 'warning';
}

function problem(p: VirtualNetworkPeering | undefined, remoteSubnet: readonly Prefix[]): PeeringProblem | undefined {
  if (!p) return { text: 'no peering', severity: 'error' };
  const issues: PeeringProblem[] = [];
  if (p.peeringState.toLowerCase() !== 'connected') issues.push({ text: `state ${p.peeringState}`, severity: 'error' });
  if (p.peeringSyncLevel && p.peeringSyncLevel.toLowerCase() !== 'fullyinsync') {
    // The routes of this VNET use remoteAddressPrefixes (what it last learned of the remote space);
    // until a sync, a remote subnet outside them is unreachable, one inside them still works.
    const known = p.remoteAddressPrefixes.map(parsePrefix).filter((x): x is Prefix => x !== undefined);
    const covered = remoteSubnet.length > 0 && remoteSubnet.every((s) => coverage(s, known) === 'all');
    const space = `known remote space ${p.remoteAddressPrefixes.join(', ') || 'none'}`;
    const current = p.remoteVirtualNetworkAddressPrefixes ? `, current ${p.remoteVirtualNetworkAddressPrefixes.join(', ')}` : '';
    const subnet = remoteSubnet.map((s) => s.text).join(', ');
    issues.push(
      covered
        ? { text: `sync level ${p.peeringSyncLevel} (${space}${current} still covers the server subnet ${subnet})`, severity: 'warning' }
        : {
            text: `sync level ${p.peeringSyncLevel}: the ${space}${current} does not cover the server subnet ${subnet}`,
            severity: 'error',
          },
    );
  }
  if (!p.allowVirtualNetworkAccess) issues.push({ text: 'allowVirtualNetworkAccess false', severity: 'error' });
  if (issues.length === 0) return undefined;
  return {
    text: `peering ${p.name}: ${issues.map((i) => i.text).join(', ')}`,
    severity: issues.some((i) => i.severity === 'error') ? 'error' : 'warning',
  };
}

/** A VNET's peerings by remote VNET id (the first per remote, as a scan finds it), once per run. */
function peeringsByRemote(vnet: VirtualNetwork): Map<string, VirtualNetworkPeering> {
  return perRun('peerings-by-remote', vnet, undefined, () => {
    const index = new Map<string, VirtualNetworkPeering>();
    for (const p of vnet.peerings)
      if (!index.has(p.remoteVirtualNetworkId.toLowerCase())) index.set(p.remoteVirtualNetworkId.toLowerCase(), p);
    return index;
  });
}

/** The hub the traffic from `from` to `to` is routed through, if its route leads to an appliance or gateway in a peered VNET. */
function transit(from: NodeNetwork, to: NodeNetwork): HubTransit | undefined {
  const { routes } = effectiveRoutesFor(from.vnet, from.routeTable);
  const route = lookupRoute(routes, to.endpoint).route;
  return route ? hubTransit(from.vnet, route) : undefined;
}

export default defineRule({
  id: 'network/vnet-peering',
  title: 'The two VNETs are peered directly, both ways, or joined through a hub',
  description:
    'Nodes in different VNETs need a direct peering in each direction that is Connected, FullyInSync and allows virtual network access (peering is not transitive), or spokes whose routes send each other through an appliance or VPN gateway in a hub they are both peered with (forwarded traffic allowed).',
  severity: 'error',
  requires: ['azure.network'],
  messages: {
    notPeered: {
      message: '{{subscriber}} -> {{provider}}: {{side}}: {{problem}}',
      help: 'Peer the VNETs both ways with virtual network access allowed: {{fix}}',
    },
    outOfSync: {
      message: '{{subscriber}} -> {{provider}}: {{side}}: {{problem}}; replication still flows',
      help: "Sync the peering so that it learns the remote VNET's current address space: {{fix}}",
    },
    hubNoForwarding: {
      message:
        '{{subscriber}} -> {{provider}}: {{vnet}} reaches {{other}} only through {{hop}} in hub {{hub}}, but its peering {{peering}} does not allow forwarded traffic: what the hub forwards from {{other}} is dropped',
      help: "Allow forwarded traffic on the spoke's peering to the hub: az network vnet peering update --resource-group {{shell:resourceGroup}} --vnet-name {{shell:vnet}} --name {{shell:peering}} --set allowForwardedTraffic=true",
    },
  },
  help: 'Create the peering on both VNETs with virtual network access allowed and sync it after address space changes, or route the spokes through an appliance in a hub peered with both (with forwarded traffic allowed).',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const subNet = ctx.node(subscriber).network;
    const provNet = ctx.node(provider).network;
    const sub = subNet.vnet;
    const prov = provNet.vnet;
    if (sameResourceId(sub.id, prov.id)) return ctx.pass(`both in ${sub.name}: no peering needed`, { vnet: sub.id });
    const find = (from: VirtualNetwork, to: VirtualNetwork) => peeringsByRemote(from).get(to.id.toLowerCase());
    const forward = find(sub, prov);
    const back = find(prov, sub);
    // Fixed keys, the VNET names as values: a key per pair (`vnet-a -> vnet-b`) gave each evidence object a hidden class of its own.
    const evidence: Record<string, unknown> = {
      peerings: [
        { from: sub.name, to: prov.name, peering: forward ?? null },
        { from: prov.name, to: sub.name, peering: back ?? null },
      ],
    };

    // Hub and spoke: both legs are routed to an appliance (or the VPN gateway) in a hub VNET each spoke is peered with.
    const hubs = [transit(subNet, provNet), transit(provNet, subNet)] as const;
    if (hubs[0] && hubs[1]) {
      const [out, ret] = hubs;
      evidence.hubs = [
        { from: sub.name, to: prov.name, hub: out.hubName, hop: out.hop, peering: out.peering.name },
        { from: prov.name, to: sub.name, hub: ret.hubName, hop: ret.hop, peering: ret.peering.name },
      ];
      // Each spoke receives what the hub's appliance forwards from the other spoke; a VPN gateway needs no such flag.
      for (const [spoke, other, hop] of [
        [sub, prov, out],
        [prov, sub, ret],
      ] as const) {
        if (hop.kind === 'appliance' && !hop.peering.allowForwardedTraffic) {
          return ctx.fail(
            'hubNoForwarding',
            {
              subscriber,
              provider,
              vnet: spoke.name,
              other: other.name,
              hop: hop.hop,
              hub: hop.hubName,
              peering: hop.peering.name,
              resourceGroup: azNames(spoke.id).resourceGroup,
            },
            evidence,
          );
        }
      }
      const via =
        out.hubName === ret.hubName
          ? `${out.hop} in hub ${out.hubName}`
          : `${out.hop} in hub ${out.hubName}, back through ${ret.hop} in hub ${ret.hubName}`;
      return ctx.pass(
        `${sub.name} and ${prov.name} are not peered directly; they are joined through ${via} (spoke peerings Connected${out.kind === 'appliance' ? ', forwarded traffic allowed' : ''}); the hop must pass TCP 5432 (network/route-to-peer)`,
        evidence,
      );
    }

    const warnings: (() => ReturnType<typeof ctx.pass>)[] = [];
    for (const [from, to, toNet, peering] of [
      [sub, prov, provNet, forward],
      [prov, sub, subNet, back],
    ] as const) {
      const issue = problem(peering, toNet.subnetPrefixes);
      if (!issue) continue;
      const names = azNames(from.id);
      const syncFix = peering
        ? sh`az network vnet peering sync --resource-group ${names.resourceGroup} --vnet-name ${from.name} --name ${peering.name}`
        : '';
      const data = { subscriber, provider, side: `${from.name} -> ${to.name}`, problem: issue.text };
      if (issue.severity === 'warning') {
        warnings.push(() => ctx.fail('outOfSync', { ...data, fix: syncFix }, evidence, 'warning'));
        continue;
      }
      const fix = !peering
        ? sh`az network vnet peering create --resource-group ${names.resourceGroup} --vnet-name ${from.name} --name ${from.name}-to-${to.name} --remote-vnet ${to.id} --allow-vnet-access`
        : peering.peeringState.toLowerCase() === 'connected' && peering.allowVirtualNetworkAccess
          ? syncFix
          : !peering.allowVirtualNetworkAccess
            ? sh`az network vnet peering update --resource-group ${names.resourceGroup} --vnet-name ${from.name} --name ${peering.name} --set allowVirtualNetworkAccess=true`
            : `create the matching peering on ${to.name} (peering is ${peering.peeringState} until both sides exist): ` +
              sh`az network vnet peering create --resource-group ${azNames(to.id).resourceGroup} --vnet-name ${to.name} --name ${to.name}-to-${from.name} --remote-vnet ${from.id} --allow-vnet-access`;
      return ctx.fail('notPeered', { ...data, fix }, evidence);
    }
    if (warnings[0]) return warnings[0]();
    return ctx.pass(`${sub.name} and ${prov.name} are peered both ways (Connected, FullyInSync, access allowed)`, evidence);
  },
});
