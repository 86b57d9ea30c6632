#!/usr/bin/env node
// `hagw`: the headless CLI. Built by `npm run build` into dist/cli.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/hagw.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('hagw: not built yet; run "npm run build" in the checkout first.\n');
  process.exit(1);
}
await import(entry.href);
