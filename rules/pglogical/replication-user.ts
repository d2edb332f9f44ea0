import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { pglogicalOf, subscriptionsOfProvider } from '../../src/model/pglogical.js';
import { parseDsn } from '../../src/util/dsn.js';

/** The roles that pglogical DSNs use to connect to `node`: its own interface and other nodes' subscriptions to it. */
function dsnUsersOf(snapshot: Parameters<typeof pglogicalOf>[0], node: string): { user: string; where: string }[] {
  const out: { user: string; where: string }[] = [];
  const add = (dsn: string | undefined, where: string) => {
    try {
      const user = dsn ? parseDsn(dsn).user : undefined;
      if (user) out.push({ user, where });
    } catch {
      // reported by pglogical/dsn-host
    }
  };
  const own = pglogicalOf(snapshot, node);
  for (const i of own?.nodeInterfaces ?? []) if (i.node === own?.localNode) add(i.dsn, `interface ${i.name} of ${node}`);
  for (const { node: other, sub } of subscriptionsOfProvider(snapshot, node)) add(sub.providerDsn, `subscription ${sub.name} on ${other}`);
  return out;
}

export default defineRule({
  id: 'pglogical/replication-user',
  title: 'pglogical connects with a proper replication role',
  description:
    'The role in the node and subscription DSNs needs LOGIN and REPLICATION; it should not be the server admin, and on Azure it should be a member of azure_pg_admin.',
  severity: 'error',
  requires: ['postgres'],
  optionalFacts: ['azure.server'],
  messages: {
    missingRole: {
      message: '{{node}}: role {{role}} used by {{where}} does not exist on {{node}}',
      help: "CREATE ROLE {{ident:role}} LOGIN REPLICATION PASSWORD '<secret>';",
    },
    lacks: {
      message: '{{node}}: role {{role}} used by {{where}} lacks {{missing}}',
      help: 'ALTER ROLE {{ident:role}} {{missing}};',
    },
    adminRole: {
      message: '{{node}}: {{where}} connects as the server admin {{role}}',
      help: 'Create a dedicated replication role (LOGIN REPLICATION, member of azure_pg_admin) and use it in the DSNs, so that rotating the admin password does not stop replication',
    },
    notAzureAdmin: {
      message: '{{node}}: role {{role}} used by {{where}} is not a member of azure_pg_admin',
      help: 'GRANT azure_pg_admin TO {{ident:role}};',
    },
  },
  help: 'Use a dedicated role with LOGIN and REPLICATION (and azure_pg_admin on Azure) in every pglogical DSN.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const users = dsnUsersOf(ctx.snapshot, node.name);
    const roles = node.postgres.roles ?? [];
    const evidence = { users, roles: roles.filter((r) => users.some((u) => u.user === r.name)) };
    if (users.length === 0) return ctx.skip('no pglogical DSN leads to this node');
    for (const { user, where } of users) {
      const role = roles.find((r) => r.name === user);
      if (!role) return ctx.fail('missingRole', { node: node.name, role: user, where }, evidence);
      const missing = [...(role.canLogin ? [] : ['LOGIN']), ...(role.replication || role.superuser ? [] : ['REPLICATION'])];
      if (missing.length) return ctx.fail('lacks', { node: node.name, role: user, where, missing: missing.join(' ') }, evidence);
    }
    for (const { user, where } of users) {
      if (node.server?.administratorLogin && node.server.administratorLogin === user)
        return ctx.fail('adminRole', { node: node.name, role: user, where }, evidence, 'warning');
      // Present: the loop above failed on a missing role.
      const role = roles.find((r) => r.name === user);
      if (node.isAzure && role && !role.memberOf.includes('azure_pg_admin'))
        return ctx.fail('notAzureAdmin', { node: node.name, role: user, where }, evidence, 'warning');
    }
    return ctx.pass(`${[...new Set(users.map((u) => u.user))].join(', ')}: LOGIN and REPLICATION`, evidence);
  },
});
