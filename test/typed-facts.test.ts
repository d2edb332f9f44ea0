// Fact requirements are checked by the compiler: a rule's `ctx.node()` view has the fields of the facts it
// declares and no others, and message ids and `uses` keep their types through defineRule. Each case compiles
// a small rule (in memory, beside the real rules) with the project's tsconfig and looks at the errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const RULE_FILE = join(PACKAGE_ROOT, 'rules', 'postgres', 'typed-facts-probe.ts');

let previous: ts.Program | undefined;

function compileRule(body: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(PACKAGE_ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  assert.ok(config);
  const source = `import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
export default ${body};
`;
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => file === RULE_FILE || ts.sys.fileExists(file);
  host.readFile = (file) => (file === RULE_FILE ? source : readFile(file));
  host.getSourceFile = (file, language, onError, create) =>
    file === RULE_FILE ? ts.createSourceFile(file, source, language) : getSourceFile(file, language, onError, create);
  // The previous program's unchanged files (the engine, the model, lib.d.ts) are reused, not parsed again.
  const program = ts.createProgram([RULE_FILE], options, host, previous);
  previous = program;
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(RULE_FILE))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const rule = (requires: string, check: string, extra = '') => `defineRule({
  id: 'postgres/typed-facts-probe', title: 't', description: 'd', severity: 'error', help: 'h',
  requires: ${requires},${extra}
  messages: { bad: { message: 'm', help: 'h' } },
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    ${check}
  },
})`;

test('a rule reads the declared facts without `!`', () => {
  assert.deepEqual(
    compileRule(
      rule("['postgres', 'azure.server']", "return node.postgres.roles && node.server.name ? ctx.pass('ok') : ctx.fail('bad', {});"),
    ),
    [],
  );
});

test('a rule that reads a fact it did not declare does not compile', () => {
  const errors = compileRule(rule("['settings']", "return node.postgres ? ctx.pass('ok') : ctx.fail('bad', {});"));
  assert.ok(
    errors.some((e) => e.includes("Property 'postgres' does not exist on type 'CheckedNodeView<\"settings\", never>'")),
    errors.join('\n'),
  );
});

test('an optional fact is readable, and may be undefined', () => {
  assert.deepEqual(
    compileRule(
      rule("['settings']", "return node.server?.name ? ctx.pass('ok') : ctx.fail('bad', {});", "\n  optionalFacts: ['azure.server'],"),
    ),
    [],
  );
  const errors = compileRule(
    rule("['settings']", "return node.server.name ? ctx.pass('ok') : ctx.fail('bad', {});", "\n  optionalFacts: ['azure.server'],"),
  );
  assert.ok(
    errors.some((e) => /'node.server' is possibly 'undefined'/.test(e)),
    errors.join('\n'),
  );
});

test('a peer node is not checked: its declared facts may be undefined', () => {
  const errors = compileRule(rule("['postgres']", "return ctx.peer('node_b').postgres.roles ? ctx.pass('ok') : ctx.fail('bad', {});"));
  assert.ok(
    errors.some((e) => e.includes("possibly 'undefined'")),
    errors.join('\n'),
  );
});

test('message ids and `uses` keep their types through defineRule', () => {
  const wrongMessage = compileRule(rule("['postgres']", "return ctx.fail('typo', {});"));
  assert.ok(
    wrongMessage.some((e) => e.includes('Argument of type \'"typo"\' is not assignable to parameter of type \'"bad"\'')),
    wrongMessage.join('\n'),
  );
  const undeclaredUse = compileRule(
    rule("['postgres']", "return ctx.resultsOf('postgres/wal-level').length ? ctx.pass('ok') : ctx.fail('bad', {});"),
  );
  assert.ok(
    undeclaredUse.some((e) => e.includes("not assignable to parameter of type 'never'")),
    undeclaredUse.join('\n'),
  );
  const declaredUse = compileRule(
    rule(
      "['postgres']",
      "return ctx.resultsOf('postgres/wal-level').length ? ctx.pass('ok') : ctx.fail('bad', {});",
      "\n  uses: ['postgres/wal-level'],",
    ),
  );
  assert.deepEqual(declaredUse, []);
});
