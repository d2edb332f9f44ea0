import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { commitTimestamps, DIVERGING_MODES, needsCommitTimestamps } from '../../src/model/conflict-resolution.js';
import { conflictResolution } from '../../src/model/pglogical.js';
import { parameterFix } from '../../src/model/remediation.js';

export default defineRule({
  id: 'pglogical/conflict-resolution',
  title: 'Every node resolves conflicts the same way, and converges',
  description:
    'pglogical.conflict_resolution must be the same on every node and pick the same winner everywhere (apply_remote and keep_local let two nodes that change the same row diverge); every mode but apply_remote and error needs track_commit_timestamp.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    differs: {
      message:
        '{{node}} resolves conflicts with {{mode}} but {{others}}: the nodes resolve the same conflict differently and the copies can diverge',
      help: 'Use one mode everywhere (last_update_wins is usual for active-active): {{fix}}',
    },
    needsTimestamps: {
      message:
        '{{node}} uses {{mode}} but track_commit_timestamp is {{state}}: pglogical accepts only apply_remote or error without commit timestamps and refuses {{mode}}',
      help: 'Turn track_commit_timestamp on: {{fix}}',
    },
    diverges: {
      message:
        '{{node}} resolves conflicts with {{mode}}{{peers}}: when two nodes change the same row before they replicate, {{effect}}, and the copies silently diverge',
      help: 'Use last_update_wins on every node, so all nodes keep the newest version (it needs track_commit_timestamp = on): {{fix}}',
    },
  },
  help: 'Set the same pglogical.conflict_resolution on every node (last_update_wins for active-active); every mode but apply_remote and error needs track_commit_timestamp.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const mode = conflictResolution(node.settings);
    const others = ctx.snapshot.topology.nodes
      .filter((n) => n.name !== node.name)
      .map((n) => ({
        name: n.name,
        mode: conflictResolution(ctx.peer(n.name).settings),
        known: ctx.peer(n.name).settings.primarySource !== undefined,
      }))
      .filter((o) => o.known);
    const evidence = { mode, others: Object.fromEntries(others.map((o) => [o.name, o.mode])) };
    const differing = others.filter((o) => o.mode !== mode);
    if (differing.length) {
      return ctx.fail(
        'differs',
        {
          node: node.name,
          mode,
          others: differing.map((o) => `${o.name} uses ${o.mode}`).join(', '),
          fix: parameterFix(node, 'pglogical.conflict_resolution', 'last_update_wins'),
        },
        evidence,
      );
    }
    const timestamps = commitTimestamps(node.settings);
    if (needsCommitTimestamps(mode) && timestamps.state !== 'on') {
      return ctx.fail(
        'needsTimestamps',
        { node: node.name, mode, state: timestamps.text, fix: parameterFix(node, 'track_commit_timestamp', 'on') },
        evidence,
      );
    }
    const effect = DIVERGING_MODES[mode];
    if (effect) {
      // Only claim "every node" when the other nodes were seen to use the same mode.
      const peers =
        others.length === ctx.snapshot.topology.nodes.length - 1 ? ' like every other node' : ' (not every other node could be read)';
      const fixes = [
        ...(timestamps.state === 'on' ? [] : [parameterFix(node, 'track_commit_timestamp', 'on')]),
        parameterFix(node, 'pglogical.conflict_resolution', 'last_update_wins'),
      ].join(' ; ');
      return ctx.fail('diverges', { node: node.name, mode, peers, effect, fix: fixes }, evidence, 'warning');
    }
    return ctx.pass(`${mode} on every node`, evidence);
  },
});
