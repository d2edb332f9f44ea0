import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { dsnHostsTo } from '../../src/model/dsns.js';
import { resourceName } from '../../src/util/azure-id.js';

export default defineRule({
  id: 'azure/private-endpoint-misuse',
  title: 'No private endpoint where VNET integration is needed',
  description:
    "A private endpoint brings clients into the server, but the peers' pglogical workers run inside the other flexible servers, outside any customer VNET: with public access + private endpoints the replication path is public, or there is none.",
  severity: 'error',
  requires: ['azure.server'],
  messages: {
    noPath: {
      message:
        '{{node}} ({{server}}) has public network access Disabled and reaches the VNET only through private endpoint {{endpoints}}: the pglogical workers of {{peers}} run outside the customer VNET and have no path to it',
      help: 'Use VNET integration for replication (restore or recreate {{server}} into a delegated subnet), or enable public access with a firewall rule that admits the peers',
    },
    privatelinkDsn: {
      message: '{{node}}: DSN {{where}} names host {{host}} in the privatelink. zone, which the peer servers cannot resolve or reach',
      help: 'Use the server FQDN {{fqdn}} in the DSN, and VNET integration for replication',
    },
    noFirewallRule: {
      message:
        '{{node}} ({{server}}) uses public access + private endpoint {{endpoints}}: replication from {{peers}} goes over the public endpoint, and no firewall rule admits them',
      help: 'Add a firewall rule that admits the peer servers (e.g. "allow Azure services": az postgres flexible-server firewall-rule create --resource-group {{shell:resourceGroup}} --name {{shell:server}} --rule-name AllowAllAzureServices --start-ip-address 0.0.0.0 --end-ip-address 0.0.0.0), or move to VNET integration',
    },
    publicPath: {
      message:
        '{{node}} ({{server}}) uses public access + private endpoint {{endpoints}}: the private endpoint is not used by replication; {{peers}} connect over the public endpoint (firewall: {{firewall}})',
      help: 'For private replication use VNET integration; otherwise keep the firewall rule that admits the peers and accept the public path',
    },
  },
  help: 'Replicate between VNET-integrated servers; private endpoints do not carry replication between flexible servers.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const server = node.server;
    const peers = ctx.snapshot.topology.nodes
      .filter((n) => n.name !== node.name)
      .map((n) => n.name)
      .join(', ');
    const endpointIds = (server.privateEndpointConnections ?? []).map((c) => c.privateEndpointId ?? c.id);
    const evidence = { publicNetworkAccess: server.network.publicNetworkAccess ?? null, privateEndpoints: endpointIds };
    const data = {
      node: node.name,
      server: server.name,
      peers,
      endpoints: endpointIds.map(resourceName).join(', '),
      resourceGroup: azNames(node.ref.server).resourceGroup,
    };

    const privatelink = dsnHostsTo(ctx.snapshot, node.name).find((d) => /(^|\.)privatelink\./i.test(d.host));
    if (privatelink) {
      return ctx.fail(
        'privatelinkDsn',
        { node: node.name, where: privatelink.where, host: privatelink.host, fqdn: server.fullyQualifiedDomainName ?? server.name },
        { ...evidence, dsn: privatelink.where },
      );
    }
    if (server.network.delegatedSubnetResourceId) return ctx.pass('VNET-integrated: replication stays in the VNETs', evidence);
    if (endpointIds.length === 0) return ctx.pass('no private endpoints', evidence);
    if ((server.network.publicNetworkAccess ?? '').toLowerCase() === 'disabled') return ctx.fail('noPath', data, evidence);
    const rules = node.facts.azure?.firewallRules;
    if (rules?.ok && rules.data.length === 0) return ctx.fail('noFirewallRule', data, { ...evidence, firewallRules: [] });
    const firewall = rules?.ok ? rules.data.map((r) => `${r.name} ${r.startIpAddress}-${r.endIpAddress}`).join(', ') : 'not collected';
    return ctx.fail('publicPath', { ...data, firewall }, { ...evidence, firewallRules: rules?.ok ? rules.data : null }, 'warning');
  },
});
