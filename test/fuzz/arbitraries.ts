// fast-check arbitraries for the generated bad-input suite: snapshots derived from the shipped
// fixtures and a valid config, mutated field by field (another JSON type, hostile text, a planted
// secret, an out-of-range number, a missing or unknown key) and as text (cut short, a BOM, a stray
// byte), plus random combinations of the real flags. Every case stays offline: configs are only
// parsed and validated (check --snapshot ... --config ...), and `collect` is given only configs that
// fail validation before any read.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { RULES } from '../../rules/index.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { PLANTED_ENV, PLANTED_SECRETS, type CliCase } from './contract.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Segment = string | number;

const FIXTURE_DIR = join(PACKAGE_ROOT, 'fixtures');
export const FIXTURE_PATHS = [
  ...readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(FIXTURE_DIR, f)),
  ...readdirSync(join(FIXTURE_DIR, 'network'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(FIXTURE_DIR, 'network', f)),
].sort();
const FIXTURES: Json[] = FIXTURE_PATHS.map((p) => JSON.parse(readFileSync(p, 'utf8')) as Json);
const HEALTHY = FIXTURE_PATHS.find((p) => p.endsWith('healthy-two-node.json'))!;

const RULE_IDS = RULES.map((r) => r.id);
const SERVER_A =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-pg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-app-a';

/** A valid config (see test/config.test.ts), pointed at nothing reachable: Azure on loopback port 9. */
export const VALID_CONFIG: Json = {
  database: 'appdb',
  topology: 'bidirectional',
  network: 'private',
  azure: { cloud: 'AzurePublicCloud', endpoint: 'https://127.0.0.1:9', credential: 'token', timeoutSeconds: 1, retries: 0, concurrency: 2 },
  nodes: [
    {
      name: 'node_a',
      server: SERVER_A,
      connection: 'host=127.0.0.1 port=9 dbname=appdb user=repl sslmode=require',
      passwordEnv: 'PG_A_PASSWORD',
      auth: 'password',
    },
    { name: 'node_b', connection: 'postgres://repl@127.0.0.1:9/appdb?sslmode=require' },
  ],
  postgres: { connectTimeoutSeconds: 1, statementTimeoutSeconds: 1 },
  dns: { resolve: false, timeoutSeconds: 1, servers: ['127.0.0.1:9'] },
  rules: { 'postgres/worker-budget': 'warning', 'azure/pending-restart': 'off' },
  suppressions: [{ rule: 'postgres/*', target: 'node_a', reason: 'accepted for the test', expires: '2099-12-31' }],
};

// ---------------------------------------------------------------------------------------------
// Values

/** A planted secret in every form a user can write one: DSN key/value, URI, query parameter, bearer token. */
export const secretText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...PLANTED_SECRETS),
    fc.constantFrom(
      (s: string) => `password=${s}`,
      (s: string) => `host=h user=u password='${s} x' dbname=d`,
      (s: string) => `host=h sslpassword = ${s}`,
      (s: string) => `postgres://repl:${s}@pg.example/appdb?sslmode=require`,
      (s: string) => `postgresql://pg.example/appdb?password=${s}&sslmode=require`,
      (s: string) => `postgres://pg.example/appdb?pass%77ord=${s}`,
      (s: string) => `connect failed: Authorization: Bearer ${s}`,
      (s: string) => `PASSWORD=${s}`,
    ),
  )
  .map(([secret, form]) => form(secret));

