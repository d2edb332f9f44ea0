import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { REPLICATION_PARAMETERS } from '../../src/model/parameters.js';
import { restartCommand } from '../../src/model/remediation.js';

export default defineRule({
  id: 'azure/pending-restart',
  title: 'No replication parameter waits for a restart',
  description:
    'A changed static parameter (wal_level, shared_preload_libraries, max_worker_processes, ...) takes effect only after a restart; until then the server runs with the old value.',
  severity: 'error',
  requires: ['settings'],
  optionalFacts: ['postgres', 'azure.parameters'],
  messages: {
    pending: {
      message: '{{node}} has changed parameters that are not in effect until a restart: {{parameters}}',
      help: 'Restart the server in a maintenance window: {{fix}}',
    },
  },
  help: 'Restart the server so that changed replication parameters take effect.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    // Both sources are evidence: SQL pg_settings.pending_restart and ARM isConfigPendingRestart.
    const pending = new Map<string, string[]>();
    for (const name of REPLICATION_PARAMETERS) {
      if (node.postgres?.settings[name]?.pendingRestart) pending.set(name, ['sql']);
      const arm = Object.entries(node.parameters ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
      if (arm?.isConfigPendingRestart) pending.set(name, [...(pending.get(name) ?? []), 'arm']);
    }
    const evidence = { pendingRestart: Object.fromEntries(pending), checked: [...REPLICATION_PARAMETERS] };
    if (pending.size === 0) return ctx.pass('no replication parameter is pending a restart', evidence);
    // SQL tells the running value; ARM only the saved one, which takes effect at the restart.
    const parameters = [...pending.keys()]
      .map((name) => {
        const setting = node.settings.get(name);
        if (!setting) return name;
        return setting.running !== undefined
          ? `${name} (running ${setting.running})`
          : `${name} (saved as ${setting.value}, not running until a restart)`;
      })
      .join(', ');
    return ctx.fail('pending', { node: node.name, parameters, fix: restartCommand(node) }, evidence);
  },
});
