import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { parsePrefix } from '../../src/model/cidr.js';

/** The rule Azure creates for "Allow public access from any Azure service within Azure to this server". */
const ALLOW_AZURE_SERVICES = { start: '0.0.0.0', end: '0.0.0.0' };

interface FirewallRule {
  name: string;
  startIpAddress: string;
  endIpAddress: string;
}

/** The firewall rule that admits any source address at all (0.0.0.0-255.255.255.255), if there is one. */
function admitsEveryone(rules: readonly FirewallRule[]): FirewallRule | undefined {
  return rules.find((r) => parsePrefix(r.startIpAddress)?.first === 0n && parsePrefix(r.endIpAddress)?.last === 0xffffffffn);
}

export default defineRule({
  id: 'network/public-firewall',
  title: "A public-access provider's firewall admits each peer",
  description:
    "With public access, the subscriber's pglogical workers reach the provider over its public endpoint, which admits only addresses its firewall rules allow; a VNET-integrated server has no public endpoint, so a public-access server cannot subscribe to it.",
  severity: 'error',
  requires: ['azure.server'],
  messages: {
    mixedPair: {
      message:
        '{{subscriber}} -> {{provider}}: {{provider}} ({{providerServer}}) is VNET-integrated and has no public endpoint, while {{subscriber}} ({{subscriberServer}}) uses public access: its workers run outside every customer VNET and cannot reach {{provider}}',
      help: 'Put both servers on the same network mode: VNET integration for both (restore {{subscriberServer}} into a delegated subnet: az postgres flexible-server restore --resource-group {{shell:subscriberResourceGroup}} --name {{shell:subscriberServer}}-vnet --source-server {{shell:subscriberServer}} --subnet <delegated-subnet-id> --private-dns-zone <zone-id>), or public access for both',
    },
    publicDisabled: {
      message:
        '{{subscriber}} -> {{provider}}: {{provider}} ({{providerServer}}) is not VNET-integrated and its public network access is Disabled: {{subscriber}} has no path to it',
      help: 'Enable public access with a firewall rule that admits the peers: az postgres flexible-server update --resource-group {{shell:resourceGroup}} --name {{shell:providerServer}} --public-access Enabled, or move to VNET integration',
    },
    noFirewallRule: {
      message:
        '{{subscriber}} -> {{provider}}: {{provider}} ({{providerServer}}) uses public access and has no firewall rule: its public endpoint admits no one, so {{subscriber}} cannot connect',
      help: 'Admit the peer servers, e.g. with the "allow Azure services" rule: az postgres flexible-server firewall-rule create --resource-group {{shell:resourceGroup}} --name {{shell:providerServer}} --rule-name AllowAllAzureServicesAndResourcesWithinAzureIps --start-ip-address 0.0.0.0 --end-ip-address 0.0.0.0',
    },
    unprovenAddress: {
      message:
        "{{subscriber}} -> {{provider}}: {{provider}} ({{providerServer}}) admits only {{rules}}; {{subscriber}}'s outbound address is not among the collected facts, so no rule can be shown to admit it",
      help: 'Find the outbound public address of {{subscriber}} ({{subscriberServer}}) and check that a rule covers it, or admit Azure services: az postgres flexible-server firewall-rule create --resource-group {{shell:resourceGroup}} --name {{shell:providerServer}} --rule-name AllowAllAzureServicesAndResourcesWithinAzureIps --start-ip-address 0.0.0.0 --end-ip-address 0.0.0.0',
    },
  },
  help: 'With public access, keep a firewall rule on every node that admits its peers (the 0.0.0.0 "allow Azure services" rule admits other Azure servers); don\'t mix VNET-integrated and public-access nodes.',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const sub = ctx.node(subscriber);
    const prov = ctx.node(provider);
    const subServer = sub.server;
    const provServer = prov.server;
    const subIntegrated = Boolean(subServer.network.delegatedSubnetResourceId);
    const provIntegrated = Boolean(provServer.network.delegatedSubnetResourceId);
    const evidence: Record<string, unknown> = {
      subscriberVnetIntegrated: subIntegrated,
      providerVnetIntegrated: provIntegrated,
      providerPublicNetworkAccess: provServer.network.publicNetworkAccess ?? null,
    };
    const data = {
      subscriber,
      provider,
      subscriberServer: subServer.name,
      providerServer: provServer.name,
      resourceGroup: azNames(prov.ref.server).resourceGroup,
      subscriberResourceGroup: azNames(sub.ref.server).resourceGroup,
    };
    if (provIntegrated && subIntegrated)
      return ctx.pass(
        'both servers are VNET-integrated: no public endpoint is involved (the network/* and dns/* rules judge the private path)',
        evidence,
      );
    if (ctx.snapshot.topology.network !== 'public')
      return ctx.skip('the topology asks for private replication: azure/vnet-integration reports servers without VNET integration');
    if (provIntegrated) return ctx.fail('mixedPair', data, evidence);
    // Public access + private endpoints is judged by azure/private-endpoint-misuse (firewall included): report it once.
    if ((provServer.privateEndpointConnections ?? []).length > 0)
      return ctx.skip(`${provider} uses private endpoints: azure/private-endpoint-misuse judges its public path`);
    if ((provServer.network.publicNetworkAccess ?? '').toLowerCase() === 'disabled') return ctx.fail('publicDisabled', data, evidence);
    const slice = prov.facts.azure?.firewallRules;
    if (!slice) return ctx.error(`the firewall rules of ${provider} were not collected`);
    if (!slice.ok) return ctx.error(`firewall rules of ${provider}: ${slice.error.message}`);
    const rules = slice.data;
    evidence.firewallRules = rules;
    if (rules.length === 0) return ctx.fail('noFirewallRule', data, evidence);
    const azureServices = rules.find((r) => r.startIpAddress === ALLOW_AZURE_SERVICES.start && r.endIpAddress === ALLOW_AZURE_SERVICES.end);
    if (azureServices)
      return ctx.pass(
        `${provider} admits connections from Azure services (rule ${azureServices.name} 0.0.0.0-0.0.0.0), which include ${subscriber}'s server`,
        evidence,
      );
    const everyone = admitsEveryone(rules);
    if (everyone)
      return ctx.pass(
        `${provider} admits every address (rule ${everyone.name} ${everyone.startIpAddress}-${everyone.endIpAddress})`,
        evidence,
      );
    const listed = rules.map((r) => `${r.name} ${r.startIpAddress}-${r.endIpAddress}`).join(', ');
    return ctx.fail('unprovenAddress', { ...data, rules: listed }, evidence, 'warning');
  },
});
