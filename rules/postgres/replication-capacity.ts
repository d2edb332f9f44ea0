import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { replicationCapacity } from '../../src/model/capacity.js';
import { arithmetic } from '../../src/model/terms.js';
import { parameterFix, restartCommand } from '../../src/model/remediation.js';
import { describeLimit } from '../../src/model/settings.js';

export default defineRule({
  id: 'postgres/replication-capacity',
  title: 'Enough replication slots and WAL senders',
  description:
    'Every subscriber holds a slot and a WAL sender on its provider (two while a table resyncs), and HA standbys and read replicas take theirs from the same limits.',
  severity: 'error',
  requires: ['settings'],
  optionalFacts: ['azure.server'],
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
    const value = (l: typeof capacity.maxWalSenders) => (l.state === 'not-reported' ? null : l.value);
    const evidence = {
      need: capacity.need,
      arithmetic: arithmetic(capacity.terms),
      max_replication_slots: value(capacity.maxReplicationSlots),
      max_wal_senders: value(capacity.maxWalSenders),
    };
    const limits = [
      ['max_replication_slots', capacity.maxReplicationSlots],
      ['max_wal_senders', capacity.maxWalSenders],
    ] as const;
    // Not reported is never a pass: it fails like a short limit, saying so.
    const short = limits.filter(([, l]) => l.state === 'not-reported' || l.value < capacity.need);
    if (short.length > 0) {
      return ctx.fail(
        'tooFew',
        {
          node: node.name,
          need: capacity.need,
          arithmetic: evidence.arithmetic,
          detail: short.map(([name, l]) => `${name} = ${describeLimit(l)}`).join(' and '),
          fix: short.map(([name]) => parameterFix(node, name, String(capacity.need))).join(' ; '),
        },
        evidence,
      );
    }
    // ARM's saved values are enough but wait for a restart: the running ones differ and are not reported.
    const waiting = limits.filter(([, l]) => l.state === 'saved');
    if (waiting.length > 0) {
      return ctx.error(
        `${waiting.map(([name, l]) => `${name} on ${node.name} is ${describeLimit(l)}`).join('; ')}: the server runs with other values that ARM does not report, so the need of ${capacity.need} cannot be checked. Restart the server (${restartCommand(node)}) or let the tool read the running values over SQL`,
      );
    }
    return ctx.pass(
      `needs ${evidence.arithmetic}; has max_replication_slots = ${evidence.max_replication_slots}, max_wal_senders = ${evidence.max_wal_senders}`,
      evidence,
    );
  },
});
