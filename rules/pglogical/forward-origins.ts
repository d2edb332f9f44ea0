import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { selectSubscriptions, subscriptionOf } from '../../src/model/pglogical.js';

export default defineRule({
  id: 'pglogical/forward-origins',
  title: "Subscriptions forward no origins (forward_origins = '{}')",
  description:
    "In a bidirectional topology each subscription must use forward_origins = '{}': the default '{all}' sends every change that arrived from another node back again, in a loop.",
  severity: 'error',
  requires: ['postgres'],
  messages: {
    forwards: {
      message:
        '{{node}}: subscription {{subscription}} forwards origins {{origins}}: changes that came from other nodes are replicated back, looping between the nodes',
      help: "forward_origins is fixed at creation: on {{node}} SELECT pglogical.drop_subscription({{literal:subscription}}); then create it again with forward_origins := '{}' (and synchronize_data := false)",
    },
  },
  help: "Create every subscription with forward_origins := '{}'.",
  select: selectSubscriptions,
  check(target, ctx) {
    const sub = subscriptionOf(ctx.snapshot, target);
    const origins = sub.forwardOrigins ?? ['all'];
    const evidence = { subscription: sub.name, forwardOrigins: origins };
    if (origins.length === 0) return ctx.pass(`${sub.name}: forward_origins = '{}'`, evidence);
    return ctx.fail('forwards', { node: nodeOf(target), subscription: sub.name, origins: `'{${origins.join(',')}}'` }, evidence);
  },
});
