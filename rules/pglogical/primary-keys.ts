import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { selectReplicatedTables } from '../../src/model/pglogical.js';

export default defineRule({
  id: 'pglogical/primary-keys',
  title: 'Replicated tables have a key',
  description:
    'A table in a replication set that replicates UPDATE or DELETE needs a primary key or a usable replica identity, or its updates and deletes cannot be applied on the other nodes.',
  severity: 'error',
  requires: ['postgres'],
  messages: {
    noKey: {
      message: '{{node}}: table {{table}} is in set {{sets}}, which replicates UPDATE/DELETE, but has no primary key or usable replica identity (replica identity {{identity}})',
      help: 'ALTER TABLE {{table}} ADD PRIMARY KEY (...); or ALTER TABLE {{table}} REPLICA IDENTITY FULL; (slower), or move it to default_insert_only',
    },
  },
  help: 'Give every replicated table a primary key (or replica identity), or replicate it insert-only.',
  select: selectReplicatedTables,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const table = target.kind === 'object' ? target.object : '';
    const sets = (node.postgres!.pglogical?.replicationSets ?? []).filter((s) => s.tables.includes(table));
    const keyed = sets.filter((s) => s.replicateUpdate || s.replicateDelete);
    const facts = node.postgres!.tables?.find((t) => `${t.schema}.${t.name}` === table || `"${t.schema}"."${t.name}"` === table);
    const identity = facts?.replicaIdentity ?? '?';
    const usable = facts !== undefined && (identity === 'f' || (identity === 'd' && (facts.primaryKey?.length ?? 0) > 0) || (identity === 'i' && facts.hasReplicaIdentityIndex));
    const evidence = { sets: sets.map((s) => s.name), primaryKey: facts?.primaryKey ?? null, replicaIdentity: identity };
    if (keyed.length === 0) return ctx.pass(`${table} is replicated insert-only`, evidence);
    if (usable) return ctx.pass(`${table}: ${facts!.primaryKey?.length ? `primary key (${facts!.primaryKey.join(', ')})` : `replica identity ${identity}`}`, evidence);
    const names: Record<string, string> = { d: 'default, no primary key', n: 'nothing', i: 'index, missing', f: 'full', '?': 'unknown: table facts missing' };
    return ctx.fail('noKey', { node: node.name, table, sets: keyed.map((s) => s.name).join(', '), identity: names[identity] ?? identity }, evidence);
  },
});
