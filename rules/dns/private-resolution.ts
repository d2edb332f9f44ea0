import { defineRule } from '../../src/engine/rule.js';
import { pairOf, selectOrderedPairs } from '../../src/engine/targets.js';
import { azNames } from '../../src/model/azure-names.js';
import { contains, isPrivateAddress, parsePrefix } from '../../src/model/cidr.js';
import { recordsInSubnet } from '../../src/model/network.js';
import { afterDeploymentReason, createdByPlan } from '../../src/model/plan.js';

export default defineRule({
  id: 'dns/private-resolution',
  title: "The provider's FQDN resolves inside its delegated subnet",
  description:
    "The provider's FQDN must resolve to an address inside the provider's delegated subnet: an A record in its private DNS zone (matched by address, since Azure names records itself) and, with live resolution, the resolver's answer.",
  severity: 'error',
  requires: ['azure.network', 'azure.dnsZone'],
  messages: {
    noRecord: {
      message: '{{subscriber}} -> {{provider}}: private DNS zone {{zone}} has no A record in {{subnet}} for {{fqdn}}{{others}}',
      help: 'The record is written by the server: check that {{fqdn}} was created with zone {{zone}}, or restore the record (az network private-dns record-set a list --resource-group {{shell:resourceGroup}} --zone-name {{shell:zone}})',
    },
    publicAddress: {
      message: '{{subscriber}} -> {{provider}}: {{source}} gives {{fqdn}} the public address {{address}}, not an address in {{subnet}}',
      help: 'Resolve through Azure DNS in a VNET linked to {{zone}} (see dns/zone-linked); a public answer means the private zone is not used',
    },
    outsideSubnet: {
      message:
        '{{subscriber}} -> {{provider}}: {{source}} gives {{fqdn}} the address {{address}}, which is outside the delegated subnet {{subnet}}',
      help: 'Remove the stale record, or fix the custom DNS server that answers for {{fqdn}}; the server lives in {{subnet}}',
    },
    liveFailed: {
      message: '{{subscriber}} -> {{provider}}: live resolution of {{fqdn}} via {{resolver}} failed: {{reason}}',
      help: 'Run the check from a machine that uses the same DNS as {{subscriber}} (a VNET linked to {{zone}}), or set dns.servers',
    },
  },
  help: "Keep the provider's A record in its private DNS zone, and resolve through Azure DNS from VNETs linked to the zone.",
  select: selectOrderedPairs,
  check(target, ctx) {
    const { subscriber, provider } = pairOf(target);
    const prov = ctx.node(provider).network;
    const zone = prov.zone;
    // A VNET-integrated server without a zone is reported once, by dns/zone-linked.
    if (!zone) return ctx.skip(`${provider} has no private DNS zone on record (dns/zone-linked reports it)`);
    const fqdn = prov.server.fullyQualifiedDomainName ?? `${prov.server.name}.postgres.database.azure.com`;
    const subnet = prov.subnetPrefixes.map((p) => p.text).join(', ');
    const inSubnet = recordsInSubnet(zone, prov.subnetPrefixes);
    const evidence: Record<string, unknown> = { zone: zone.name, subnet, recordsInSubnet: inSubnet };
    const base = { subscriber, provider, zone: zone.name, fqdn, subnet, resourceGroup: azNames(zone.id).resourceGroup };
    // Azure writes a new server's A record into its zone when it creates the server: a plan cannot hold it.
    if (inSubnet.length === 0 && createdByPlan(ctx.snapshot, prov.server.id)) {
      return ctx.skip(
        afterDeploymentReason(`the A record of ${fqdn} in ${zone.name} (Azure writes it when it creates ${prov.server.name})`),
      );
    }
    if (inSubnet.length === 0) {
      const all = zone.aRecords.flatMap((r) => r.ipv4Addresses.map((a) => ({ name: r.name, address: a })));
      evidence.records = all;
      const stray = all[0];
      if (!stray) return ctx.fail('noRecord', { ...base, others: '' }, evidence);
      const p = parsePrefix(stray.address);
      const source = `A record ${stray.name} in ${zone.name}`;
      if (all.length === 1 && p && !isPrivateAddress(p))
        return ctx.fail('publicAddress', { ...base, source, address: stray.address }, evidence);
      if (all.length === 1) return ctx.fail('outsideSubnet', { ...base, source, address: stray.address }, evidence);
      return ctx.fail(
        'noRecord',
        { ...base, others: ` (the zone's A records point elsewhere: ${all.map((r) => `${r.name} ${r.address}`).join(', ')})` },
        evidence,
      );
    }
    const live = ctx.snapshot.dns?.answers[fqdn.toLowerCase()];
    if (live) {
      if (!live.ok)
        return ctx.fail('liveFailed', { ...base, resolver: 'the configured resolver', reason: live.error.message }, evidence, 'warning');
      evidence.live = live.data;
      for (const address of live.data.addresses) {
        const p = parsePrefix(address);
        if (p && prov.subnetPrefixes.some((s) => contains(s, p))) continue;
        const source = `the resolver (${live.data.resolver})`;
        return p && !isPrivateAddress(p)
          ? ctx.fail('publicAddress', { ...base, source, address }, evidence)
          : ctx.fail('outsideSubnet', { ...base, source, address }, evidence);
      }
    }
    const answered = inSubnet.map((r) => `${r.name} -> ${r.address}`).join(', ');
    return ctx.pass(
      `${fqdn}: A record ${answered} in ${zone.name}${live?.ok ? `; live answer ${live.data.addresses.join(', ')}` : ''}`,
      evidence,
    );
  },
});
