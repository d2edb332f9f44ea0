import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseIdentifierList } from '../../src/model/settings.js';

export const PGLOGICAL_OUTPUT_PLUGIN = 'pglogical_output';

export default defineRule({
  id: 'postgres/output-plugin-allowed',
  title: 'pglogical_output may be used as an output plugin',
  description:
    'Servers with output_plugin_libraries load only the logical decoding output plugins it lists; without pglogical_output every subscription to this provider fails.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    notListed: {
      message:
        'output_plugin_libraries on {{node}} is "{{value}}" ({{source}}) and does not list pglogical_output: every subscription to {{node}} fails with library "pglogical_output" may not be used as an output plugin',
      help: 'Add pglogical_output to output_plugin_libraries, keeping the existing entries: {{fix}}',
    },
  },
  help: 'Add pglogical_output to the output_plugin_libraries server parameter.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const setting = node.settings.get('output_plugin_libraries');
    if (!setting) {
      return ctx.pass('the server has no output_plugin_libraries parameter: any output plugin may be loaded', {
        output_plugin_libraries: null,
      });
    }
    const listed = parseIdentifierList(setting.value);
    const evidence = { output_plugin_libraries: setting.value, source: setting.source };
    if (listed.includes(PGLOGICAL_OUTPUT_PLUGIN)) {
      return ctx.pass(`output_plugin_libraries lists pglogical_output (${setting.source})`, evidence);
    }
    const wanted = [...listed, PGLOGICAL_OUTPUT_PLUGIN].join(',');
    return ctx.fail(
      'notListed',
      { node: node.name, value: setting.value, source: setting.source, fix: parameterFix(node, 'output_plugin_libraries', wanted) },
      evidence,
    );
  },
});
