import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { conflictResolution, TIMESTAMP_CONFLICT_MODES } from '../../src/model/pglogical.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseBool } from '../../src/model/settings.js';

/** pglogical 2.x accepts only these while track_commit_timestamp is off (its conflict_resolution check hook). */
const MODES_WITHOUT_TIMESTAMPS = new Set(['apply_remote', 'error']);

export default defineRule({
  id: 'postgres/track-commit-timestamp',
  title: 'track_commit_timestamp is on',
  description:
    'Active-active pglogical resolves and logs conflicts by commit time, which PostgreSQL records only with track_commit_timestamp = on.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    offWithTimestampMode: {
      message:
        'track_commit_timestamp is off on {{node}} while pglogical.conflict_resolution = {{mode}}, which compares commit timestamps: pglogical refuses to resolve conflicts this way',
      help: 'Turn track_commit_timestamp on and restart: {{fix}}',
    },
    timestampModeRefused: {
      message:
        'track_commit_timestamp is off on {{node}}, so the server refused pglogical.conflict_resolution = {{configured}} from its configuration and resolves conflicts with {{mode}} instead',
      help: 'Turn track_commit_timestamp on and restart; the configured {{configured}} then takes effect: {{fix}}',
    },
    peersUseTimestampMode: {
      message:
        'track_commit_timestamp is off on {{node}}, which resolves conflicts with {{mode}} while {{peers}}: without commit timestamps pglogical accepts only apply_remote or error (a configured {{peerMode}} is dropped at start), so the nodes pick different winners',
      help: 'Turn track_commit_timestamp on and restart, then set pglogical.conflict_resolution = {{peerMode}} like the other nodes: {{fix}}',
    },
    off: {
      message:
        'track_commit_timestamp is off on {{node}} (conflict_resolution = {{mode}}): conflicts cannot be resolved or audited by commit time',
      help: 'Turn track_commit_timestamp on before switching to last_update_wins, the usual choice for active-active: {{fix}}',
    },
  },
  help: 'Set track_commit_timestamp = on (a restart is needed).',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const setting = node.settings.get('track_commit_timestamp');
    const mode = conflictResolution(node.settings);
    // Without commit timestamps pglogical refuses every mode but apply_remote and error, and keeps its
    // default: the live value hides what the configuration asks for, pg_file_settings does not.
    const configured = node.settings.get('pglogical.conflict_resolution')?.rejectedValue?.trim().toLowerCase();
    const evidence = {
      track_commit_timestamp: setting?.value ?? null,
      'pglogical.conflict_resolution': mode,
      ...(configured ? { configuredButRefused: configured } : {}),
      source: setting?.source ?? null,
    };
    if (parseBool(setting?.value) === true) return ctx.pass(`track_commit_timestamp = on (${setting?.source})`, evidence);
    const data = { node: node.name, mode, fix: parameterFix(node, 'track_commit_timestamp', 'on') };
    if (TIMESTAMP_CONFLICT_MODES.has(mode)) return ctx.fail('offWithTimestampMode', data, evidence);
    if (configured && configured !== mode) return ctx.fail('timestampModeRefused', { ...data, configured }, evidence);
    // Without pg_file_settings (superuser only) the refused value is invisible; peers on a mode that
    // needs commit timestamps show what this node was meant to run.
    const peers = ctx.snapshot.topology.nodes
      .filter((n) => n.name !== node.name && ctx.node(n.name).settings.primarySource !== undefined)
      .map((n) => ({ name: n.name, mode: conflictResolution(ctx.node(n.name).settings) }))
      .filter((p) => !MODES_WITHOUT_TIMESTAMPS.has(p.mode));
    if (peers.length) {
      const peersText = peers.map((p) => `${p.name} uses ${p.mode}`).join(', ');
      return ctx.fail('peersUseTimestampMode', { ...data, peers: peersText, peerMode: peers[0]!.mode }, { ...evidence, peers: Object.fromEntries(peers.map((p) => [p.name, p.mode])) });
    }
    return ctx.fail('off', data, evidence, 'warning');
  },
});
