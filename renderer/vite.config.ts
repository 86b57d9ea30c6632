import { defineConfig } from 'vite';

// The renderer: plain Vite, React's automatic JSX runtime, relative asset paths so the same build
// loads from file:// in Electron and from the `hagw ui` bridge server.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
});
