import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix } from '../../src/model/remediation.js';

export default defineRule({
  id: 'postgres/wal-level',
  title: 'wal_level is logical',
  description: 'Logical decoding, and so every pglogical provider, needs wal_level = logical.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    notLogical: {
      message: 'wal_level is "{{value}}" on {{node}} (from {{source}}); pglogical cannot decode changes unless it is "logical"',
      help: 'Set wal_level to logical and restart: {{fix}}',
    },
    unknown: {
      message: 'wal_level is not reported for {{node}} (from {{source}})',
      help: 'Check the server parameters of {{node}}; wal_level must be logical: {{fix}}',
    },
  },
  help: 'Set the server parameter wal_level to logical and restart the server.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const setting = node.settings.get('wal_level');
    const fix = parameterFix(node, 'wal_level', 'logical');
    if (!setting) return ctx.fail('unknown', { node: node.name, source: node.settings.primarySource ?? 'none', fix });
    const evidence = { wal_level: setting.value, source: setting.source };
    if (setting.value.toLowerCase() !== 'logical') {
      return ctx.fail('notLogical', { node: node.name, value: setting.value, source: setting.source, fix }, evidence);
    }
    return ctx.pass(`wal_level = logical (${setting.source})`, evidence);
  },
});