const HOSTILE_FIXED = [
  '',
  ' ',
  'sub\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil',
  '\u001b[31mred\u001b[0m',
  '\r\nInjected: line',
  '\u0000',
  '\ud800',
  '\u202e\u2066\u061c',
  ']]><x/>&amp;<![CDATA[',
  '"\'\\',
  '${PGPASSWORD}',
  '$(id)`id`',
  '../../../../etc/passwd',
  '%s%n%x',
  '__proto__',
  'constructor',
  '10.0.0.0/33',
  '-1',
  'NaN',
  'null',
  '🐘'.repeat(50),
  'a'.repeat(70_000),
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FIXED) },
  { weight: 3, arbitrary: secretText },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        '\u0000',
        '\u0007',
        '\u001b',
        '[',
        '\u009b',
        '\u202e',
        '\n',
        '\r',
        '\t',
        '\\',
        '"',
        "'",
        '=',
        ' ',
        'a',
        '/',
        '%',
        '$',
        '<',
        '&',
      ),
      maxLength: 30,
    }),
  },
  // Huge text: one long line, and a long run of escapes.
  { weight: 1, arbitrary: fc.constantFrom(100_000, 1_000_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.nat({ max: 5000 }).map((n) => '\u001b[2J'.repeat(n + 1)) },
);

const outOfRangeNumber = fc.constantFrom(-1, 0, -0, 0.5, 65536, 4097, 2 ** 31, 2 ** 53 + 2, -1e308, 1e308, Number.MIN_VALUE);

/** Any JSON value of another type than the one it replaces (and sometimes of the same). */
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: outOfRangeNumber },
  { weight: 2, arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [null], { '': null }, [[[[[]]]]]) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknownKey', '', 'node_a', 'node_c', '$schema'),
  hostileString.filter((s) => s.length < 1000),
);

// ---------------------------------------------------------------------------------------------
// Mutations of a JSON document, field by field

export type Mutation =
  | { op: 'replace'; pick: number; value: Json }
  | { op: 'delete'; pick: number }
  | { op: 'addKey'; pick: number; key: string; value: Json }
  | { op: 'renameKey'; pick: number; key: string }
  // Very many schema errors at once: an array of `count` wrong items in place of a field.
  | { op: 'manyErrors'; pick: number; count: number; item: Json };

const pick = fc.nat({ max: 1_000_000 });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), pick, value: anyJson }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('addKey' as const), pick, key: hostileKey, value: anyJson }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('renameKey' as const), pick, key: hostileKey }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('manyErrors' as const),
      pick,
      count: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(10, 1000) }, { weight: 1, arbitrary: fc.constant(150_000) }),
      item: fc.constantFrom<Json>(7, 'x', null, { bogus: 1 }),
    }),
  },
);

function pathsOf(value: Json, prefix: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function getAt(root: Json, path: readonly Segment[]): Json {
  let node: Json = root;
  for (const s of path) node = (node as Record<string, Json>)[s as string] as Json;
  return node;
}

/** Sets (or deletes, with `undefined`) the value at a non-empty path; own properties only, so `__proto__` is a key. */
function setAt(root: Json, path: readonly Segment[], value: Json | undefined): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string, Json> | Json[];
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(last as number, 1);
    else parent[last as number] = value;
  } else if (value === undefined) delete parent[last as string];
  else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
}

export function applyMutations(document: Json, mutations: readonly Mutation[]): Json {
  let doc = structuredClone(document);
  for (const m of mutations) {
    const paths = pathsOf(doc);
    const path = paths[m.pick % paths.length]!;
    if (m.op === 'replace') {
      if (path.length === 0) doc = m.value;
      else setAt(doc, path, structuredClone(m.value));
    } else if (m.op === 'delete') {
      if (path.length > 0) setAt(doc, path, undefined);
    } else if (m.op === 'manyErrors') {
      // The array holding the picked field gets `count` wrong items; an object gets `count` unknown keys.
      let at = path;
      while (at.length > 0 && (getAt(doc, at) === null || typeof getAt(doc, at) !== 'object')) at = at.slice(0, -1);
      const target = getAt(doc, at) as Json[] | Record<string, Json>;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- at the root the document itself may be null or a scalar
      if (target === null || typeof target !== 'object') continue;
      if (Array.isArray(target)) {
        target.length = 0;
        for (let i = 0; i < m.count; i++) target.push(structuredClone(m.item));
      } else for (let i = 0; i < m.count; i++) setAt(doc, [...at, `unknown_${i}`], structuredClone(m.item));
    } else {
      // addKey and renameKey work on the nearest object at or above the picked path.
      let at = path;
      while (at.length > 0 && (Array.isArray(getAt(doc, at)) || typeof getAt(doc, at) !== 'object' || getAt(doc, at) === null))
        at = at.slice(0, -1);
      const target = getAt(doc, at);
      if (target === null || typeof target !== 'object' || Array.isArray(target)) continue;
      if (m.op === 'addKey') setAt(doc, [...at, m.key], structuredClone(m.value));
      else {
        const keys = Object.keys(target);
        if (keys.length === 0) continue;
        const old = keys[m.pick % keys.length]!;
        const value = target[old]!;
        setAt(doc, [...at, old], undefined);
        setAt(doc, [...at, m.key], value);
      }
    }
  }
  return doc;
}

