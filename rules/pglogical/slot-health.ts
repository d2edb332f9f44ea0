import { memoInRun } from '../../src/model/snapshot-index.js';
import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { providerNodeOf, selectSubscriptions, subscriptionOf } from '../../src/model/pglogical.js';

/** Retained WAL above this is a warning: the provider's disk fills while the subscriber lags. */
export const RETAINED_WAL_WARNING_BYTES = 1024 ** 3;

/** A provider's slots by name (the first of a name, as a scan finds it), once per run: each of its subscribers asks. */
function slotsByName<T extends { name: string }>(slots: readonly T[]): Map<string, T> {
  return memoInRun(slots, 'slots-by-name', () => {
    const index = new Map<string, T>();
    for (const slot of slots) if (!index.has(slot.name)) index.set(slot.name, slot);
    return index;
  });
}

export default defineRule({
  id: 'pglogical/slot-health',
  title: 'The provider keeps an active slot for each subscriber',
  description:
    "Each subscription streams from a logical slot on its provider: a missing slot (dropped by a storage safeguard or lost in an HA failover) breaks the subscription for good; an inactive one or one retaining much WAL fills the provider's disk.",
  severity: 'error',
  requires: ['postgres'],
  messages: {
    missing: {
      message:
        '{{node}}: subscription {{subscription}} needs slot {{slot}} on {{provider}}, which does not exist there (slots there: {{slots}})',
      help: 'The slot cannot be recreated at the right position: on {{node}} SELECT pglogical.drop_subscription({{literal:subscription}}); then create it again (resynchronising the data), and make slots survive failover',
    },
    lost: {
      message: '{{node}}: slot {{slot}} on {{provider}} is lost (wal_status lost): WAL it needs was removed, so it can never stream again',
      help: 'The slot cannot be repaired: on {{node}} SELECT pglogical.drop_subscription({{literal:subscription}}); then create it again (resynchronising the data), and raise max_slot_wal_keep_size or watch subscriber lag so it does not happen again',
    },
    unreserved: {
      message: '{{node}}: slot {{slot}} on {{provider}} has wal_status unreserved: WAL it needs is due for removal at the next checkpoint',
      help: 'Bring the apply worker of {{subscription}} back now (see pglogical/subscription-status), or the slot is lost; raise max_slot_wal_keep_size on {{provider}}',
    },
    inactive: {
      message: '{{node}}: slot {{slot}} on {{provider}} exists but no walsender uses it; it retains {{retained}} of WAL',
      help: 'Find why the apply worker of {{subscription}} is not connected (see pglogical/subscription-status); drop the slot if the subscription is gone for good',
    },
    retaining: {
      message: '{{node}}: slot {{slot}} on {{provider}} retains {{retained}} of WAL',
      help: 'The subscriber lags: check its apply worker and the network; watch the provider storage',
    },
  },
  help: 'Keep one active logical slot per subscriber on each provider.',
  select: selectSubscriptions,
  check(target, ctx) {
    const sub = subscriptionOf(ctx.snapshot, target);
    const providerName = providerNodeOf(ctx.snapshot, sub);
    const provider = providerName ? ctx.peer(providerName).postgres : undefined;
    if (!providerName || !provider) return ctx.error(`no SQL facts for the provider of ${sub.name} (${sub.providerNode ?? 'unknown'})`);
    const slots = provider.slots ?? [];
    const slot = sub.slotName === undefined ? undefined : slotsByName(slots).get(sub.slotName);
    const data = { node: nodeOf(target), subscription: sub.name, slot: sub.slotName ?? '?', provider: providerName };
    const retained = slot?.retainedBytes;
    const evidence = { slot: slot ?? null, expected: sub.slotName ?? null };
    if (!slot) return ctx.fail('missing', { ...data, slots: slots.map((s) => s.name).join(', ') || 'none' }, evidence);
    // retainedBytes is missing when restart_lsn is NULL (a slot never used, or invalidated): unknown, not zero.
    const mib = retained === undefined ? 'an unknown amount' : `${(retained / 1024 ** 2).toFixed(1)} MiB`;
    // PostgreSQL's pg_replication_slots.wal_status: lost = no longer usable; unreserved = about to be.
    if (slot.walStatus === 'lost') return ctx.fail('lost', data, evidence);
    if (slot.walStatus === 'unreserved') return ctx.fail('unreserved', data, evidence, 'warning');
    if (!slot.active) return ctx.fail('inactive', { ...data, retained: mib }, evidence, 'warning');
    if (retained !== undefined && retained > RETAINED_WAL_WARNING_BYTES)
      return ctx.fail('retaining', { ...data, retained: mib }, evidence, 'warning');
    return ctx.pass(`slot ${slot.name} on ${providerName} is active (retains ${mib})`, evidence);
  },
});
