import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix } from '../../src/model/remediation.js';
import { parseIdentifierList } from '../../src/model/settings.js';

export default defineRule({
  id: 'azure/extensions-allowlist',
  title: 'pglogical is allow-listed in azure.extensions',
  description:
    'Azure Database for PostgreSQL lets CREATE, ALTER and DROP EXTENSION pglogical run only when azure.extensions lists pglogical; an extension already installed keeps working without it.',
  severity: 'error',
  requires: ['settings'],
  optionalFacts: ['postgres'],
  messages: {
    notAllowed: {
      message: 'azure.extensions on {{node}} is "{{value}}" ({{source}}): CREATE EXTENSION pglogical is refused',
      help: 'Add pglogical to the allow-list, keeping the existing entries: {{fix}}',
    },
    installedNotAllowed: {
      message:
        'azure.extensions on {{node}} is "{{value}}" ({{source}}) but pglogical {{version}} is already installed in {{databases}}{{replicating}}: replication goes on, but CREATE, ALTER (e.g. ALTER EXTENSION pglogical UPDATE) and DROP EXTENSION pglogical are refused',
      help: 'Add pglogical back to the allow-list before the next extension upgrade or a new database, keeping the existing entries: {{fix}}',
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
    const pglogical = node.postgres?.pglogical;
    if (pglogical?.installed) {
      // The allow-list is checked only by the extension commands; objects already created keep working.
      const databases = (node.postgres?.databases ?? []).filter((d) => d.hasPglogical).map((d) => d.name);
      const replicating = pglogical.subscriptions.filter((sub) => sub.status === 'replicating').map((sub) => sub.name);
      return ctx.fail(
        'installedNotAllowed',
        {
          node: node.name,
          value: setting?.value ?? '',
          source: setting?.source ?? 'not reported',
          version: pglogical.version ?? '',
          databases: databases.length ? databases.join(', ') : ctx.snapshot.topology.database,
          replicating: replicating.length ? ` and replicating (${replicating.join(', ')})` : '',
          fix: parameterFix(node, 'azure.extensions', wanted),
        },
        { ...evidence, pglogicalInstalled: true, replicating },
        'warning',
      );
    }
    return ctx.fail(
      'notAllowed',
      {
        node: node.name,
        value: setting?.value ?? '',
        source: setting?.source ?? 'not reported',
        fix: parameterFix(node, 'azure.extensions', wanted),
      },
      evidence,
    );
  },
});
