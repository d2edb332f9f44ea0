import { memoInRun } from '../../src/model/snapshot-index.js';
import type { PostgresFacts } from '../../src/snapshot/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { selectSubscriptions, subscriptionOf } from '../../src/model/pglogical.js';

/** pglogical.local_sync_status codes. */
export const SYNC_STATES: Record<string, string> = {
  i: 'init',
  s: 'structure sync',
  d: 'data sync',
  c: 'constraints sync',
  w: 'sync waiting',
  u: 'catching up',
  y: 'synchronized',
  r: 'ready',
};
/** Subscription-level steps that cannot resume after a failure: the subscription must be recreated. */
const NONRECOVERABLE = new Set(['s', 'd', 'c']);

type TableSync = NonNullable<NonNullable<PostgresFacts['pglogical']>['tableSync']>[number];

/** A node's tables not ready, by subscription, in their order: one pass per node, not one per subscription. */
function notReadyBySubscription(tableSync: readonly TableSync[]): Map<string, TableSync[]> {
  return memoInRun(tableSync, 'not-ready-by-subscription', () => {
    const index = new Map<string, TableSync[]>();
    for (const t of tableSync) {
      if (t.status === 'r') continue;
      const list = index.get(t.subscription);
      if (list) list.push(t);
      else index.set(t.subscription, [t]);
    }
    return index;
  });
}

export default defineRule({
  id: 'pglogical/sync-status',
  title: 'Subscriptions and their tables are synchronized',
  description:
    "A subscription's initial sync and each table's sync must reach ready (r); a subscription-level sync stuck in structure, data or constraints sync needs the subscription dropped and recreated.",
  severity: 'error',
  requires: ['postgres'],
  messages: {
    stuck: {
      message: '{{node}}: subscription {{subscription}} is stuck in {{state}} ({{code}}), a step that does not resume',
      help: 'On {{node}}: SELECT pglogical.drop_subscription({{literal:subscription}}); empty the affected tables, then create the subscription again',
    },
    notReady: {
      message: '{{node}}: subscription {{subscription}} sync is {{state}} ({{code}}){{tables}}',
      help: "Wait for the sync to finish; if a table stays there, resynchronise it: SELECT pglogical.alter_subscription_resynchronize_table({{literal:subscription}}, '<table>');",
    },
  },
  help: 'Let every sync reach ready; recreate subscriptions whose initial sync failed in a non-resumable step.',
  select: selectSubscriptions,
  check(target, ctx) {
    const node = nodeOf(target);
    const sub = subscriptionOf(ctx.snapshot, target);
    const tables = notReadyBySubscription(ctx.node(node).postgres.pglogical?.tableSync ?? []).get(sub.name) ?? [];
    const code = sub.syncStatus ?? 'r';
    const evidence = { syncStatus: code, tablesNotReady: tables };
    const data = { node, subscription: sub.name, state: SYNC_STATES[code] ?? 'unknown', code };
    if (code !== 'r' && NONRECOVERABLE.has(code) && sub.status === 'down') return ctx.fail('stuck', data, evidence);
    if (code !== 'r' || tables.length > 0) {
      const list = tables.map((t) => `${t.table} ${SYNC_STATES[t.status] ?? t.status} (${t.status})`).join(', ');
      return ctx.fail(
        'notReady',
        { ...data, tables: tables.length ? `; tables not ready: ${list}` : '' },
        evidence,
        code === 'r' ? 'warning' : 'error',
      );
    }
    return ctx.pass(`${sub.name}: synchronized (r), every table ready`, evidence);
  },
});
