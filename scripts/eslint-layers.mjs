// The layer table of DESIGN.md and the ESLint rule that enforces it (eslint.config.js loads it):
// each layer names the layers and packages it may import and whether Node's built-ins are its to
// use; everything else is refused, so a new dependency in a layer is a decision, not an accident.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

export const layers = {
  shared: {
    may: [],
    packages: ['zod'],
    builtins: false,
    why: 'electron/shared is the contract: zod and itself only.',
  },
  core: {
    may: ['shared'],
    packages: [],
    builtins: false,
    why: 'electron/core is pure: talk to the world through a port in core/ports.ts.',
  },
  node: {
    may: ['shared', 'core'],
    packages: ['dockerode', 'openai', 'systeminformation', 'yaml', 'zod'],
    builtins: true,
    why: "electron/node holds adapters, one folder per domain: no 'electron', no use cases, no faces.",
  },
  app: {
    may: ['shared', 'core', 'node'],
    packages: ['zod'],
    builtins: true,
    why: 'electron/app composes adapters into use cases: it never imports a face.',
  },
  batch: {
    may: ['shared', 'core', 'node'],
    packages: ['bullmq', 'ioredis', 'zod'],
    builtins: true,
    why: 'electron/batch is the batch service, shipped as its own bundle: adapters and core only.',
  },
  waker: {
    may: ['shared', 'core', 'node'],
    packages: ['zod'],
    builtins: true,
    why: 'electron/waker is the wake service, shipped as its own bundle: adapters and core only.',
  },
  main: {
    may: ['shared', 'core', 'app'],
    packages: ['electron'],
    builtins: true,
    why: 'The Electron shell presents the application layer (electron/app): never an adapter of electron/node, never the CLI. A platform adapter it needs is listed in app/app-environment.ts.',
  },
  cli: {
    may: ['shared', 'core', 'app', 'batch', 'waker'],
    packages: [],
    builtins: true,
    why: "The CLI presents the application layer (electron/app) on plain Node: never an adapter of electron/node, no 'electron', no shell code.",
  },
  preload: {
    may: ['shared'],
    packages: ['electron'],
    builtins: false,
    why: 'The sandboxed preload bridges the contract only.',
  },
  renderer: {
    may: ['shared'],
    packages: ['react', 'react-dom', 'uplot', 'zod'],
    builtins: false,
    why: 'The renderer talks only through the contract in electron/shared.',
  },
};

const root = resolve(import.meta.dirname, '..');
const builtins = new Set(builtinModules);
const packageOf = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
/** The layer a file belongs to: electron/<layer>/..., or renderer/. */
const layerOf = (file) => {
  const rel = relative(root, file).split('\\').join('/');
  if (rel.startsWith('renderer/src/')) return 'renderer';
  const m = /^electron\/([^/]+)\//.exec(rel);
  return m && layers[m[1]] ? m[1] : null;
};

export const allowedImports = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const layer = layerOf(context.filename);
    if (!layer) return {};
    const l = layers[layer];
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      let why = null;
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(context.filename), spec));
        if (target && target !== layer && !l.may.includes(target))
          why = `the ${target} layer is not among what ${layer} may import (${l.may.join(', ') || 'nothing'})`;
      } else if (spec.startsWith('node:') || builtins.has(packageOf(spec))) {
        if (!l.builtins) why = `Node's built-in "${spec}" is not for ${layer}`;
      } else if (!l.packages.includes(packageOf(spec)))
        why = `the package "${packageOf(spec)}" is not on ${layer}'s list (${l.packages.join(', ') || 'none'})`;
      if (why) context.report({ node, message: `${why}. ${l.why}` });
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};