/** Mutations of the text itself, after the document is serialised. */
export type TextMutation = { op: 'none' } | { op: 'truncate'; at: number } | { op: 'bom' } | { op: 'insert'; at: number; text: string };
export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ op: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pick }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: pick,
      text: fc.constantFrom('\u0000', '\ufeff', '\t', '}', ',', '"', '\\', '\u001b[2J', '\r'),
    }),
  },
);

export function applyTextMutation(text: string, m: TextMutation): string {
  if (m.op === 'truncate') return text.slice(0, m.at % Math.max(1, text.length));
  if (m.op === 'bom') return `\ufeff${text}`;
  if (m.op === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Cases

/** Long strings and arrays cut short, so a counterexample fits on a screen. */
export function abbreviate(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 60)}…(${v.length} chars)`;
    if (Array.isArray(v) && v.length > 12) return [...v.slice(0, 3), `…(${v.length} items)`];
    return v;
  });
}

/** How fast-check prints a case (and its shrunk counterexample): the recipe, not the whole file text. */
function printable(c: CliCase, recipe: unknown): CliCase {
  const files = Object.fromEntries(Object.entries(c.files).map(([name, text]) => [name, `${text.length} chars`]));
  return Object.defineProperty(c, fc.toStringMethod, {
    value: () =>
      `{ argv: ${abbreviate(c.argv)}, env: ${abbreviate(Object.keys(c.env))}, files: ${abbreviate(files)}, recipe: ${abbreviate(recipe)} }`,
    enumerable: false,
  });
}

const caseEnv = fc.constantFrom<Record<string, string>>(
  PLANTED_ENV,
  { ...PLANTED_ENV, FORCE_COLOR: '1', NO_COLOR: '' },
  { ...PLANTED_ENV, PGL_PREFLIGHT_DEBUG: '' },
);

const reportFlags = fc.constantFrom<string[]>(
  [],
  ['--format', 'json'],
  ['--format', 'junit'],
  ['--verbose'],
  ['--verbose', '--color'],
  ['--fail-on', 'never'],
  ['--output', 'json=out/r.json', '--output', 'junit=r.xml'],
);

/** check --snapshot over a fixture mutated field by field (and maybe as text). */
export const snapshotCase: fc.Arbitrary<CliCase> = fc
  .record({
    fixture: fc.nat({ max: FIXTURES.length - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    text: textMutation,
    pretty: fc.boolean(),
    flags: reportFlags,
    env: caseEnv,
  })
  .map(({ fixture, mutations, text, pretty, flags, env }) => {
    const doc = applyMutations(FIXTURES[fixture]!, mutations);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify gives undefined for undefined (its typing says string)
    const body = applyTextMutation(JSON.stringify(doc, null, pretty ? 2 : undefined) ?? 'null', text);
    const recipe = { fixture: FIXTURE_PATHS[fixture]!.slice(FIXTURE_DIR.length + 1), mutations, text, pretty };
    return printable({ argv: ['check', '--snapshot', 'snap.json', ...flags], files: { 'snap.json': body }, env }, recipe);
  });

const CONFIG_NAMES = [
  'pgl-preflight.yaml',
  'pgl-preflight.yml',
  'pgl-preflight.json',
  'custom.yaml',
  'custom.json',
  'custom.conf',
] as const;

const hostileYaml = fc.constantFrom(
  // An alias bomb: each level doubles the previous one.
  [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    ),
    'database: appdb',
    'nodes: [{name: a}, {name: b}]',
  ].join('\n'),
  `database: appdb\nnodes:\n  - name: a\n    connection: !vault ${PLANTED_SECRETS[0]}\n  - name: b\n`,
  `database: appdb\ndatabase: again\nnodes: []\n`,
  `database: appdb\nnodes:\n\t- name: a\n`,
  `%YAML 9.9\n---\ndatabase: appdb\n`,
  `--- !!binary\nZm9v\n`,
  `database: !!js/function "function(){}"\n`,
  `<<: {database: appdb}\nnodes: [{name: a}, {name: b}]\n`,
  `[1, 2`,
  `database: "${PLANTED_SECRETS[0]}\n`,
);

/** check --snapshot <valid fixture> --config <config mutated field by field>: parsed and validated, never collected. */
export const configCase: fc.Arbitrary<CliCase> = fc
  .record({
    name: fc.constantFrom(...CONFIG_NAMES),
    body: fc.oneof(
      {
        weight: 9,
        arbitrary: fc.record({ mutations: fc.array(mutation, { minLength: 0, maxLength: 3 }), text: textMutation, yaml: fc.boolean() }),
      },
      { weight: 1, arbitrary: hostileYaml },
    ),
    explicit: fc.boolean(),
    flags: reportFlags,
    env: caseEnv,
  })
  .map(({ name, body, explicit, flags, env }) => {
    const text =
      typeof body === 'string'
        ? body
        : applyTextMutation(
            (() => {
              const doc = applyMutations(VALID_CONFIG, body.mutations);
              // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify gives undefined for undefined (its typing says string)
              return body.yaml && !name.endsWith('.json') ? toYaml(doc) : (JSON.stringify(doc, null, 2) ?? 'null');
            })(),
            body.text,
          );
    // A non-default name is always named with --config (a default name sometimes is not).
    const useFlag = explicit || name.startsWith('custom');
    return printable(
      { argv: ['check', '--snapshot', HEALTHY, ...(useFlag ? ['--config', name] : []), ...flags], files: { [name]: text }, env },
      body,
    );
  });

// ---------------------------------------------------------------------------------------------
// Flags

const FILES_FOR_FLAGS: Record<string, string> = {
  'snap.json': readFileSync(HEALTHY, 'utf8'),
  'bad.yaml': 'database: appdb\nnodes:\n  - name: only_one\n',
  'leaky.yaml': `database: appdb\nnodes:\n  - name: a\n    connection: "host=h password=${PLANTED_SECRETS[0]}"\n  - name: b\n`,
  // Valid in form, but node a's password variable is unset: collect stops before any read.
  'unset-password.yaml': `database: appdb\nazure:\n  endpoint: https://127.0.0.1:9\n  credential: token\nnodes:\n  - name: a\n    server: ${SERVER_A}\n    connection: "host=127.0.0.1 port=9 dbname=appdb user=r sslmode=require"\n    passwordEnv: PGL_FUZZ_UNSET\n  - name: b\n`,
  'dir/.keep': '',
};

const badValue = fc.oneof(
  fc.constantFrom('', '-', '--', '=', '.', 'dir', '/dev/null', 'missing.json', '--verbose', 'a,b', ',', 'x=y=z'),
  hostileString.filter((s) => s.length < 10_000),
);

function flagWith(name: string, valid: readonly string[]): fc.Arbitrary<string[]> {
  const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: badValue });
  return fc.oneof(
    value.map((v) => [name, v]),
    value.map((v) => [`${name}=${v}`]),
    fc.constant<string[]>([name]),
  );
}

