// A source file's tests are found by its name: every test file under test/unit, test/contract and
// test/process is named after a file of the product (electron/, renderer/src, scripts/, compose/,
// resources/, the top folder's configuration, the stand-ins and test/support), either exactly ("key-service.test.ts") or with an
// aspect after a dash ("monitor-command-lease.test.ts" tests electron/cli/commands/monitor-command.ts).
// Part of `npm run lint`.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const testDirs = args.length > 0 ? args : ['test/unit', 'test/contract', 'test/process'];
const sourceDirs = [
  'electron',
  'renderer/src',
  'scripts',
  'compose',
  'resources',
  'test/standins',
  'test/support',
];

const names = new Set();
const walk = (dir, fn) => {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return; // a folder this checkout does not have
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules') walk(p, fn);
    } else fn(p);
  }
};
const nameOf = (p) =>
  basename(p)
    .replace(/\.[^.]+$/, '')
    .replace(/_/g, '-');
for (const d of sourceDirs) walk(join(root, d), (p) => names.add(nameOf(p)));
// The configuration files at the top (electron-builder.yml, package.json) are sources too.
for (const f of readdirSync(root)) if (statSync(join(root, f)).isFile()) names.add(nameOf(f));

const stray = [];
for (const d of testDirs)
  walk(resolve(root, d), (p) => {
    if (!p.endsWith('.test.ts')) return;
    const b = basename(p, '.test.ts');
    const parts = b.split('-');
    const named = parts.some((_, i) => names.has(parts.slice(0, i + 1).join('-')));
    if (!named) stray.push(relative(root, p));
  });
if (stray.length > 0) {
  process.stderr.write(
    `${stray.length} test file(s) named after no source file: ${stray.join(', ')}. Name a test after the file it tests (<source>.test.ts or <source>-<aspect>.test.ts).\n`,
  );
  process.exit(1);
}
process.stdout.write('every test file is named after its source\n');
