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
      // With noUncheckedIndexedAccess, `xs[i]!` marks an index the code has just bounds-checked (binary searches, regex groups,
      // xs[0] after a length test); any other `!` is refused below, so a fact or an optional field is never asserted present.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSNonNullExpression:not([expression.type="MemberExpression"][expression.computed=true])',
          message: 'Non-null assertion on something other than an index: narrow it (if/??/throw) instead.',
        },
      ],
    },
  },
  {
    // Tests and benchmarks read the fixtures they just built: a `!` there fails at once, as an assertion would.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Plain JavaScript (this file, bin/) is outside tsconfig.json: no type information there.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
