import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { network, type NodeNetwork } from '../../src/model/network.js';
import { effectiveRoutes, lookupRoute, type EffectiveRoute } from '../../src/model/routes.js';
import { sameResourceId } from '../../src/util/azure-id.js';

const DIRECT = new Set(['vnetlocal', 'vnetpeering']);

function describeRoute(r: EffectiveRoute): string {
  const hop = `${r.nextHopType}${r.nextHopIpAddress ? ` ${r.nextHopIpAddress}` : ''}`;
  return r.source === 'user' ? `route ${r.name} (${r.prefix.text} -> ${hop}) of route table ${r.routeTable}` : `system ${r.name} (${r.prefix.text} -> ${hop})`;
}

export default defineRule({
  id: 'network/route-to-peer',
  title: 'Routes between the servers stay direct',
  description:
    "The longest-prefix route from the subscriber's subnet to the provider (and back) must not drop the traffic (None) or send it through an appliance, gateway or the internet that must then pass TCP 5432.",
  severity: 'error',
  requires: ['azure.network'],
  messages: {
    dropped: {
      message: '{{subscriber}} -> {{provider}}: traffic {{direction}} is dropped by {{route}}',
      help: 'Give the traffic a path: {{fix}}',
    },
    viaHop: {
      message: '{{subscriber}} -> {{provider}}: traffic {{direction}} goes through {{route}}; that hop must pass TCP 5432 both ways',
      help: 'Allow TCP 5432 between {{source}} and {{destination}} on the next hop, {{fix}}',
    },
    wrongPeer: {
      message: '{{subscriber}} -> {{provider}}: traffic {{direction}} follows {{route}} to {{other}}, not to the VNET of the destination ({{expected}})',
      help: 'Remove the overlap between {{other}} and {{expected}} (see network/address-overlap) so that the peering to {{expected}} carries the traffic',
    },
    partial: {
      message: '{{subscriber}} -> {{provider}}: part of {{destination}} is routed {{direction}} by {{route}}',
      help: 'Make the routes for {{destination}} uniform so that a server address change cannot change the path',
    },
  },
  help: 'Remove or correct user-defined routes that drop or divert traffic between the delegated subnets.',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const sub = network(ctx.node(subscriber));
    const prov = network(ctx.node(provider));
    const legs: [string, NodeNetwork, NodeNetwork][] = [
      [`from ${subscriber} to ${provider}`, sub, prov],
      [`back from ${provider} to ${subscriber}`, prov, sub],
    ];
    const evidence: Record<string, unknown> = {};
    const findings: { severity: number; result: () => ReturnType<typeof ctx.pass> }[] = [];
    for (const [direction, from, to] of legs) {
      const { routes, unresolved } = effectiveRoutes({ vnet: from.vnet, ...(from.routeTable ? { routeTable: from.routeTable } : {}) });
      const found = lookupRoute(routes, to.endpoint);
      evidence[direction] = { destination: to.endpoint.text, route: found.route ? describeRoute(found.route) : null, partial: found.partial.map(describeRoute), unresolvedRoutes: unresolved };
      const names = azNames(from.routeTable?.id);
      const route = found.route;
      const data = { subscriber, provider, direction, source: from.endpoint.text, destination: to.endpoint.text };
      const deleteFix = route?.source === 'user' ? `az network route-table route delete --resource-group ${names.resourceGroup} --route-table-name ${names.name} --name ${route.name}` : '';
      if (!route || route.nextHopType.toLowerCase() === 'none') {
        const fix = route?.source === 'user' ? deleteFix : `peer ${from.vnet.name} with ${to.vnet.name} (see network/vnet-peering)`;
        findings.push({ severity: 3, result: () => ctx.fail('dropped', { ...data, route: route ? describeRoute(route) : 'no route', fix }, evidence) });
      } else if (!DIRECT.has(route.nextHopType.toLowerCase())) {
        const fix = route.source === 'user' ? `or let the peering route apply: ${deleteFix}` : `or peer ${from.vnet.name} with ${to.vnet.name} directly`;
        findings.push({ severity: 2, result: () => ctx.fail('viaHop', { ...data, route: describeRoute(route), fix }, evidence, 'warning') });
      } else if (route.nextHopType.toLowerCase() === 'vnetpeering' && route.remoteVirtualNetworkId && !sameResourceId(route.remoteVirtualNetworkId, to.vnet.id)) {
        // A more specific prefix of another peered VNET captures the traffic (overlapping spaces).
        findings.push({ severity: 3, result: () => ctx.fail('wrongPeer', { ...data, route: describeRoute(route), other: route.remoteVirtualNetworkId!.split('/').pop()!, expected: to.vnet.name }, evidence) });
      } else {
        const odd = found.partial.find((r) => r.nextHopType.toLowerCase() !== route.nextHopType.toLowerCase());
        if (odd) findings.push({ severity: 1, result: () => ctx.fail('partial', { ...data, route: describeRoute(odd) }, evidence, 'warning') });
      }
    }
    const worst = findings.sort((a, b) => b.severity - a.severity)[0];
    if (worst) return worst.result();
    return ctx.pass(
      `${subscriber} -> ${provider}: ${(evidence[legs[0]![0]] as { route: string }).route}; back: ${(evidence[legs[1]![0]] as { route: string }).route}`,
      evidence,
    );
  },
});