const ruleIds = [...RULE_IDS.slice(0, 5), 'postgres/*', 'network/*', 'nope/*', 'postgres/wal-level,pglogical/*'];
const checkFlag = fc.oneof(
  flagWith('--snapshot', ['snap.json', 'snap.json', 'missing.json', 'bad.yaml', 'dir']),
  flagWith('--config', ['bad.yaml', 'leaky.yaml', 'missing.yaml', 'snap.json']),
  flagWith('--format', ['text', 'json', 'junit', 'xml']),
  flagWith('--output', ['json=out.json', 'junit=out/r.xml', 'text=t.txt', 'json=dir', 'json=snap.json', 'sarif=x', 'json=']),
  flagWith('--fail-on', ['error', 'warning', 'info', 'never', 'fatal']),
  flagWith('--rule', ruleIds),
  flagWith('--skip-rule', ruleIds),
  flagWith('--save-snapshot', ['saved.json', 'dir']),
  fc.constantFrom(
    ['--color'],
    ['--no-color'],
    ['--color=false'],
    ['--verbose'],
    ['-v'],
    ['--no-verbose'],
    ['--help'],
    ['--version'],
    ['--bogus'],
    ['-x'],
    ['--'],
    ['extra'],
  ),
);
/** `check` with flags in every form, valid or not (the plain check-flags parser is compared with yargs on these). */
export const checkArgv: fc.Arbitrary<string[]> = fc.array(checkFlag, { maxLength: 5 }).map((f) => ['check', ...f.flat()]);

