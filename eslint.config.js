// The layer rule of DESIGN.md, enforced by allow-list: each layer names the layers, packages and
// whether Node's built-ins it may import; anything else fails `npm run lint` (and CI). A package
// is refused unless listed, so a new dependency in a layer is a decision, not an accident.
// shared <- core <- node <- {main, cli}; renderer -> shared; 'electron' only in main and preload.
// Import cycles are checked by scripts/check-cycles.mjs, Node typings in core and shared by
// scripts/check-core-types.mjs (both part of lint and typecheck).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { allowedImports } from './scripts/eslint-layers.mjs';

const layerConfigs = [
  {
    files: ['electron/**/*.ts', 'renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    plugins: { layers: { rules: { 'allowed-imports': allowedImports } } },
    rules: { 'layers/allowed-imports': 'error' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test/.build/**',
      'test/.artifacts/**',
      'test/fixtures/**',
      'coverage/**',
      // npm run package's staged app folder (built copies of dist/).
      'out/**',
      // The batch service's bundle (npm run build), run by the stack's batch container.
      'compose/batch/hagw-batch.cjs',
      'compose/waker/hagw-waker.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: [
                'test',
                'describe',
                'it',
                'suite',
                'before',
                'after',
                'beforeEach',
                'afterEach',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...layerConfigs,
  {
    // Purity beyond imports: core and shared get time, timers and the network only through ports.
    files: ['electron/core/**', 'electron/shared/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'fetch', 'setTimeout', 'setInterval', 'setImmediate']
          .concat(['clearTimeout', 'clearInterval', 'queueMicrotask'])
          .map((name) => ({
            name,
            message: 'core and shared are pure: take a Clock, Timers or another port instead.',
          })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'No wall clock in core: take a Clock (or `now`) from the caller.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'No wall clock in core: new Date(now) with the injected time.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'No wall clock in core: Date() reads it.',
        },
      ],
    },
  },
  {
    files: ['test/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Tests use the electron stub in test/support.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
