// ESLint over every TypeScript source (src, rules, test, bench, scripts) with typescript-eslint's strict,
// type-aware presets; Prettier owns formatting (eslint-config-prettier turns the style rules off).
// Each exception below carries its reason; the README's contributing section lists them.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'schemas/', 'fixtures/', '.tmp/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Counts, ports, prefix lengths and priorities go into messages as numbers; anything else must be made a string on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // node:test's test() returns a promise the runner itself awaits; awaiting it at top level would serialize nothing.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      // `() => assert.equal(...)`-style arrow shorthands are the house style for callbacks whose value is ignored.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // With noUncheckedIndexedAccess, `xs[i]!` / `map.get(k)!` mark a lookup the code has just made safe (binary searches,
      // regex groups, xs[0] after a length test, a key put there above); any other `!` is refused below, so a fact or an
      // optional field is never asserted present.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Snapshots, plans and configs are plain JSON records keyed by resource id or name: deleting a key is the operation there.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // `||` on strings and numbers deliberately treats '' and 0 as absent (terminal width 0, empty ARM fields, unset settings).
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, number: true } }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'TSNonNullExpression:not([expression.type="MemberExpression"][expression.computed=true]):not([expression.type="CallExpression"][expression.callee.property.name="get"])',
          message: 'Non-null assertion on something other than an index or a Map lookup: narrow it (if/??/throw) instead.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks read the fixtures they just built: a `!` there fails at once, as an assertion would.
      'no-restricted-syntax': 'off',
      // They also read reports and fixtures with JSON.parse and mutate them into hostile, deliberately ill-typed snapshots;
      // the assertions check the shape, so typing every parsed document would restate the schema under test.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests look for escape and control characters in the output on purpose.
      'no-control-regex': 'off',
      // Stubs implement the async interfaces they stand in for without having anything to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JavaScript (this file, bin/) is outside tsconfig.json: no type information there.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
