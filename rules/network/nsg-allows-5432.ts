import { defineRule } from '../../src/engine/rule.js';
import { selectNodes, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { virtualNetworkTagFor } from '../../src/model/network.js';
import { EPHEMERAL_PORTS, evaluateNsg, type NsgDecision } from '../../src/model/nsg.js';

const PORT = 5432;

export default defineRule({
  id: 'network/nsg-allows-5432',
  title: 'NSGs allow TCP 5432 between the servers',
  description:
    "Effective NSG evaluation must allow TCP 5432 out of the subscriber's subnet and into the provider's subnet, and within each server's own subnet (the subscriber connects to its own node during sync).",
  severity: 'error',
  requires: ['azure.network'],
  messages: {
    denied: {
      message: '{{from}} -> {{to}}: TCP 5432 denied by {{decider}}',
      help: 'Allow TCP 5432 above that rule: az network nsg rule create --resource-group {{shell:resourceGroup}} --nsg-name {{shell:nsg}} --name allow-pglogical-{{shell:ruleSuffix}} --priority {{shell:priority}} --direction {{shell:direction}} --access Allow --protocol Tcp --source-address-prefixes {{source}} --destination-address-prefixes {{destination}} --destination-port-ranges 5432',
    },
    partial: {
      message: '{{from}} -> {{to}}: TCP 5432 is allowed for part of the addresses only: {{decider}}',
      help: 'Make the rule cover the whole subnets ({{source}} to {{destination}}), so a server address change after failover or restore cannot cut replication',
    },
    partialPorts: {
      message: '{{from}} -> {{to}}: TCP 5432 is allowed for part of the client source ports only: {{decider}}',
      help: 'Set the source port range of that rule to * in NSG {{nsg}}: a client connects from an ephemeral source port ({{ephemeral}} on Linux), and 5432 is the destination port',
    },
    unknown: {
      message: '{{from}} -> {{to}}: TCP 5432 cannot be decided offline: {{decider}}',
      help: 'Check the service tag rule in NSG {{nsg}}, or replace it with the subnets ({{source}} to {{destination}})',
    },
  },
  help: 'Add NSG rules that allow TCP 5432 between the delegated subnets, above any deny.',
  select: (snapshot) => [...selectOrderedPairs(snapshot), ...selectNodes(snapshot)],
  check(target, ctx) {
    const [fromName, toName] = target.kind === 'pair' ? [target.subscriber, target.provider] : [target.node, target.node];
    const from = ctx.node(fromName).network;
    const to = ctx.node(toName).network;
    const flow = { source: from.endpoint, destination: to.endpoint, destinationPort: PORT, protocol: 'Tcp' as const };
    const outbound = evaluateNsg(from.nsg, 'Outbound', flow, {
      virtualNetwork: virtualNetworkTagFor(from.vnet, from.routeTable),
    });
    const inbound = evaluateNsg(to.nsg, 'Inbound', flow, { virtualNetwork: virtualNetworkTagFor(to.vnet, to.routeTable) });
    const toLabel = target.kind === 'node' ? `${toName} (own subnet)` : toName;
    const evidence = {
      source: flow.source.text,
      destination: flow.destination.text,
      outbound: {
        nsg: from.nsg?.name ?? null,
        verdict: outbound.verdict,
        rule: outbound.decidingRule ?? null,
        explanation: outbound.explanation,
      },
      inbound: {
        nsg: to.nsg?.name ?? null,
        verdict: inbound.verdict,
        rule: inbound.decidingRule ?? null,
        explanation: inbound.explanation,
      },
    };
    const decide = (side: 'Outbound' | 'Inbound', decision: NsgDecision) => {
      const owner = side === 'Outbound' ? from : to;
      const names = azNames(owner.nsg?.id);
      const data = {
        from: fromName,
        to: toLabel,
        decider: decision.explanation,
        resourceGroup: names.resourceGroup,
        nsg: owner.nsg?.name ?? '<nsg>',
        ruleSuffix: side === 'Outbound' ? `to-${toName}` : `from-${fromName}`,
        priority: Math.max(100, (decision.decidingRule?.isDefault ? 4096 : (decision.decidingRule?.priority ?? 4096)) - 10),
        direction: side,
        source: from.subnetPrefixes.map((p) => p.text).join(' '),
        destination: to.subnetPrefixes.map((p) => p.text).join(' '),
      };
      if (decision.verdict === 'Deny') return ctx.fail('denied', data, evidence);
      if (decision.verdict === 'Partial') {
        if (decision.partialPart && decision.partialPart !== 'addresses')
          return ctx.fail('partialPorts', { ...data, ephemeral: EPHEMERAL_PORTS.join('-') }, evidence, 'warning');
        return ctx.fail('partial', data, evidence, 'warning');
      }
      return ctx.fail('unknown', data, evidence, 'warning');
    };
    // A deny on either side decides; a partial or unknown answer comes after a definite deny.
    for (const verdict of ['Deny', 'Partial', 'Unknown'] as const) {
      if (outbound.verdict === verdict) return decide('Outbound', outbound);
      if (inbound.verdict === verdict) return decide('Inbound', inbound);
    }
    return ctx.pass(`${fromName} -> ${toLabel}: TCP 5432 allowed out by ${outbound.explanation}; in by ${inbound.explanation}`, evidence);
  },
});
