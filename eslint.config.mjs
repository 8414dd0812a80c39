// ESLint 9 flat config: typescript-eslint's `recommended` on the TypeScript sources, three cheap
// type-aware promise rules through the TypeScript project service, React hooks rules for the
// admin panel, and eslint-config-prettier last so no rule fights Prettier's formatting.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TS_FILES = [
  'server/src/**/*.ts',
  'admin/src/**/*.{ts,tsx}',
  'tests/**/*.ts',
  'bench/**/*.ts',
  'scripts/**/*.ts',
  'simulator/**/*.ts',
  'playground/src/**/*.ts',
  'playground/config/**/*.ts',
  '*.ts',
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'coverage/',
    'playground/.strapi/',
    'playground/.tmp/',
    'playground/types/',
    'playground/database/',
    'playground/public/',
    'tests/e2e/artifacts/',
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    // Root config files (jest.config.js, this file): plain Node.
    files: ['*.js', '*.mjs', '*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['*.js', '*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Type-aware promise rules only (the whole `recommendedTypeChecked` set is mostly
    // no-unsafe-* noise around Strapi's loosely typed APIs): a promise nobody awaits loses its
    // rejection. With projectService they add ~2 s to `npm run lint`.
    files: TS_FILES,
    ignores: ['strapi-admin.ts'], // not in any tsconfig (the admin build bundles it)
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: dirname(fileURLToPath(import.meta.url)),
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Async handlers on JSX attributes (onClick={save}) are React's usual idiom: allowed.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['admin/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  prettier
);
