// One build for every output: esbuild for the Electron main process, the sandboxed preload (one
// CommonJS file, as a sandboxed preload must be) and the CLI; Vite for the renderer.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { rm } from 'node:fs/promises';

const root = new URL('..', import.meta.url).pathname;
const watchless = { bundle: true, logLevel: 'warning', sourcemap: 'linked', absWorkingDir: root };

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
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'dist/cli/hagw.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  }),
]);

await vite({ configFile: `${root}renderer/vite.config.ts`, logLevel: 'warn' });
console.log('built dist/main, dist/preload, dist/cli, dist/renderer');