const collectFlag = fc.oneof(
  flagWith('--config', ['bad.yaml', 'leaky.yaml', 'missing.yaml', 'unset-password.yaml', 'snap.json', 'dir']),
  flagWith('--output', ['out.json', '-', 'dir']),
  flagWith('-o', ['out.json']),
  fc.constantFrom(['--help'], ['--bogus'], ['--verbose']),
);
const rulesFlag = fc.oneof(flagWith('--format', ['text', 'json', 'junit']), fc.constantFrom(['--help'], ['--verbose'], ['--bogus'], ['x']));

export const flagsCase: fc.Arbitrary<CliCase> = fc
  .oneof(
    { weight: 5, arbitrary: checkArgv },
    // check with a valid snapshot first, then random flags: reaches evaluation more often.
    { weight: 3, arbitrary: fc.array(checkFlag, { maxLength: 3 }).map((f) => ['check', '--snapshot', 'snap.json', ...f.flat()]) },
    { weight: 2, arbitrary: fc.array(collectFlag, { maxLength: 3 }).map((f) => ['collect', ...f.flat()]) },
    { weight: 1, arbitrary: fc.array(rulesFlag, { maxLength: 3 }).map((f) => ['rules', ...f.flat()]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.oneof(fc.constantFrom(...RULE_IDS.slice(0, 3), 'nope/rule', 'postgres/*'), badValue),
          fc.array(fc.constantFrom('--help', '--bogus', 'extra', '--format'), { maxLength: 2 }),
        )
        .map(([id, rest]) => ['explain', id, ...rest]),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof(badValue, fc.constantFrom('check', 'rules', '--help', '--version', 'chek', 'explain')), {
        maxLength: 3,
      }),
    },
  )
  // Every config in FILES_FOR_FLAGS fails before a read, and none has a default name: check without a
  // valid --snapshot and collect stop at an input error (the worker refuses any network use anyway).
  .chain((argv) => caseEnv.map((env) => printable({ argv, files: FILES_FOR_FLAGS, env }, 'the files of FILES_FOR_FLAGS')));

export const anyCase: fc.Arbitrary<CliCase> = fc.oneof(
  { weight: 4, arbitrary: snapshotCase },
  { weight: 3, arbitrary: configCase },
  { weight: 3, arbitrary: flagsCase },
);
