// scripts/check-cycles.mjs (part of npm run lint) fails on an import cycle, type-only imports and
// import() included, and names the files; a tree without one passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/fixtures';

const check = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-cycles-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return spawnSync(process.execPath, [join(repoRoot, 'scripts', 'check-cycles.mjs'), dir], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('a cycle through a type-only import fails and names both files; none passes', () => {
  const bad = check({
    'a.ts': "import type { B } from './b';\nexport type A = B;\n",
    'b.ts': "export const load = () => import('./a');\nexport type B = number;\n",
  });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /import cycle: .*[ab]\.ts <-> .*[ab]\.ts/);
  const good = check({
    'a.ts': "import { b } from './b';\nexport const a = b;\n",
    'b.ts': 'export const b = 1;\n',
  });
  assert.equal(good.status, 0, good.stderr);
});
