import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { conflictResolution, TIMESTAMP_CONFLICT_MODES } from '../../src/model/pglogical.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseBool } from '../../src/model/settings.js';

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
    const evidence = { track_commit_timestamp: setting?.value ?? null, 'pglogical.conflict_resolution': mode, source: setting?.source ?? null };
    if (parseBool(setting?.value) === true) return ctx.pass(`track_commit_timestamp = on (${setting?.source})`, evidence);
    const data = { node: node.name, mode, fix: parameterFix(node, 'track_commit_timestamp', 'on') };
    return TIMESTAMP_CONFLICT_MODES.has(mode)
      ? ctx.fail('offWithTimestampMode', data, evidence)
      : ctx.fail('off', data, evidence, 'warning');
  },
});
