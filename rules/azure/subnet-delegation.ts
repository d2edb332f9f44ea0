import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { resourceSlice } from '../../src/model/network.js';

export const FLEXIBLE_SERVER_DELEGATION = 'Microsoft.DBforPostgreSQL/flexibleServers';

/** Subnet names Azure reserves for its own gateways, firewalls, bastions and route servers. */
export const RESERVED_SUBNET_NAMES = [
  'GatewaySubnet',
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'AzureBastionSubnet',
  'RouteServerSubnet',
];

export default defineRule({
  id: 'azure/subnet-delegation',
  title: 'The server subnet is delegated to flexible servers only',
  description:
    'A VNET-integrated flexible server lives in a subnet delegated to exactly Microsoft.DBforPostgreSQL/flexibleServers that holds nothing else and does not use a name Azure reserves.',
  severity: 'error',
  requires: ['azure.server'],
  messages: {
    missing: {
      message: 'the delegated subnet of {{node}} does not exist: {{subnetId}} ({{reason}})',
      help:
        'Recreate the subnet with the delegation, or restore the server into an existing delegated subnet: az network vnet subnet create --resource-group {{shell:resourceGroup}} --vnet-name {{shell:vnet}} --name {{shell:subnet}} --address-prefixes <prefix> --delegations ' +
        FLEXIBLE_SERVER_DELEGATION,
    },
    notDelegated: {
      message: 'subnet {{subnet}} of {{node}} is delegated to {{delegations}}, not to exactly ' + FLEXIBLE_SERVER_DELEGATION,
      help:
        'Delegate the subnet to flexible servers only: az network vnet subnet update --resource-group {{shell:resourceGroup}} --vnet-name {{shell:vnet}} --name {{shell:subnet}} --delegations ' +
        FLEXIBLE_SERVER_DELEGATION,
    },
    otherResources: {
      message: 'subnet {{subnet}} of {{node}} also holds other resources: {{others}}',
      help: 'Move {{others}} out of {{subnet}}: a flexible server subnet must hold flexible servers only',
    },
    reservedName: {
      message: 'subnet {{subnet}} of {{node}} uses the reserved name {{subnet}}',
      help: 'Use a subnet with another name; {{reserved}} are reserved by Azure',
    },
  },
  help: 'Put the server in its own subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const subnetId = node.server.network.delegatedSubnetResourceId;
    if (!subnetId) return ctx.skip(`${node.name} is not VNET-integrated`);
    const names = azNames(subnetId);
    const data = { node: node.name, subnetId, subnet: names.name, vnet: names.parent, resourceGroup: names.resourceGroup };
    const slice = resourceSlice(ctx.snapshot, 'subnets', subnetId);
    if (!slice) return ctx.error(`subnet ${subnetId} was not collected`);
    if (!slice.ok) {
      return slice.error.code === 'not-found'
        ? ctx.fail('missing', { ...data, reason: slice.error.message }, { subnetId })
        : ctx.error(`subnet ${subnetId}: ${slice.error.message}`);
    }
    const subnet = slice.data;
    const delegations = subnet.delegations.map((d) => d.serviceName);
    const evidence = { subnet: subnetId, addressPrefixes: subnet.addressPrefixes, delegations };
    if (RESERVED_SUBNET_NAMES.some((n) => n.toLowerCase() === subnet.name.toLowerCase())) {
      return ctx.fail('reservedName', { ...data, subnet: subnet.name, reserved: RESERVED_SUBNET_NAMES.join(', ') }, evidence);
    }
    if (delegations.length !== 1 || delegations[0]!.toLowerCase() !== FLEXIBLE_SERVER_DELEGATION.toLowerCase()) {
      return ctx.fail('notDelegated', { ...data, delegations: delegations.length ? delegations.join(', ') : 'nothing' }, evidence);
    }
    const others = [
      ...(subnet.ipConfigurationIds ?? []).filter((id) => !/\/providers\/Microsoft\.DBforPostgreSQL\//i.test(id)),
      ...(subnet.privateEndpointIds ?? []),
      ...(subnet.serviceAssociationLinks ?? [])
        .map((l) => l.linkedResourceType)
        .filter((t) => t.toLowerCase() !== FLEXIBLE_SERVER_DELEGATION.toLowerCase()),
    ];
    if (others.length > 0)
      return ctx.fail(
        'otherResources',
        { ...data, others: others.map((o) => o.split('/').slice(-3).join('/')).join(', ') },
        { ...evidence, others },
      );
    return ctx.pass(`${subnet.name} (${subnet.addressPrefixes.join(', ')}) is delegated to ${FLEXIBLE_SERVER_DELEGATION} only`, evidence);
  },
});
