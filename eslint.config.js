// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Counts, sizes and line numbers go into messages and keys all the time; they print as expected.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => void promise`, `(x) => set.add(x)` and `return send(...)` from a void function are our idioms.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidOperator: true, ignoreVoidReturningFunctions: true },
      ],
      // A method implementing an async port (Store, adapters) stays async when its body is synchronous, so a throw rejects.
      '@typescript-eslint/require-await': 'off',
      // Pastes carry terminal control characters; the parser and renderers match them on purpose.
      'no-control-regex': 'off',
      // `[...s]` splits by code point on purpose: clipping must not cut a surrogate pair in half.
      '@typescript-eslint/no-misused-spread': 'off',
      // A name starting with `_` is taken only to be skipped: a field left out of a copy, a counted loop.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_' }],
      // A worker and the adapters that wake it are bound late: `let worker` is read in a closure before it is set.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // A test's `!` on a value that is missing throws at once, which fails the test as clearly as an expect.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // afterAll hooks also run after a failed beforeAll, so their `?.` guards values the types call certain.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // vitest's asymmetric matchers (expect.any, expect.stringContaining) are typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
