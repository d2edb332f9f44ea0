// The house drawing holds: walks the relative imports of src/ and rules/ (type-only ones included, as a
// type-level cycle couples modules as much as a runtime one) and fails on a module cycle, a cycle between
// folders of src/, or a layer importing from above itself (the model reads only the snapshot and util).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

/** What each folder of src/ may import besides itself (relative imports only; node: and packages are free). */
const ALLOWED: Record<string, readonly string[]> = {
  util: [],
  snapshot: ['util'],
  model: ['snapshot', 'util'],
  engine: ['model', 'snapshot', 'util'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The project files a source file imports or re-exports from, as paths relative to the package root. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/gm)].map(
    (m) => (m[1] ?? m[2])!,
  );
  return specifiers.map((s) => relative(PACKAGE_ROOT, resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
}

function graph(): Map<string, string[]> {
  const files = [...sourceFiles(join(PACKAGE_ROOT, 'src')), ...sourceFiles(join(PACKAGE_ROOT, 'rules'))];
  return new Map(files.map((f) => [relative(PACKAGE_ROOT, f), importsOf(f).filter((target) => existsSync(join(PACKAGE_ROOT, target)))]));
}

/** One cycle of the graph, as the path that closes it, or undefined. */
export function findCycle(edges: Map<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const srcFolder = (path: string) => (path.startsWith(`src${sep}`) ? path.split(sep)[1] : undefined);

test('no import cycle between modules of src/ and rules/', () => {
  const cycle = findCycle(graph());
  assert.equal(cycle, undefined, `import cycle: ${cycle?.join(' -> ')}`);
});

test('no import cycle between folders of src/', () => {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph()) {
    const from = srcFolder(file);
    if (!from) continue;
    for (const target of targets) {
      const to = srcFolder(target);
      if (to && to !== from && !to.endsWith('.ts')) folders.set(from, (folders.get(from) ?? new Set()).add(to));
    }
  }
  const cycle = findCycle(new Map([...folders].map(([k, v]) => [k, [...v]])));
  assert.equal(cycle, undefined, `folder cycle: ${cycle?.join(' -> ')}`);
});

test('each lower layer imports only the layers below it (the model: only the snapshot and util)', () => {
  const violations: string[] = [];
  for (const [file, targets] of graph()) {
    const from = srcFolder(file);
    const allowed = from && ALLOWED[from];
    if (!allowed) continue;
    for (const target of targets) {
      const to = srcFolder(target);
      if (to !== from && !(to && allowed.includes(to))) violations.push(`${file} imports ${target}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the checks can fail: a model -> engine import and a cycle are found', () => {
  assert.deepEqual(importsOf(join(PACKAGE_ROOT, 'src', 'model', 'x.ts'), "import type { NodeView } from '../engine/facts.js';\n"), [
    join('src', 'engine', 'facts.ts'),
  ]);
  assert.deepEqual(
    findCycle(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
      ]),
    ),
    ['a', 'b', 'c', 'a'],
  );
  assert.equal(
    findCycle(
      new Map([
        ['a', ['b']],
        ['b', []],
      ]),
    ),
    undefined,
  );
});
