import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix, restartCommand } from '../../src/model/remediation.js';
import { savedNotRunning } from '../../src/model/settings.js';

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
    savedNotRunning: {
      message:
        'wal_level on {{node}} is saved as "logical" (from {{source}}) but not running until a restart: the server still runs with its previous value, which is not logical, so pglogical cannot decode changes',
      help: 'Restart the server so that wal_level = logical takes effect: {{fix}}',
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
    const evidence = {
      wal_level: setting.value,
      source: setting.source,
      running: setting.running ?? null,
      pendingRestart: setting.pendingRestart,
    };
    // Enum values are case-insensitive in PostgreSQL (parse_enum), and ARM keeps what was typed.
    const isLogical = setting.value.trim().toLowerCase() === 'logical';
    if (savedNotRunning(setting)) {
      // ARM's saved value differs from the running one: a saved "logical" means the server does not run with it.
      if (isLogical) return ctx.fail('savedNotRunning', { node: node.name, source: setting.source, fix: restartCommand(node) }, evidence);
      return ctx.fail(
        'notLogical',
        { node: node.name, value: setting.value, source: `${setting.source}, saved and waiting for a restart`, fix },
        evidence,
      );
    }
    if (!isLogical) return ctx.fail('notLogical', { node: node.name, value: setting.value, source: setting.source, fix }, evidence);
    return ctx.pass(`wal_level = logical (${setting.source})`, evidence);
  },
});
