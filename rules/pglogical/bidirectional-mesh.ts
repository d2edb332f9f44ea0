import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { pglogicalOf, subscriptionsTo } from '../../src/model/pglogical.js';

export default defineRule({
  id: 'pglogical/bidirectional-mesh',
  title: 'Every node subscribes to every other node',
  description: 'Active-active replication needs, for every ordered pair of nodes, an enabled subscription on the first to the second.',
  severity: 'error',
  requires: ['postgres'],
  messages: {
    missing: {
      message: '{{subscriber}} -> {{provider}}: {{subscriber}} has no subscription to {{provider}}{{others}}',
      help: "On {{subscriber}}: SELECT pglogical.create_subscription(subscription_name := 'sub_{{subscriber}}_{{provider}}', provider_dsn := 'host=<{{provider}} FQDN> port=5432 dbname={{database}} user=<replication role>', forward_origins := '{}');",
    },
    disabled: {
      message: '{{subscriber}} -> {{provider}}: subscription {{subscription}} exists but is disabled',
      help: 'On {{subscriber}}: SELECT pglogical.alter_subscription_enable({{literal:subscription}});',
    },
  },
  help: 'Create an enabled subscription on every node to every other node, with forward_origins := {}.',
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const subs = subscriptionsTo(ctx.snapshot, subscriber, provider);
    const evidence = { subscriptions: subs.map((s) => ({ name: s.name, enabled: s.enabled, status: s.status })) };
    const enabled = subs.find((s) => s.enabled);
    if (enabled) return ctx.pass(`${subscriber} subscribes to ${provider} (${enabled.name})`, evidence);
    const database = ctx.snapshot.topology.database;
    if (subs[0]) return ctx.fail('disabled', { subscriber, provider, subscription: subs[0].name }, evidence);
    const all = pglogicalOf(ctx.snapshot, subscriber)?.subscriptions ?? [];
    const others = all.length ? ` (it has ${all.map((s) => `${s.name} to ${s.providerNode}`).join(', ')})` : '';
    return ctx.fail('missing', { subscriber, provider, database, others }, evidence);
  },
});
