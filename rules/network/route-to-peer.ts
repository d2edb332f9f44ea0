import { defineRule } from '../../src/engine/rule.js';
import { sh } from '../../src/util/quote.js';
import { selectNodes, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { heldBy, isPrivateAddress } from '../../src/model/cidr.js';
import type { NodeNetwork } from '../../src/model/network.js';
import { effectiveRoutesFor, hubTransit, lookupRoute, type EffectiveRoute } from '../../src/model/routes.js';
import { resourceName, sameResourceId } from '../../src/util/azure-id.js';
import { memoInRun } from '../../src/model/snapshot-index.js';

const DIRECT = new Set(['vnetlocal', 'vnetpeering']);

/** One text per route for the run: each is quoted in the evidence of every pair that takes it. */
function describeRoute(r: EffectiveRoute): string {
  return memoInRun(r, 'route-text', () => {
    const hop = `${r.nextHopType}${r.nextHopIpAddress ? ` ${r.nextHopIpAddress}` : ''}`;
    return r.source === 'user'
      ? `route ${r.name} (${r.prefix.text} -> ${hop}) of route table ${r.routeTable}`
      : `system ${r.name} (${r.prefix.text} -> ${hop})`;
  });
}

/** The evidence of most legs has no partial routes: one empty list for them all (reports only read evidence). */
const NO_ROUTES: readonly string[] = Object.freeze([]);

export default defineRule({
  id: 'network/route-to-peer',
  title: 'Routes between the servers stay direct',
  description:
    "The longest-prefix route from the subscriber's subnet to the provider (and back), and from each server's subnet to itself, must not drop the traffic (None, or Internet for a private address) or send it through an appliance, gateway or hub that must then pass TCP 5432.",
  severity: 'error',
  requires: ['azure.network'],
  messages: {
    dropped: {
      message: '{{subscriber}} -> {{provider}}: traffic {{direction}} is dropped by {{route}}',
      help: 'Give the traffic a path: {{fix}}',
    },
    toInternet: {
      message:
        '{{subscriber}} -> {{provider}}: traffic {{direction}} to the private destination {{destination}} is sent to the internet by {{route}}, which does not route private addresses: it is dropped',
      help: 'Keep the private prefix inside Azure: {{fix}}',
    },
    viaHop: {
      message: '{{subscriber}} -> {{provider}}: traffic {{direction}} goes through {{route}}; that hop must pass TCP 5432 both ways',
      help: 'Allow TCP 5432 between {{source}} and {{destination}} on the next hop, {{fix}}',
    },
    viaHub: {
      message:
        '{{subscriber}} -> {{provider}}: traffic {{direction}} goes through {{hop}} in hub VNET {{hub}} ({{route}}); it must pass TCP 5432 both ways',
      help: 'Allow TCP 5432 between {{source}} and {{destination}} on {{hop}} in {{hub}} (firewall network rule or NVA policy), in both directions; the hub design itself is supported (see network/vnet-peering)',
    },
    wrongPeer: {
      message:
        '{{subscriber}} -> {{provider}}: traffic {{direction}} follows {{route}} to {{other}}, not to the VNET of the destination ({{expected}})',
      help: 'Remove the overlap between {{other}} and {{expected}} (see network/address-overlap) so that the peering to {{expected}} carries the traffic',
    },
    partial: {
      message: '{{subscriber}} -> {{provider}}: part of {{destination}} is routed {{direction}} by {{route}}',
      help: 'Make the routes for {{destination}} uniform so that a server address change cannot change the path',
    },
  },
  help: 'Remove or correct user-defined routes that drop or divert traffic between the delegated subnets.',
  // Pairs, and each node for its own subnet: the subscriber connects to its own node during sync.
  select: (snapshot) => [...selectOrderedPairs(snapshot), ...selectNodes(snapshot)],
  check(target, ctx) {
    const [subscriber, provider] = target.kind === 'pair' ? [target.subscriber, target.provider] : [target.node, target.node];
    const sub = ctx.node(subscriber).network;
    const prov = ctx.node(provider).network;
    const legs: [string, NodeNetwork, NodeNetwork][] =
      target.kind === 'pair'
        ? [
            [`from ${subscriber} to ${provider}`, sub, prov],
            [`back from ${provider} to ${subscriber}`, prov, sub],
          ]
        : [[`within subnet ${sub.subnet.name} of ${subscriber}`, sub, sub]];
    const providerLabel = target.kind === 'pair' ? provider : `${provider} (own subnet)`;
    // One entry per leg under fixed keys (a key per pair's direction gave each evidence object a hidden class of its own).
    const legEvidence: {
      direction: string;
      destination: string;
      route: string | null;
      partial: readonly string[];
      unresolvedRoutes: readonly string[];
    }[] = [];
    const evidence = { legs: legEvidence };
    const findings: { severity: number; result: () => ReturnType<typeof ctx.pass> }[] = [];
    for (const [direction, from, to] of legs) {
      const { routes, unresolved } = effectiveRoutesFor(from.vnet, from.routeTable);
      const found = lookupRoute(routes, to.endpoint);
      legEvidence.push({
        direction,
        destination: to.endpoint.text,
        route: found.route ? describeRoute(found.route) : null,
        partial: found.partial.length === 0 ? NO_ROUTES : found.partial.map(describeRoute),
        unresolvedRoutes: unresolved,
      });
      const names = azNames(from.routeTable?.id);
      const route = found.route;
      const hopType = route?.nextHopType.toLowerCase();
      const data = { subscriber, provider: providerLabel, direction, source: from.endpoint.text, destination: to.endpoint.text };
      const deleteFix =
        route?.source === 'user'
          ? sh`az network route-table route delete --resource-group ${names.resourceGroup} --route-table-name ${names.name} --name ${route.name}`
          : '';
      if (!route || hopType === 'none') {
        const fix = route?.source === 'user' ? deleteFix : `peer ${from.vnet.name} with ${to.vnet.name} (see network/vnet-peering)`;
        findings.push({
          severity: 3,
          result: () => ctx.fail('dropped', { ...data, route: route ? describeRoute(route) : 'no route', fix }, evidence),
        });
      } else if (hopType === 'internet' && isPrivateAddress(to.endpoint)) {
        // The Internet next hop sends traffic out of Azure; RFC 1918 addresses are not routed there.
        const fix =
          route.source === 'user'
            ? `${deleteFix} (or point it to the VNET or to your appliance)`
            : `peer ${from.vnet.name} with ${to.vnet.name} (see network/vnet-peering)`;
        findings.push({ severity: 3, result: () => ctx.fail('toInternet', { ...data, route: describeRoute(route), fix }, evidence) });
      } else if (hopType === undefined || !DIRECT.has(hopType)) {
        const hub = target.kind === 'pair' ? hubTransit(from.vnet, route) : undefined;
        if (hub) {
          findings.push({
            severity: 2,
            result: () => ctx.fail('viaHub', { ...data, route: describeRoute(route), hop: hub.hop, hub: hub.hubName }, evidence, 'warning'),
          });
        } else {
          const fix =
            route.source === 'user'
              ? `or let the ${target.kind === 'pair' ? 'peering' : 'VNET'} route apply: ${deleteFix}`
              : `or peer ${from.vnet.name} with ${to.vnet.name} directly`;
          findings.push({
            severity: 2,
            result: () => ctx.fail('viaHop', { ...data, route: describeRoute(route), fix }, evidence, 'warning'),
          });
        }
      } else if (hopType === 'vnetlocal' && !sameResourceId(from.vnet.id, to.vnet.id) && heldBy(to.endpoint, from.vnet.addressPrefixes)) {
        // The destination lies in the source VNET's own address space (overlapping spaces): Azure delivers it
        // inside that VNET (VnetLocal), where no such server is, and the peering route never applies. A user
        // route with next hop VnetLocal for a peer's prefix proves no overlap: it is judged like a direct route.
        findings.push({
          severity: 3,
          result: () =>
            ctx.fail('wrongPeer', { ...data, route: describeRoute(route), other: from.vnet.name, expected: to.vnet.name }, evidence),
        });
      } else if (hopType === 'vnetpeering' && route.remoteVirtualNetworkId && !sameResourceId(route.remoteVirtualNetworkId, to.vnet.id)) {
        // A more specific prefix of another peered VNET captures the traffic (overlapping spaces).
        findings.push({
          severity: 3,
          result: () =>
            ctx.fail(
              'wrongPeer',
              { ...data, route: describeRoute(route), other: resourceName(route.remoteVirtualNetworkId ?? ''), expected: to.vnet.name },
              evidence,
            ),
        });
      } else {
        const odd = found.partial.find((r) => r.nextHopType.toLowerCase() !== hopType);
        if (odd)
          findings.push({ severity: 1, result: () => ctx.fail('partial', { ...data, route: describeRoute(odd) }, evidence, 'warning') });
      }
    }
    const worst = findings.sort((a, b) => b.severity - a.severity)[0];
    if (worst) return worst.result();
    return ctx.pass(
      target.kind === 'pair'
        ? `${subscriber} -> ${provider}: ${legEvidence[0]!.route}; back: ${legEvidence[1]!.route}`
        : `${subscriber} (own subnet): ${legEvidence[0]!.route}`,
      evidence,
    );
  },
});
