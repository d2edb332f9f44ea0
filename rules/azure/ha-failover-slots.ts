import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseBool, parseList } from '../../src/model/settings.js';

export const FAILOVER_SLOTS_LIBRARY = 'pg_failover_slots';

export default defineRule({
  id: 'azure/ha-failover-slots',
  title: 'Logical slots survive a high-availability failover',
  description:
    "A high-availability failover promotes a standby that does not have the primary's logical replication slots unless pg_failover_slots keeps them there; without it every peer's subscription to this node breaks for good after a failover.",
  severity: 'warning',
  requires: ['azure.server'],
  optionalFacts: ['settings', 'postgres'],
  messages: {
    noFailoverSlots: {
      message:
        '{{node}} ({{server}}) has high availability {{mode}} on PostgreSQL {{version}} without pg_failover_slots in shared_preload_libraries ("{{value}}", {{source}}): a failover loses the slots of {{peers}}, whose subscriptions to {{node}} then break for good',
      help: 'Load pg_failover_slots and turn on hot_standby_feedback (restart needed): {{fixLibraries}} ; {{fixFeedback}}',
    },
    noFailoverSlotsNative: {
      message:
        '{{node}} ({{server}}) has high availability {{mode}} on PostgreSQL {{version}} without pg_failover_slots ("{{value}}", {{source}}): PostgreSQL {{version}} synchronizes only slots created with failover = true, which pglogical does not request, so a failover loses the slots of {{peers}} and their subscriptions to {{node}} break for good',
      help: 'If shared_preload_libraries offers pg_failover_slots for this version, load it with hot_standby_feedback on: {{fixLibraries}} ; {{fixFeedback}}. Otherwise plan to re-create the subscriptions of {{peers}} to {{node}} after a failover',
    },
    feedbackOff: {
      message:
        '{{node}} ({{server}}) loads pg_failover_slots but hot_standby_feedback is {{feedback}}: the standby copies of the slots may need catalog rows the primary has already removed',
      help: 'Turn on hot_standby_feedback, as the pg_failover_slots setup requires: {{fixFeedback}}',
    },
  },
  help: 'On servers with high availability, load pg_failover_slots (shared_preload_libraries) and set hot_standby_feedback to on.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const server = node.server;
    const mode = server.highAvailability?.mode ?? 'Disabled';
    const evidence: Record<string, unknown> = { highAvailability: server.highAvailability ?? null, version: server.version ?? null };
    if (mode.toLowerCase() === 'disabled') return ctx.pass('high availability is disabled: no standby to fail over to', evidence);
    const libraries = node.settings.get('shared_preload_libraries');
    const feedback = node.settings.get('hot_standby_feedback');
    if (!libraries)
      return ctx.error(`shared_preload_libraries of ${node.name} is not known (neither SQL nor ARM server parameters were read)`);
    const listed = parseList(libraries.value);
    evidence.shared_preload_libraries = libraries.value;
    evidence.hot_standby_feedback = feedback?.value ?? null;
    const version = server.version ?? (node.postgres ? String(Math.floor(node.postgres.serverVersionNum / 10000)) : '?');
    const peers = ctx.snapshot.topology.nodes
      .filter((n) => n.name !== node.name)
      .map((n) => n.name)
      .join(', ');
    const data = {
      node: node.name,
      server: server.name,
      mode,
      version,
      peers,
      value: libraries.value,
      source: libraries.source,
      feedback: feedback?.value ?? 'not reported',
      fixLibraries: parameterFix(node, 'shared_preload_libraries', [...new Set([...listed, FAILOVER_SLOTS_LIBRARY])].join(',')),
      fixFeedback: parameterFix(node, 'hot_standby_feedback', 'on'),
    };
    if (listed.some((lib) => lib.toLowerCase() === FAILOVER_SLOTS_LIBRARY)) {
      if (parseBool(feedback?.value) !== true) return ctx.fail('feedbackOff', data, evidence);
      return ctx.pass(
        `high availability ${mode}: pg_failover_slots keeps the logical slots on the standby (hot_standby_feedback on)`,
        evidence,
      );
    }
    const major = Number.parseInt(version, 10);
    return Number.isFinite(major) && major >= 17
      ? ctx.fail('noFailoverSlotsNative', data, evidence)
      : ctx.fail('noFailoverSlots', data, evidence);
  },
});
