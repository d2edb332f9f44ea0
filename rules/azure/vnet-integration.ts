import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';

export default defineRule({
  id: 'azure/vnet-integration',
  title: 'The server is VNET-integrated',
  description:
    'Private replication between flexible servers needs each server injected into a delegated subnet (VNET integration); a server on public access sends replication over public endpoints.',
  severity: 'error',
  requires: ['azure.server'],
  messages: {
    publicAccess: {
      message:
        '{{node}} ({{server}}) is not VNET-integrated: network.delegatedSubnetResourceId is empty and public network access is {{publicAccess}}{{endpoints}}, but the topology asks for private replication',
      help: 'The network mode of a flexible server is chosen at creation: restore or recreate {{server}} into a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers, e.g. az postgres flexible-server restore --resource-group {{shell:resourceGroup}} --name {{shell:server}}-vnet --source-server {{shell:server}} --subnet <delegated-subnet-id> --private-dns-zone <zone-id>',
    },
  },
  help: 'Create (or restore) the server into a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const server = node.server;
    const evidence = {
      delegatedSubnetResourceId: server.network.delegatedSubnetResourceId ?? null,
      publicNetworkAccess: server.network.publicNetworkAccess ?? null,
    };
    if (server.network.delegatedSubnetResourceId)
      return ctx.pass(`VNET-integrated in ${server.network.delegatedSubnetResourceId}`, evidence);
    if (ctx.snapshot.topology.network === 'public') return ctx.pass('public access, as the topology asks (network: public)', evidence);
    const endpoints = server.privateEndpointConnections?.length ?? 0;
    return ctx.fail(
      'publicAccess',
      {
        node: node.name,
        server: server.name,
        publicAccess: server.network.publicNetworkAccess ?? 'not reported',
        endpoints: endpoints ? ` (with ${endpoints} private endpoint${endpoints > 1 ? 's' : ''})` : '',
        resourceGroup: azNames(node.ref.server).resourceGroup,
      },
      evidence,
    );
  },
});
