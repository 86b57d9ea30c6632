// Node 20's test runner does not expand globs: find the *.test.ts files under the given folders and
// run them with node --test (TypeScript through tsx). Exit code and summary are node's own.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const found = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) found.push(p);
  }
};
for (const d of dirs) walk(d);
if (found.length === 0) {
  console.error(`run-tests: no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}
// Tests talk to 127.0.0.0/8 only: the advisory check asks a loopback port unless a test runs its
// own OSV stand-in.
process.env.HAGW_OSV_URL ??= 'http://127.0.0.1:9';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...passthrough, ...found],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
