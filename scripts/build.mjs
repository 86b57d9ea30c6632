// One build for every output: esbuild for the Electron main process, the sandboxed preload (one
// CommonJS file, as a sandboxed preload must be) and the CLI; Vite for the renderer.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { readFile, rm } from 'node:fs/promises';

const root = new URL('..', import.meta.url).pathname;
const watchless = { bundle: true, logLevel: 'warning', sourcemap: 'linked', absWorkingDir: root };
const { dependencies } = JSON.parse(await readFile(new URL('../package.json', import.meta.url)));
// The CLI carries zod and yaml inside its own files: loaded from node_modules they are a hundred
// small ESM modules, and resolving them took half of a quick `hagw status`. The rest stay outside:
// dockerode (ssh2's native parts), BullMQ (its Lua scripts are files), and what loads lazily.
const cliBundled = ['zod', 'yaml'];

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });

await Promise.all([
  esbuild({
    ...watchless,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/main/main.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Dependencies stay in node_modules (packaged with the app); electron is provided at run time.
    packages: 'external',
  }),
  esbuild({
    ...watchless,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  }),
  esbuild({
    ...watchless,
    entryPoints: { hagw: 'electron/cli/main.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    // Commands loaded with import() get a chunk of their own, with their packages' imports: the
    // monitor and every other command never load what only `hagw batch serve` needs (BullMQ).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: Object.keys(dependencies).filter((d) => !cliBundled.includes(d)),
    // A bundled CommonJS module may require() a built-in; ESM has no require of its own.
    banner: {
      js: "import { createRequire as __hagwRequire } from 'node:module'; const require = __hagwRequire(import.meta.url);",
    },
  }),
  // The batch service's container runs this one file on a stock node image: BullMQ, ioredis and
  // zod inside, so compose/ (shipped outside the asar) needs nothing else.
  esbuild({
    ...watchless,
    sourcemap: false,
    entryPoints: ['electron/cli/batch-main.ts'],
    outfile: 'compose/batch/hagw-batch.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
  // The wake service (between LiteLLM and the vLLMs) the same way: one file, node alone.
  esbuild({
    ...watchless,
    sourcemap: false,
    entryPoints: ['electron/cli/waker-main.ts'],
    outfile: 'compose/waker/hagw-waker.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
]);

await vite({ configFile: `${root}renderer/vite.config.ts`, logLevel: 'warn' });
console.log(
  'built dist/main, dist/preload, dist/cli, dist/renderer, compose/batch/hagw-batch.cjs, compose/waker/hagw-waker.cjs',
);
