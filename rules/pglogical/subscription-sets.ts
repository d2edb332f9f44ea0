import { memoInRun } from '../../src/model/snapshot-index.js';
import { sqlLiteral } from '../../src/util/quote.js';
import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import {
  pglogicalOf,
  providerNodeOf,
  selectSubscriptions,
  setCoverage,
  subscriptionOf,
  subscriptionsTo,
} from '../../src/model/pglogical.js';

export default defineRule({
  id: 'pglogical/subscription-sets',
  title: "Subscriptions include the provider's replication sets",
  description:
    "A provider sends a table's changes only to subscriptions that include one of the table's replication sets: a table held only in sets that no subscription of a subscriber includes is not replicated to it at all, and a subscription naming a set the provider lacks cannot start.",
  severity: 'error',
  requires: ['postgres'],
  messages: {
    unknownSet: {
      message:
        '{{node}}: subscription {{subscription}} names replication set(s) {{sets}}, which {{provider}} does not have (its sets: {{providerSets}}): its walsender stops with "replication set ... not found"',
      help: 'On {{node}}: {{removeCalls}} or create the set(s) on {{provider}} with pglogical.create_replication_set',
    },
    tablesNotSubscribed: {
      message:
        '{{node}}: no subscription of {{node}} to {{provider}} ({{subscriptions}}, sets {{subscribed}}) includes set(s) {{sets}}, so {{provider}} sends nothing for {{tables}}',
      help: 'On {{node}}: {{addCalls}} It does not copy rows that exist only on {{provider}}: if {{node}} lacks them, SELECT pglogical.alter_subscription_synchronize({{literal:subscription}});',
    },
  },
  help: 'Subscribe every node to every replication set that holds tables on its provider (pglogical.alter_subscription_add_replication_set).',
  select: selectSubscriptions,
  check(target, ctx) {
    const node = nodeOf(target);
    const sub = subscriptionOf(ctx.snapshot, target);
    const provider = providerNodeOf(ctx.snapshot, sub);
    if (!provider) return ctx.error(`the provider of ${sub.name} (${sub.providerNode ?? 'unknown'}) is not a node of the topology`);
    if (!ctx.peer(provider).postgres) return ctx.error(`no SQL facts for the provider of ${sub.name} (${provider})`);
    const providerSets = pglogicalOf(ctx.snapshot, provider)?.replicationSets;
    if (!providerSets) return ctx.error(`no replication sets collected on ${provider}, the provider of ${sub.name}`);
    const ownSets = sub.replicationSets;
    if (!ownSets) return ctx.error(`the replication sets of ${sub.name} were not collected`);
    // A subscriber may split a provider's sets over several subscriptions: judge them together, on the first by name.
    const siblings = [...subscriptionsTo(ctx.snapshot, node, provider)].sort((a, b) => a.name.localeCompare(b.name));
    const subscribed = [...new Set(siblings.flatMap((s) => s.replicationSets ?? []))].sort();
    // Every subscriber of a provider usually names the same sets: the coverage is worked out once per provider and sets.
    const coverageKey = JSON.stringify([sub.replicationSets, subscribed]);
    const { unknownSets, uncovered } = memoInRun(providerSets, `coverage:${coverageKey}`, () =>
      setCoverage(providerSets, ownSets, subscribed),
    );
    const evidence = {
      subscriptionSets: sub.replicationSets,
      subscribedByNode: subscribed,
      providerSets: memoInRun(providerSets, 'evidence', () => providerSets.map((s) => ({ name: s.name, tables: s.tables }))),
      uncovered,
    };
    const data = { node, subscription: sub.name, provider };
    if (unknownSets.length) {
      const removeCalls = unknownSets
        .map((set) => `SELECT pglogical.alter_subscription_remove_replication_set(${sqlLiteral(sub.name)}, ${sqlLiteral(set)});`)
        .join(' ');
      return ctx.fail(
        'unknownSet',
        { ...data, sets: unknownSets.join(', '), providerSets: providerSets.map((s) => s.name).join(', ') || 'none', removeCalls },
        evidence,
      );
    }
    if (siblings[0]?.name !== sub.name)
      return ctx.pass(
        `${provider}'s sets are judged with ${siblings[0]!.name}; ${sub.name} includes ${ownSets.join(', ') || 'no set'}`,
        evidence,
      );
    if (uncovered.length) {
      const missingSets = [...new Set(uncovered.flatMap((u) => u.sets))].sort();
      const addCalls = missingSets
        .map((set) => `SELECT pglogical.alter_subscription_add_replication_set(${sqlLiteral(sub.name)}, ${sqlLiteral(set)});`)
        .join(' ');
      return ctx.fail(
        'tablesNotSubscribed',
        {
          ...data,
          subscriptions: siblings.map((s) => s.name).join(', '),
          subscribed: subscribed.join(', ') || 'none',
          sets: missingSets.join(', '),
          tables: uncovered.map((u) => u.table).join(', '),
          addCalls,
        },
        evidence,
      );
    }
    return ctx.pass(`every table of ${provider}'s replication sets is in a set ${node} subscribes to (${subscribed.join(', ')})`, evidence);
  },
});
