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
const ioLibraries = ['dockerode', 'docker-modem', 'systeminformation', 'yaml'];

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

// The layer table of DESIGN.md, the one source of every import rule below: each layer lists the
// layers it may import; any other layer, 'electron' (unless `electron`) and Node's built-ins and
// I/O libraries (unless `io`) are refused. shared <- core <- node <- {main, cli}; main never
// imports cli; preload and the renderer see the contract only.
const layers = {
  shared: {
    may: [],
    io: false,
    why: 'electron/shared is the contract: it imports nothing but zod and itself.',
  },
  core: {
    may: ['shared'],
    io: false,
    why: 'electron/core is pure: talk to the world through a port in core/ports.ts.',
  },
  node: {
    may: ['shared', 'core'],
    io: true,
    why: "electron/node holds adapters: no 'electron', no shell code.",
  },
  main: {
    may: ['shared', 'core', 'node'],
    io: true,
    electron: true,
    why: 'The Electron shell presents the supervisor: it never imports the CLI.',
  },
  cli: {
    may: ['shared', 'core', 'node'],
    io: true,
    why: "The CLI runs on plain Node: no 'electron', no shell code.",
  },
  preload: {
    may: ['shared'],
    io: false,
    electron: true,
    why: 'The sandboxed preload bridges the contract only.',
  },
};
const names = Object.keys(layers);
const layerConfigs = [
  ...Object.entries(layers).map(([layer, l]) => ({
    files: [`electron/${layer}/**`],
    rules: restrict(
      [
        ...names.filter((n) => n !== layer && !l.may.includes(n)).map((n) => `**/${n}/**`),
        ...(l.electron ? [] : ['electron']),
        ...(l.io ? [] : [...nodeBuiltins, ...ioLibraries]),
      ],
      l.why,
    ),
  })),
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [
        ...names.filter((n) => n !== 'shared').map((n) => `**/electron/${n}/**`),
        'electron',
        ...nodeBuiltins,
        ...ioLibraries,
      ],
      'The renderer talks only through the contract in electron/shared.',
    ),
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
