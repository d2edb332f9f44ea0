import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { arithmetic, replicationCapacity } from '../../src/model/capacity.js';
import { parameterFix } from '../../src/model/remediation.js';

export default defineRule({
  id: 'postgres/replication-capacity',
  title: 'Enough replication slots and WAL senders',
  description:
    'Every subscriber holds a slot and a WAL sender on its provider (two while a table resyncs), and HA standbys and read replicas take theirs from the same limits.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    tooFew: {
      message: '{{node}} needs {{need}} replication slots and WAL senders ({{arithmetic}}) but has {{detail}}',
      help: 'Raise the limits to at least {{need}}: {{fix}}',
    },
  },
  help: 'Raise max_replication_slots and max_wal_senders to cover subscribers, resyncs, HA and read replicas.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const subscribers = ctx.snapshot.topology.nodes.length - 1;
    const capacity = replicationCapacity(node, subscribers);
    const evidence = {
      need: capacity.need,
      arithmetic: arithmetic(capacity.terms),
      max_replication_slots: capacity.maxReplicationSlots ?? null,
      max_wal_senders: capacity.maxWalSenders ?? null,
    };
    const short: string[] = [];
    const fixes: string[] = [];
    for (const [name, value] of [
      ['max_replication_slots', capacity.maxReplicationSlots],
      ['max_wal_senders', capacity.maxWalSenders],
    ] as const) {
      if (value === undefined || value < capacity.need) {
        short.push(`${name} = ${value ?? 'not reported'}`);
        fixes.push(parameterFix(node, name, String(capacity.need)));
      }
    }
    if (short.length > 0) {
      return ctx.fail(
        'tooFew',
        { node: node.name, need: capacity.need, arithmetic: evidence.arithmetic, detail: short.join(' and '), fix: fixes.join(' ; ') },
        evidence,
      );
    }
    return ctx.pass(
      `needs ${evidence.arithmetic}; has max_replication_slots = ${capacity.maxReplicationSlots}, max_wal_senders = ${capacity.maxWalSenders}`,
      evidence,
    );
  },
});
