// No import cycles among the app's modules (electron/ and renderer/src), checked in `npm run lint`:
// a cycle makes load order decide what a module sees, and hides which layer depends on which.
// Type-only imports count too: they tie the two modules' shapes together all the same.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(p);
  }
};
// Folders to check: the arguments, else the app's own (electron/, renderer/src).
const dirs = process.argv.slice(2);
for (const d of dirs.length > 0
  ? dirs.map((x) => resolve(x))
  : [join(root, 'electron'), join(root, 'renderer', 'src')])
  walk(d);

const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const resolveImport = (from, spec) => {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
};
const graph = new Map(
  files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(importRe)) {
      const target = resolveImport(f, m[1] ?? m[2]);
      if (target) deps.add(target);
    }
    return [f, [...deps]];
  }),
);

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0;
const stack = [];
const meta = new Map();
const cycles = [];
const strong = (v) => {
  meta.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) {
      strong(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).on) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
  }
  if (meta.get(v).low === meta.get(v).index) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).on = false;
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1) cycles.push(comp);
  }
};
for (const f of files) if (!meta.has(f)) strong(f);

if (cycles.length > 0) {
  for (const c of cycles)
    process.stderr.write(`import cycle: ${c.map((f) => relative(root, f)).join(' <-> ')}\n`);
  process.stderr.write(
    `${cycles.length} import cycle(s): break each by moving the shared type or function down a layer.\n`,
  );
  process.exit(1);
}
process.stdout.write(`no import cycles among ${files.length} modules\n`);
