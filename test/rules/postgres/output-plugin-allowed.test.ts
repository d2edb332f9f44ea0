import rule from '../../../rules/postgres/output-plugin-allowed.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, setSetting, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'the healthy fixture allows pglogical_output', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'a list without pglogical_output fails with the server error text',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'output_plugin_libraries', 'pgoutput')),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/library "pglogical_output" may not be used as an output plugin/],
        help: [/--name output_plugin_libraries --value "pgoutput,pglogical_output"/],
      },
    },
  },
  {
    name: 'an empty list fails',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'output_plugin_libraries', '')),
    expect: { node_a: 'fail', node_b: 'pass' },
  },
]);
