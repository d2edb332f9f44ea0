import rule from '../../../rules/postgres/output-plugin-allowed.js';
import { ruleCases } from '../../helpers/rule-cases.js';
import { loadFixture, removeSetting, setSetting, withOverrides } from '../../helpers/snapshots.js';

const healthy = loadFixture('healthy-two-node.json');

ruleCases(rule, [
  { name: 'the healthy fixture allows pglogical_output', snapshot: healthy, expect: { node_a: 'pass', node_b: 'pass' } },
  {
    name: 'a list without pglogical_output fails with the server error text',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_b', 'output_plugin_libraries', 'pgoutput, test_decoding')),
    expect: {
      node_a: 'pass',
      node_b: {
        outcome: 'fail',
        severity: 'error',
        message: [/library "pglogical_output" may not be used as an output plugin/],
        help: [/--name output_plugin_libraries --value "pgoutput,test_decoding,pglogical_output"/],
      },
    },
  },
  {
    name: 'servers before PostgreSQL 15.19 have no such parameter: any plugin loads',
    snapshot: withOverrides(healthy, (s) => removeSetting(s, 'node_a', 'output_plugin_libraries')),
    expect: { node_a: { outcome: 'pass', evidence: { output_plugin_libraries: null } }, node_b: 'pass' },
  },
  {
    name: 'entries are identifiers: unquoted fold to lower case, quoted keep their case',
    snapshot: withOverrides(healthy, (s) => {
      setSetting(s, 'node_a', 'output_plugin_libraries', 'pgoutput, PGLOGICAL_OUTPUT');
      setSetting(s, 'node_b', 'output_plugin_libraries', 'pgoutput, "PGLOGICAL_OUTPUT"');
    }),
    expect: { node_a: 'pass', node_b: 'fail' },
  },
  {
    name: 'an empty list fails',
    snapshot: withOverrides(healthy, (s) => setSetting(s, 'node_a', 'output_plugin_libraries', '')),
    expect: { node_a: 'fail', node_b: 'pass' },
  },
]);
