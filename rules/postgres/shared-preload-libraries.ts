import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix, restartCommand } from '../../src/model/remediation.js';
import { describeSetting, parseList, savedNotRunning } from '../../src/model/settings.js';

export default defineRule({
  id: 'postgres/shared-preload-libraries',
  title: 'pglogical is preloaded',
  description:
    'pglogical starts its supervisor, manager and apply workers only when it is listed in shared_preload_libraries; setting it alone must not drop the platform defaults.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    missing: {
      message:
        'shared_preload_libraries on {{node}} is "{{value}}" ({{source}}): pglogical is not loaded, so no pglogical worker can start',
      help: 'Add pglogical and keep the existing libraries, then restart: {{fix}}',
    },
    droppedDefaults: {
      message:
        'shared_preload_libraries on {{node}} is "{{value}}": the platform default libraries {{dropped}} were dropped when it was set',
      help: 'Keep the defaults beside pglogical, then restart: {{fix}}',
    },
  },
  help: 'Set shared_preload_libraries to the existing list plus pglogical, and restart the server.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const setting = node.settings.get('shared_preload_libraries');
    const libraries = parseList(setting?.value);
    // The platform defaults are known only from ARM (the parameter's defaultValue).
    const defaults = parseList(setting?.defaultValue);
    const dropped = defaults.filter((lib) => !libraries.includes(lib));
    const wanted = [...new Set([...libraries, ...dropped, 'pglogical'])].join(',');
    const evidence = {
      shared_preload_libraries: setting?.value ?? null,
      running: setting?.running ?? null,
      platformDefaults: setting?.defaultValue ?? null,
      source: setting?.source ?? null,
    };
    const pending = savedNotRunning(setting);
    const source = !setting ? 'not reported' : pending ? `${setting.source}, saved and waiting for a restart` : setting.source;
    const data = { node: node.name, value: setting?.value ?? '', source, fix: parameterFix(node, 'shared_preload_libraries', wanted) };
    // A saved list without pglogical fails: after the restart pglogical is not loaded, whatever runs now.
    if (!libraries.includes('pglogical')) return ctx.fail('missing', data, evidence);
    // ARM's saved list has pglogical but waits for a restart: the running list differs and is not reported.
    if (pending) {
      return ctx.error(
        `shared_preload_libraries on ${node.name} is ${describeSetting(setting)}; the server runs with another list that ARM does not report, so whether pglogical is loaded now cannot be checked. Restart the server (${restartCommand(node)}) or let the tool read the running value over SQL`,
      );
    }
    if (dropped.length > 0) return ctx.fail('droppedDefaults', { ...data, dropped: dropped.join(', ') }, evidence, 'warning');
    return ctx.pass(`pglogical is preloaded (${libraries.join(', ')})`, evidence);
  },
});
