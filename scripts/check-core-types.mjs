// core and shared compile with `types: []` (tsconfig.core.json) so that no process, Buffer or
// timers creep in. A package's typings can still pull Node's in (`/// <reference types="node" />`):
// this lists every file the compiler reads for them and fails if @types/node is among them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.core.json', '--noEmit', '--listFiles'],
  {
    encoding: 'utf8',
    cwd: new URL('..', import.meta.url).pathname,
  },
);
if (r.status !== 0) {
  process.stderr.write(r.stdout + r.stderr);
  process.exit(r.status ?? 1);
}
const nodeTypes = r.stdout.split('\n').filter((f) => /[\\/]@types[\\/]node[\\/]/.test(f));
if (nodeTypes.length > 0) {
  process.stderr.write(
    `core and shared see Node's typings (${nodeTypes.length} files, e.g. ${nodeTypes[0]}): a package they import references them; import it in electron/node instead.\n`,
  );
  process.exit(1);
}
process.stdout.write('core and shared compile without Node typings\n');
