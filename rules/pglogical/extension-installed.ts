import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';

export default defineRule({
  id: 'pglogical/extension-installed',
  title: 'pglogical is installed and has a local node',
  description:
    'The replicated database needs the pglogical extension and a local pglogical node (pglogical.create_node) before any subscription can exist.',
  severity: 'error',
  requires: ['postgres'],
  messages: {
    noExtension: {
      message: '{{node}}: the pglogical extension is not installed in database {{database}}',
      help: 'Allow-list pglogical (azure.extensions), then in database {{database}}: CREATE EXTENSION pglogical;',
    },
    noNode: {
      message: '{{node}}: pglogical {{version}} is installed in {{database}} but has no local node',
      help: "SELECT pglogical.create_node(node_name := {{literal:node}}, dsn := 'host=<this server FQDN> port=5432 dbname={{database}} user=<replication role>');",
    },
  },
  help: 'CREATE EXTENSION pglogical in the replicated database and create its local node.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const pglogical = node.postgres.pglogical;
    const database = ctx.snapshot.topology.database;
    const evidence = {
      installed: pglogical?.installed ?? false,
      version: pglogical?.version ?? null,
      localNode: pglogical?.localNode ?? null,
    };
    if (!pglogical?.installed) return ctx.fail('noExtension', { node: node.name, database }, evidence);
    if (!pglogical.localNode) return ctx.fail('noNode', { node: node.name, database, version: pglogical.version ?? '' }, evidence);
    const version = pglogical.version === undefined ? '' : `${pglogical.version} `;
    return ctx.pass(`pglogical ${version}installed; local node ${pglogical.localNode}`, evidence);
  },
});
