import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../electron/node/storage/atomic-file';

test('writes with mode 0600 and leaves no temp file behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-atomic-'));
  const p = join(dir, 'sub', '.env');
  await writeFileAtomic(p, 'A=1\n');
  assert.equal(readFileSync(p, 'utf8'), 'A=1\n');
  assert.equal(statSync(p).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['.env']);
});

test('replacing a world-readable file still ends 0600, and the old content is never half-written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-atomic-'));
  const p = join(dir, 'keys.json');
  writeFileSync(p, 'old', { mode: 0o644 });
  await writeFileAtomic(p, 'new');
  assert.equal(readFileSync(p, 'utf8'), 'new');
  assert.equal(statSync(p).mode & 0o777, 0o600);
});

test('a write into a folder that cannot exist fails and leaves nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-atomic-'));
  const file = join(dir, 'plain');
  writeFileSync(file, 'x');
  await assert.rejects(writeFileAtomic(join(file, 'child.json'), 'data'));
  assert.deepEqual(readdirSync(dir), ['plain']);
});
