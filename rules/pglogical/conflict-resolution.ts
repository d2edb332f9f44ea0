import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { conflictResolution, TIMESTAMP_CONFLICT_MODES } from '../../src/model/pglogical.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseBool } from '../../src/model/settings.js';

export default defineRule({
  id: 'pglogical/conflict-resolution',
  title: 'Every node resolves conflicts the same way',
  description:
    'pglogical.conflict_resolution must be the same on every node (otherwise the nodes keep different winners and diverge), and a timestamp mode needs track_commit_timestamp.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    differs: {
      message: '{{node}} resolves conflicts with {{mode}} but {{others}}: the nodes pick different winners and diverge',
      help: 'Use one mode everywhere (last_update_wins is usual for active-active): {{fix}}',
    },
    needsTimestamps: {
      message: '{{node}} uses {{mode}} but track_commit_timestamp is off',
      help: 'Turn track_commit_timestamp on: {{fix}}',
    },
  },
  help: 'Set the same pglogical.conflict_resolution on every node; turn on track_commit_timestamp for timestamp modes.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const mode = conflictResolution(node.settings);
    const others = ctx.snapshot.topology.nodes
      .filter((n) => n.name !== node.name)
      .map((n) => ({ name: n.name, mode: conflictResolution(ctx.node(n.name).settings), known: ctx.node(n.name).settings.primarySource !== undefined }))
      .filter((o) => o.known);
    const evidence = { mode, others: Object.fromEntries(others.map((o) => [o.name, o.mode])) };
    const differing = others.filter((o) => o.mode !== mode);
    if (differing.length) {
      return ctx.fail('differs', { node: node.name, mode, others: differing.map((o) => `${o.name} uses ${o.mode}`).join(', '), fix: parameterFix(node, 'pglogical.conflict_resolution', 'last_update_wins') }, evidence);
    }
    if (TIMESTAMP_CONFLICT_MODES.has(mode) && parseBool(node.settings.get('track_commit_timestamp')?.value) !== true) {
      return ctx.fail('needsTimestamps', { node: node.name, mode, fix: parameterFix(node, 'track_commit_timestamp', 'on') }, evidence);
    }
    return ctx.pass(`${mode} on every node`, evidence);
  },
});
