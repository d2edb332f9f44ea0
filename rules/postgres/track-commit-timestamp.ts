import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { commitTimestamps, needsCommitTimestamps } from '../../src/model/conflict-resolution.js';
import { conflictResolution } from '../../src/model/pglogical.js';
import { parameterFix } from '../../src/model/remediation.js';

export default defineRule({
  id: 'postgres/track-commit-timestamp',
  title: 'track_commit_timestamp is on',
  description:
    'Active-active pglogical resolves and logs conflicts by commit time, which PostgreSQL records only with track_commit_timestamp = on; pglogical refuses keep_local, last_update_wins and first_update_wins without it.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    offWithTimestampMode: {
      message:
        'track_commit_timestamp is {{state}} on {{node}} while pglogical.conflict_resolution = {{mode}}: pglogical accepts only apply_remote or error without commit timestamps and refuses {{mode}}',
      help: 'Turn track_commit_timestamp on and restart: {{fix}}',
    },
    timestampModeRefused: {
      message:
        'track_commit_timestamp is {{state}} on {{node}}, so the server refused pglogical.conflict_resolution = {{configured}} from its configuration and resolves conflicts with {{mode}} instead',
      help: 'Turn track_commit_timestamp on and restart; the configured {{configured}} then takes effect: {{fix}}',
    },
    peersUseTimestampMode: {
      message:
        'track_commit_timestamp is {{state}} on {{node}}, which resolves conflicts with {{mode}} while {{peers}}: without commit timestamps pglogical accepts only apply_remote or error (a configured {{peerMode}} is refused), so the nodes pick different winners',
      help: 'Turn track_commit_timestamp on and restart, then set pglogical.conflict_resolution = {{peerMode}} like the other nodes: {{fix}}',
    },
    off: {
      message:
        'track_commit_timestamp is {{state}} on {{node}} (conflict_resolution = {{mode}}): conflicts cannot be resolved or audited by commit time',
      help: 'Turn track_commit_timestamp on before switching to last_update_wins, the usual choice for active-active: {{fix}}',
    },
  },
  help: 'Set track_commit_timestamp = on (a restart is needed).',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const setting = node.settings.get('track_commit_timestamp');
    const timestamps = commitTimestamps(node.settings);
    const mode = conflictResolution(node.settings);
    // Without commit timestamps pglogical refuses every mode but apply_remote and error, and keeps its
    // default: the live value hides what the configuration asks for, pg_file_settings does not.
    const configured = node.settings.get('pglogical.conflict_resolution')?.rejectedValue?.trim().toLowerCase();
    const evidence = {
      track_commit_timestamp: setting?.value ?? null,
      running: setting?.running ?? null,
      'pglogical.conflict_resolution': mode,
      ...(configured ? { configuredButRefused: configured } : {}),
      source: setting?.source ?? null,
    };
    if (timestamps.state === 'on') return ctx.pass(`track_commit_timestamp = on (${setting?.source})`, evidence);
    const data = { node: node.name, mode, state: timestamps.text, fix: parameterFix(node, 'track_commit_timestamp', 'on') };
    if (needsCommitTimestamps(mode)) return ctx.fail('offWithTimestampMode', data, evidence);
    if (configured && configured !== mode) return ctx.fail('timestampModeRefused', { ...data, configured }, evidence);
    // Without pg_file_settings (superuser only) the refused value is invisible; peers on a mode that
    // needs commit timestamps show what this node was meant to run. This node's own mode does not need
    // them (checked above), so every such peer uses a different mode.
    const peers = ctx.snapshot.topology.nodes
      .filter((n) => n.name !== node.name && ctx.peer(n.name).settings.primarySource !== undefined)
      .map((n) => ({ name: n.name, mode: conflictResolution(ctx.peer(n.name).settings) }))
      .filter((p) => needsCommitTimestamps(p.mode) && p.mode !== mode);
    if (peers.length) {
      const peersText = peers.map((p) => `${p.name} uses ${p.mode}`).join(', ');
      return ctx.fail(
        'peersUseTimestampMode',
        { ...data, peers: peersText, peerMode: peers[0]!.mode },
        { ...evidence, peers: Object.fromEntries(peers.map((p) => [p.name, p.mode])) },
      );
    }
    return ctx.fail('off', data, evidence, 'warning');
  },
});
