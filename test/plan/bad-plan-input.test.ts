// A malformed plan file is bad input: exit 2 with one line naming the file, never an internal error.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { cli, tempDir } from '../helpers/cli.js';

type Json = Record<string, unknown>;
const load = (name: string) => JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans', name), 'utf8')) as Json;
const changes = (doc: Json) => doc.resource_changes as Json[];
const server = (doc: Json) => changes(doc).find((c) => c.type === 'azurerm_postgresql_flexible_server')!;

const CASES: [string, string, (doc: Json) => void][] = [
  ['Terraform "actions": {}', 'healthy-two-node.tfplan.json', (d) => ((server(d).change as Json).actions = {})],
  ['Terraform type "toString"', 'healthy-two-node.tfplan.json', (d) => (server(d).type = 'toString')],
  ['Terraform type "constructor"', 'healthy-two-node.tfplan.json', (d) => (server(d).type = 'constructor')],
  ['Terraform non-string address', 'healthy-two-node.tfplan.json', (d) => (server(d).address = 42)],
  [
    'Terraform root_module.resources as an object',
    'healthy-two-node.tfplan.json',
    (d) => (((d.configuration as Json).root_module as Json).resources = { a: 1 }),
  ],
  ['what-if changeType "constructor"', 'healthy-two-node.whatif.json', (d) => ((d.changes as Json[])[0]!.changeType = 'constructor')],
  ['what-if changeType "toString"', 'healthy-two-node.whatif.json', (d) => ((d.changes as Json[])[0]!.changeType = 'toString')],
];

for (const [name, fixture, edit] of CASES) {
  test(`check --plan, ${name}: exit 2 or a verdict, never an internal error`, () => {
    const dir = tempDir();
    const doc = load(fixture);
    edit(doc);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(doc));
    const run = cli(['check', '--plan', 'plan.json', '--format', 'json'], { cwd: dir });
    assert.ok(!/internal error/i.test(run.stderr), run.stderr);
    assert.ok([0, 1, 2].includes(run.status ?? -1), `${run.status}: ${run.stderr}`);
    if (name.startsWith('what-if')) assert.equal(run.status, 2, 'not a what-if change type');
    if (run.status === 2) assert.match(run.stderr, /^pgl-preflight: plan\.json: [^\n]+\n$/);
  });
}
