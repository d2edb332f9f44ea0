import { isIP } from 'node:net';
import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { pglogicalOf, providerNodeOf } from '../../src/model/pglogical.js';
import { parseDsn } from '../../src/util/dsn.js';

export default defineRule({
  id: 'pglogical/dsn-host',
  title: 'pglogical DSNs name the servers by their FQDN',
  description:
    "On Azure every DSN in pglogical.node_interface and in subscriptions must name the provider's server FQDN: an IP address or hostaddr breaks on failover and TLS verification, another host reaches the wrong server, and a privatelink. host does not resolve for a VNET-integrated server.",
  severity: 'error',
  requires: ['postgres'],
  optionalFacts: ['azure.server'],
  messages: {
    unparsable: {
      message: '{{node}}: the DSN of {{where}} is not a libpq connection string ({{reason}})',
      help: 'Fix the DSN of {{where}}',
    },
    address: {
      message: '{{node}}: {{where}} connects to {{host}} by address; it must use {{fqdn}}',
      help: 'Use host={{fqdn}} (the address changes on failover and does not match the TLS certificate)',
    },
    wrongHost: {
      message: '{{node}}: {{where}} names host {{host}}, but {{target}} is {{fqdn}}',
      help: 'Use host={{fqdn}} in the DSN of {{where}}',
    },
    privatelink: {
      message: '{{node}}: {{where}} names {{host}}, a privatelink. host, for the VNET-integrated server {{fqdn}}',
      help: 'Use host={{fqdn}}; VNET-integrated servers resolve through their private DNS zone, not privatelink.',
    },
  },
  help: "Use the provider's server FQDN (name.postgres.database.azure.com) in every pglogical DSN.",
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const pgl = pglogicalOf(ctx.snapshot, node.name);
    const dsns: { where: string; dsn: string; target: string | undefined }[] = [
      ...(pgl?.nodeInterfaces ?? [])
        .filter((i) => i.node === pgl?.localNode)
        .map((i) => ({ where: `interface ${i.name}`, dsn: i.dsn, target: node.name })),
      ...(pgl?.subscriptions ?? []).map((s) => ({
        where: `subscription ${s.name}`,
        dsn: s.providerDsn ?? '',
        target: providerNodeOf(ctx.snapshot, s),
      })),
    ];
    const evidence = { dsns: dsns.map((d) => ({ where: d.where, dsn: d.dsn })) };
    for (const d of dsns) {
      let params: Record<string, string>;
      try {
        params = parseDsn(d.dsn);
      } catch (err) {
        return ctx.fail('unparsable', { node: node.name, where: d.where, reason: (err as Error).message }, evidence);
      }
      const targetNode = d.target ? ctx.peer(d.target) : undefined;
      // Only Azure servers have an FQDN to hold the DSN to; elsewhere any host the operator chose is fine.
      const fqdn = targetNode?.server?.fullyQualifiedDomainName;
      if (!targetNode?.isAzure || !fqdn) continue;
      const host = params.host ?? params.hostaddr ?? '';
      const data = { node: node.name, where: d.where, host, fqdn, target: targetNode.name };
      if (params.hostaddr || isIP(host)) return ctx.fail('address', { ...data, host: params.hostaddr ?? host }, evidence);
      if (/(^|\.)privatelink\./i.test(host) && targetNode.server.network.delegatedSubnetResourceId)
        return ctx.fail('privatelink', data, evidence);
      if (host.toLowerCase() !== fqdn.toLowerCase()) return ctx.fail('wrongHost', data, evidence);
    }
    return ctx.pass(`${dsns.length} DSN${dsns.length === 1 ? '' : 's'} checked`, evidence);
  },
});
