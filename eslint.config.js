// The layer rule of DESIGN.md, enforced: shared <- core <- node <- {main, cli}; renderer -> shared;
// 'electron' only in electron/main and electron/preload. A violation fails `npm run lint` (and CI).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'tls',
  'crypto',
  'stream',
  'events',
  'url',
  'util',
  'zlib',
  'dgram',
  'dns',
  'worker_threads',
  'readline',
];
const ioLibraries = ['dockerode', 'docker-modem', 'systeminformation', 'electron-store', 'yaml'];

// Exact module names go in `paths`; `patterns` are gitignore-style and would match any path segment
// ("electron" would also match ../electron/shared).
const restrict = (groups, message) => {
  const exact = groups.filter((g) => !g.includes('*') && !g.includes('/'));
  const globs = groups.filter((g) => g.includes('*') || g.includes('/'));
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: exact.map((name) => ({ name, message })),
        patterns: [{ group: [...new Set([...globs, ...exact.map((n) => `${n}/*`)])], message }],
      },
    ],
  };
};

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
  {
    files: ['electron/shared/**'],
    rules: restrict(
      [
        '**/core/**',
        '**/node/**',
        '**/main/**',
        '**/cli/**',
        '**/preload/**',
        'electron',
        ...nodeBuiltins,
        ...ioLibraries,
      ],
      'electron/shared is the contract: it imports nothing but zod and itself.',
    ),
  },
  {
    files: ['electron/core/**'],
    rules: restrict(
      [
        '**/node/**',
        '**/main/**',
        '**/cli/**',
        '**/preload/**',
        'electron',
        ...nodeBuiltins,
        ...ioLibraries,
      ],
      'electron/core is pure: talk to the world through a port in core/ports.ts.',
    ),
  },
  {
    files: ['electron/node/**'],
    rules: restrict(
      ['**/main/**', '**/cli/**', '**/preload/**', 'electron'],
      "electron/node holds adapters: no 'electron', no shell code.",
    ),
  },
  {
    files: ['electron/cli/**'],
    rules: restrict(
      ['**/main/**', '**/preload/**', 'electron'],
      "The CLI runs on plain Node: no 'electron'.",
    ),
  },
  {
    files: ['electron/preload/**'],
    rules: restrict(
      ['**/core/**', '**/node/**', '**/main/**', '**/cli/**', ...nodeBuiltins, ...ioLibraries],
      'The sandboxed preload bridges the contract only.',
    ),
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [
        '**/electron/core/**',
        '**/electron/node/**',
        '**/electron/main/**',
        '**/electron/cli/**',
        '**/electron/preload/**',
        'electron',
        ...nodeBuiltins,
        ...ioLibraries,
      ],
      'The renderer talks only through the contract in electron/shared.',
    ),
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
