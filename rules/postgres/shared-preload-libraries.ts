import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseList } from '../../src/model/settings.js';

export default defineRule({
  id: 'postgres/shared-preload-libraries',
  title: 'pglogical is preloaded',
  description:
    'pglogical starts its supervisor, manager and apply workers only when it is listed in shared_preload_libraries; setting it alone must not drop the platform defaults.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    missing: {
      message: 'shared_preload_libraries on {{node}} is "{{value}}" ({{source}}): pglogical is not loaded, so no pglogical worker can start',
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
    const evidence = { shared_preload_libraries: setting?.value ?? null, platformDefaults: setting?.defaultValue ?? null, source: setting?.source ?? null };
    const data = { node: node.name, value: setting?.value ?? '', source: setting?.source ?? 'not reported', fix: parameterFix(node, 'shared_preload_libraries', wanted) };
    if (!libraries.includes('pglogical')) return ctx.fail('missing', data, evidence);
    if (dropped.length > 0) return ctx.fail('droppedDefaults', { ...data, dropped: dropped.join(', ') }, evidence, 'warning');
    return ctx.pass(`pglogical is preloaded (${libraries.join(', ')})`, evidence);
  },
});
