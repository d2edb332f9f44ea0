import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { afterDeploymentReason, unknownUntilDeployed } from '../../src/model/plan.js';

/** ARM `state` values (Microsoft.DBforPostgreSQL/flexibleServers ServerState) in which the server is on its way back. */
const TRANSITIONAL_STATES = ['starting', 'updating', 'restarting', 'provisioning'];
/** ARM `replicationRole` values of a read replica: a read-only standby of another server. */
const REPLICA_ROLES = ['asyncreplica', 'geoasyncreplica'];

export default defineRule({
  id: 'azure/server-state',
  title: 'The server is running and is a primary',
  description:
    'A mesh node must be a running primary: a stopped (or otherwise unavailable) server runs no pglogical worker and accepts no connection, and a read replica is a read-only copy of another server that can hold no pglogical node or subscription.',
  severity: 'error',
  requires: ['azure.server'],
  messages: {
    notRunning: {
      message: '{{node}} ({{server}}) is in state {{state}}: it runs no pglogical worker and its peers cannot connect to it',
      help: 'Start the server: az postgres flexible-server start --resource-group {{shell:resourceGroup}} --name {{shell:server}}',
    },
    transitional: {
      message: '{{node}} ({{server}}) is in state {{state}}: the facts of this run may not describe the running server',
      help: 'Wait until the server is Ready (az postgres flexible-server show --resource-group {{shell:resourceGroup}} --name {{shell:server}} --query state), then run the check again',
    },
    readReplica: {
      message:
        '{{node}} ({{server}}) is a read replica (replicationRole {{role}}): a read-only standby of another server, so it can hold no pglogical node or subscription and writes replicated to it are refused',
      help: 'Name the primary server as the mesh node, or promote the replica to a standalone server first: az postgres flexible-server replica promote --resource-group {{shell:resourceGroup}} --name {{shell:server}} --promote-mode standalone --promote-option planned',
    },
  },
  help: 'Use running primary servers as mesh nodes: start stopped servers, and name primaries rather than read replicas.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const server = node.server;
    const state = server.state ?? '';
    const role = server.replicationRole ?? '';
    const data = { node: node.name, server: server.name, state, role, resourceGroup: azNames(node.ref.server).resourceGroup };
    const evidence = { state: server.state ?? null, replicationRole: server.replicationRole ?? null };
    if (REPLICA_ROLES.includes(role.toLowerCase())) return ctx.fail('readReplica', data, evidence);
    // A plan records no running state (Terraform has no such attribute; what-if leaves it out of a Create).
    if (!server.state && unknownUntilDeployed(ctx.snapshot, server.id, '/properties/state')) {
      return ctx.skip(afterDeploymentReason(`the state of ${server.name} (a plan does not record whether a server is running)`));
    }
    if (state && state.toLowerCase() !== 'ready') {
      return TRANSITIONAL_STATES.includes(state.toLowerCase())
        ? ctx.fail('transitional', data, evidence, 'warning')
        : ctx.fail('notRunning', data, evidence);
    }
    return ctx.pass(`state ${state || 'not reported'}, replication role ${role || 'not reported'}`, evidence);
  },
});
