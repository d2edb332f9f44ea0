import type { Result } from '../../src/engine/result.js';
import { defineRule } from '../../src/engine/rule.js';
import { nodeOf } from '../../src/engine/targets.js';
import { providerNodeOf, selectSubscriptions, subscriptionOf } from '../../src/model/pglogical.js';

/**
 * Where to look for the cause of a subscription S -> P that is down, most likely first (catalog order).
 * `messages` keeps to the failures that stop a subscription: an inactive slot, say, is a symptom.
 */
const CAUSES: { ruleId: string; on: 'subscriber' | 'provider' | 'pair' | 'subscription'; cause: string; messages?: string[] }[] = [
  {
    ruleId: 'azure/server-state',
    on: 'provider',
    cause: 'the provider is not running, or is a read replica',
    messages: ['notRunning', 'readReplica'],
  },
  { ruleId: 'postgres/worker-budget', on: 'subscriber', cause: 'worker budget exhausted', messages: ['tooLow'] },
  { ruleId: 'postgres/shared-preload-libraries', on: 'subscriber', cause: 'pglogical not loaded on the subscriber', messages: ['missing'] },
  { ruleId: 'postgres/output-plugin-allowed', on: 'provider', cause: 'output plugin refused by the provider' },
  { ruleId: 'postgres/wal-level', on: 'provider', cause: 'the provider cannot decode (wal_level)', messages: ['notLogical'] },
  { ruleId: 'pglogical/slot-health', on: 'subscription', cause: 'provider slot missing', messages: ['missing'] },
  { ruleId: 'pglogical/slot-health', on: 'subscription', cause: 'provider slot lost (the WAL it needs was removed)', messages: ['lost'] },
  {
    ruleId: 'pglogical/subscription-sets',
    on: 'subscription',
    cause: 'a replication set the provider does not have',
    messages: ['unknownSet'],
  },
  {
    ruleId: 'network/public-firewall',
    on: 'pair',
    cause: "the provider's public endpoint does not admit the subscriber",
    messages: ['mixedPair', 'publicDisabled', 'noFirewallRule'],
  },
  { ruleId: 'network/nsg-allows-5432', on: 'pair', cause: 'NSG deny', messages: ['denied'] },
  { ruleId: 'network/route-to-peer', on: 'pair', cause: 'no route', messages: ['dropped', 'toInternet', 'wrongPeer'] },
  { ruleId: 'dns/zone-linked', on: 'pair', cause: 'DNS zone not linked', messages: ['notLinked', 'noZone'] },
  { ruleId: 'dns/private-resolution', on: 'pair', cause: 'DNS record wrong', messages: ['noRecord', 'publicAddress', 'outsideSubnet'] },
  {
    ruleId: 'pglogical/replication-user',
    on: 'provider',
    cause: 'authentication or REPLICATION missing',
    messages: ['missingRole', 'lacks'],
  },
  { ruleId: 'pglogical/sync-status', on: 'subscription', cause: 'sync failed in a non-resumable step', messages: ['stuck'] },
  // Warnings that cannot be ruled out: named only when nothing definite was found before them.
  {
    ruleId: 'network/route-to-peer',
    on: 'pair',
    cause: 'possibly the virtual appliance the traffic is routed through',
    messages: ['viaHop', 'viaHub'],
  },
  {
    ruleId: 'network/nsg-allows-5432',
    on: 'pair',
    cause: 'possibly an NSG that could not be fully evaluated',
    messages: ['partial', 'unknown'],
  },
  {
    ruleId: 'network/public-firewall',
    on: 'pair',
    cause: "possibly the provider's firewall, which cannot be shown to admit the subscriber",
    messages: ['unprovenAddress'],
  },
];

export default defineRule({
  id: 'pglogical/subscription-status',
  title: 'Every subscription is replicating',
  description:
    'A subscription that is not replicating stops one direction of the mesh; the result names the most likely root cause found by the other rules of the same run.',
  severity: 'error',
  requires: ['postgres'],
  uses: CAUSES.map((c) => c.ruleId).filter((id, i, all) => all.indexOf(id) === i),
  messages: {
    down: {
      message: '{{node}}: subscription {{subscription}} to {{provider}} is {{status}}; most likely cause: {{cause}}{{also}}',
      help: 'Fix the cause first: {{fix}}',
    },
    disabled: {
      message: '{{node}}: subscription {{subscription}} to {{provider}} is disabled',
      help: 'On {{node}}: SELECT pglogical.alter_subscription_enable({{literal:subscription}});',
    },
    initializing: {
      message: '{{node}}: subscription {{subscription}} to {{provider}} is still initializing',
      help: 'Wait for the initial sync; see pglogical/sync-status for its progress',
    },
  },
  help: 'Fix the cause named in the result, then check the subscription again with pglogical.show_subscription_status().',
  select: selectSubscriptions,
  check(target, ctx) {
    const node = nodeOf(target);
    const sub = subscriptionOf(ctx.snapshot, target);
    const provider = providerNodeOf(ctx.snapshot, sub) ?? sub.providerNode ?? '?';
    const evidence: Record<string, unknown> = { status: sub.status, enabled: sub.enabled };
    const data = { node, subscription: sub.name, provider };
    if (sub.status === 'replicating') return ctx.pass(`${sub.name} to ${provider} is replicating`, evidence);
    if (!sub.enabled || sub.status === 'disabled') return ctx.fail('disabled', data, evidence);
    if (sub.status === 'initializing') return ctx.fail('initializing', data, evidence, 'warning');
    const targetFor = (on: (typeof CAUSES)[number]['on']) =>
      on === 'subscriber' ? node : on === 'provider' ? provider : on === 'pair' ? `${node}->${provider}` : `${node}:${sub.name}`;
    const found: { cause: string; result: Result }[] = [];
    for (const c of CAUSES) {
      const result = ctx
        .resultsFor(c.ruleId, targetFor(c.on))
        .find((r) => r.outcome === 'fail' && (!c.messages || c.messages.includes(r.messageId ?? '')));
      if (result) found.push({ cause: c.cause, result });
    }
    evidence.causes = found.map((f) => ({ cause: f.cause, ruleId: f.result.ruleId, target: f.result.target }));
    const [first, ...rest] = found;
    if (!first) {
      return ctx.fail(
        'down',
        {
          ...data,
          status: sub.status,
          cause: 'none found in the facts of this run',
          also: '',
          fix: `Read the PostgreSQL log of ${node} for the apply worker's error (it names the failing connection or statement)`,
        },
        evidence,
      );
    }
    const also = rest.length ? `; also ${rest.map((r) => `${r.cause} (${r.result.ruleId})`).join(', ')}` : '';
    return ctx.fail(
      'down',
      {
        ...data,
        status: sub.status,
        cause: `${first.cause} (${first.result.ruleId}: ${first.result.message})`,
        also,
        fix: first.result.help,
      },
      evidence,
    );
  },
});
