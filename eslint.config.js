// Lint: the recommended JavaScript and TypeScript rules, Prettier for layout (see .prettierrc.json), and the
// project's own rules. Kept few on purpose: each one catches a real mistake.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import { architecture } from './eslint-rules/architecture.js';

/** Globals of plain JavaScript files run by Node (TypeScript files get theirs from @types/node). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'performance',
    'fetch',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'queueMicrotask',
    'TextDecoder',
    'TextEncoder',
  ].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test/fixtures/generated/**', 'test/.tmp/**', 'coverage/**', 'test/fixtures/lint/**'] }, // lint fixtures fail on purpose (test/architecture.test.ts)
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off', // parsers and sanitisers match control characters on purpose
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }], // closures that read a handle assigned later
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...NODE_GLOBALS, require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  // The layering table and no import cycles (eslint-rules/architecture.js).
  ...architecture(import.meta.dirname),
  prettier,
);
