import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseIdentifierList } from '../../src/model/settings.js';

export default defineRule({
  id: 'azure/extensions-allowlist',
  title: 'pglogical is allow-listed in azure.extensions',
  description: 'Azure Database for PostgreSQL lets CREATE EXTENSION pglogical run only when azure.extensions lists pglogical.',
  severity: 'error',
  requires: ['settings'],
  messages: {
    notAllowed: {
      message: 'azure.extensions on {{node}} is "{{value}}" ({{source}}): CREATE EXTENSION pglogical is refused',
      help: 'Add pglogical to the allow-list, keeping the existing entries: {{fix}}',
    },
  },
  help: 'Add pglogical to the azure.extensions server parameter (keep the entries already there).',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    if (!node.isAzure) return ctx.skip(`${node.name} is not an Azure server`);
    const setting = node.settings.get('azure.extensions');
    const allowed = parseIdentifierList(setting?.value);
    const evidence = { 'azure.extensions': setting?.value ?? null, source: setting?.source ?? null };
    if (allowed.includes('pglogical')) return ctx.pass(`pglogical is allow-listed (${setting?.source})`, evidence);
    const wanted = [...allowed, 'pglogical'].join(',');
    return ctx.fail(
      'notAllowed',
      { node: node.name, value: setting?.value ?? '', source: setting?.source ?? 'not reported', fix: parameterFix(node, 'azure.extensions', wanted) },
      evidence,
    );
  },
});
