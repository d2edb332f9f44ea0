import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { selectReplicatedTables } from '../../src/model/pglogical.js';

export default defineRule({
  id: 'pglogical/schema-drift',
  title: 'Replicated tables have the same columns everywhere',
  description:
    "A replicated table's columns and types must match on every node: pglogical does not replicate DDL by itself, and a column added on one node only breaks the apply on the other.",
  severity: 'error',
  requires: ['postgres'],
  messages: {
    drift: {
      message: '{{node}}: {{table}} differs on {{other}}: {{differences}}',
      help: 'Apply the same DDL on every node, through pglogical.replicate_ddl_command so it reaches all of them',
    },
    missing: {
      message: '{{node}}: {{table}} is replicated but does not exist on {{other}}',
      help: 'Create {{table}} on {{other}} with the same definition (pglogical.replicate_ddl_command)',
    },
  },
  help: 'Run schema changes through pglogical.replicate_ddl_command so every node gets them.',
  select: selectReplicatedTables,
  check(target, ctx) {
    const node = nodeOf(target);
    const table = target.kind === 'object' ? target.object : '';
    const columnsOf = (n: string) => ctx.peer(n).tables.table(table)?.columns;
    const mine = columnsOf(node) ?? [];
    for (const other of ctx.snapshot.topology.nodes.filter((n) => n.name !== node)) {
      if (!ctx.peer(other.name).postgres) continue;
      const theirs = columnsOf(other.name);
      if (!theirs) return ctx.fail('missing', { node, table, other: other.name }, { columns: mine });
      const differences: string[] = [];
      for (const c of mine) {
        const t = theirs.find((x) => x.name === c.name);
        if (!t) differences.push(`column ${c.name} missing there`);
        else if (t.type !== c.type) differences.push(`column ${c.name} is ${c.type} here, ${t.type} there`);
      }
      for (const t of theirs) if (!mine.some((c) => c.name === t.name)) differences.push(`extra column ${t.name} ${t.type} there`);
      if (differences.length)
        return ctx.fail('drift', { node, table, other: other.name, differences: differences.join(', ') }, { mine, theirs });
    }
    return ctx.pass(`${table}: same ${mine.length} columns on every node`, { columns: mine });
  },
});
