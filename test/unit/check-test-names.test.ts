// scripts/check-test-names.mjs (part of npm run lint): a test file is named after a source file,
// exactly or with an aspect after a dash; any other name fails and is listed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/fixtures';

const check = (files: string[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-test-names-'));
  try {
    for (const f of files) writeFileSync(join(dir, f), '');
    return spawnSync(process.execPath, [join(repoRoot, 'scripts', 'check-test-names.mjs'), dir], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('named after a source (with or without an aspect) passes; anything else fails, listed', () => {
  assert.equal(check(['key-service.test.ts', 'monitor-command-lease.test.ts']).status, 0);
  const bad = check(['key-service.test.ts', 'misc-stuff.test.ts']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /1 test file\(s\) named after no source file: .*misc-stuff\.test\.ts/);
});
