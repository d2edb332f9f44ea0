import rule from '../../../rules/dns/private-resolution.js';
import { IDS } from '../../fixture-variants.js';
import { zoneOf } from '../../helpers/azure.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, server, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');
const FQDN_B = 'pg-app-b.postgres.database.azure.com';

ruleCases(rule, [
  {
    name: 'A records in the subnets and matching live answers pass',
    snapshot: healthy,
    expect: { 'node_a->node_b': { outcome: 'pass', message: [/live answer 10\.2\.0\.4/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'the live resolver returns a public address: fail',
    snapshot: withOverrides(
      healthy,
      (s) => (s.dns!.answers[FQDN_B] = { ok: true, data: { addresses: ['20.62.1.1'], resolver: 'system' } }),
    ),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        message: [/the resolver \(system\) gives pg-app-b\.postgres\.database\.azure\.com the public address 20\.62\.1\.1/],
      },
      'node_b->node_a': 'pass',
    },
  },
  {
    name: 'the live resolver returns a private address elsewhere: fail',
    snapshot: withOverrides(
      healthy,
      (s) => (s.dns!.answers[FQDN_B] = { ok: true, data: { addresses: ['10.9.0.4'], resolver: '10.1.255.10:53' } }),
    ),
    expect: { 'node_a->node_b': { outcome: 'fail', message: [/outside the delegated subnet 10\.2\.0\.0\/24/] }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'a failed live lookup is a warning',
    snapshot: withOverrides(
      healthy,
      (s) =>
        (s.dns!.answers[FQDN_B] = {
          ok: false,
          error: { code: 'ENOTFOUND', message: 'queryA ENOTFOUND pg-app-b.postgres.database.azure.com' },
        }),
    ),
    expect: { 'node_a->node_b': { outcome: 'fail', severity: 'warning' }, 'node_b->node_a': 'pass' },
  },
  {
    name: 'without live answers the ARM record decides',
    snapshot: withOverrides(healthy, (s) => delete s.dns),
    expect: { 'node_a->node_b': 'pass', 'node_b->node_a': 'pass' },
  },
  {
    name: 'a zone with a single public A record fails as public',
    snapshot: withOverrides(healthy, (s) => {
      delete s.dns;
      zoneOf(s, IDS.zone).aRecords = [{ name: 'pg-app-b', ipv4Addresses: ['20.62.1.1'] }];
    }),
    expect: {
      'node_a->node_b': {
        outcome: 'fail',
        message: [/A record pg-app-b in pg-app\.private\.postgres\.database\.azure\.com gives .* the public address 20\.62\.1\.1/],
      },
      'node_b->node_a': 'fail',
    },
  },
  {
    name: 'an empty zone fails',
    snapshot: withOverrides(healthy, (s) => {
      delete s.dns;
      zoneOf(s, IDS.zone).aRecords = [];
    }),
    expect: { 'node_a->node_b': { outcome: 'fail', message: [/has no A record in 10\.2\.0\.0\/24/] }, 'node_b->node_a': 'fail' },
  },
  {
    name: 'a provider with no private DNS zone on record is reported once, by dns/zone-linked',
    snapshot: withOverrides(healthy, (s) => delete server(s, 'node_b').network.privateDnsZoneArmResourceId),
    expect: { 'node_a->node_b': { outcome: 'skip', message: [/dns\/zone-linked reports it/] }, 'node_b->node_a': 'pass' },
  },
]);
