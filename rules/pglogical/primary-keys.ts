import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { replicaIdentityIndex, selectReplicatedTables } from '../../src/model/pglogical.js';

const IDENTITY_NAMES: Record<string, string> = { d: 'DEFAULT', n: 'NOTHING', f: 'FULL', i: 'USING INDEX' };

export default defineRule({
  id: 'pglogical/primary-keys',
  title: 'Replicated tables have a replica identity index',
  description:
    'A table in a replication set that replicates UPDATE or DELETE needs a replica identity index (its primary key, or REPLICA IDENTITY USING INDEX): pglogical finds the rows to update or delete only through that index, and does not support REPLICA IDENTITY FULL.',
  severity: 'error',
  requires: ['postgres'],
  messages: {
    noKey: {
      message:
        '{{node}}: table {{table}} is in set {{sets}}, which replicates UPDATE/DELETE, but has no primary key or replica identity index (replica identity {{identity}})',
      help: "ALTER TABLE {{qualified:table}} ADD PRIMARY KEY (...); or ALTER TABLE {{qualified:table}} REPLICA IDENTITY USING INDEX <unique, non-partial, non-deferrable index on NOT NULL columns>; or replicate it insert-only: SELECT pglogical.replication_set_remove_table({{literal:firstSet}}, {{regclass:table}}); SELECT pglogical.replication_set_add_table('default_insert_only', {{regclass:table}});",
    },
    identityHidesKey: {
      message:
        '{{node}}: table {{table}} is in set {{sets}}, which replicates UPDATE/DELETE, and has REPLICA IDENTITY {{identity}}, so its primary key ({{primaryKey}}) is not its replica identity index: pglogical finds rows only through that index and {{identity}} gives none, so the apply worker stops at the first UPDATE or DELETE',
      help: 'ALTER TABLE {{qualified:table}} REPLICA IDENTITY DEFAULT; (the primary key ({{primaryKey}}) becomes the replica identity index)',
    },
    identityWithoutIndex: {
      message:
        '{{node}}: table {{table}} is in set {{sets}}, which replicates UPDATE/DELETE, and has REPLICA IDENTITY {{identity}} and no primary key: pglogical finds rows only through a replica identity index and {{identity}} gives none, so the apply worker stops at the first UPDATE or DELETE',
      help: 'ALTER TABLE {{qualified:table}} ADD PRIMARY KEY (...); ALTER TABLE {{qualified:table}} REPLICA IDENTITY DEFAULT; or ALTER TABLE {{qualified:table}} REPLICA IDENTITY USING INDEX <unique, non-partial, non-deferrable index on NOT NULL columns>;',
    },
  },
  help: 'Give every table whose UPDATE/DELETE is replicated a primary key (replica identity DEFAULT) or REPLICA IDENTITY USING INDEX, or replicate it insert-only. REPLICA IDENTITY FULL is not supported by pglogical.',
  select: selectReplicatedTables,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const table = target.kind === 'object' ? target.object : '';
    const sets = node.tables.setsWithTable(table);
    const keyed = sets.filter((s) => s.replicateUpdate || s.replicateDelete);
    const facts = node.tables.table(table);
    const evidence = {
      sets: sets.map((s) => s.name),
      primaryKey: facts?.primaryKey ?? null,
      replicaIdentity: facts?.replicaIdentity ?? null,
    };
    if (keyed.length === 0) return ctx.pass(`${table} is replicated insert-only`, evidence);
    if (!facts) return ctx.error(`no facts for table ${table} on ${node.name} (its replica identity could not be read)`);
    const index = replicaIdentityIndex(facts);
    if (index === 'primary key') return ctx.pass(`${table}: primary key (${(facts.primaryKey ?? []).join(', ')})`, evidence);
    if (index === 'index') return ctx.pass(`${table}: replica identity index`, evidence);
    const identity = IDENTITY_NAMES[facts.replicaIdentity] ?? facts.replicaIdentity;
    const data = { node: node.name, table, sets: keyed.map((s) => s.name).join(', '), firstSet: keyed[0]!.name };
    const primaryKey = facts.primaryKey ?? [];
    if (facts.replicaIdentity === 'f' || facts.replicaIdentity === 'n') {
      if (primaryKey.length) return ctx.fail('identityHidesKey', { ...data, identity, primaryKey: primaryKey.join(', ') }, evidence);
      return ctx.fail('identityWithoutIndex', { ...data, identity }, evidence);
    }
    const why =
      facts.replicaIdentity === 'i'
        ? 'USING INDEX, but the index is gone'
        : facts.replicaIdentity === 'd'
          ? 'DEFAULT, no primary key'
          : identity;
    return ctx.fail('noKey', { ...data, identity: why }, evidence);
  },
});
