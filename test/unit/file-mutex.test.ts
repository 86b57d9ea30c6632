import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withFileMutex } from '../../electron/node/storage/file-mutex';

test('a lock dated in the future is stale: it would never age, so it is broken like an old one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-mutex-'));
  const lock = join(dir, '.x.lock');
  mkdirSync(lock);
  const future = new Date(Date.now() + 3_600_000);
  utimesSync(lock, future, future);
  assert.equal(await withFileMutex(lock, () => Promise.resolve('ran'), { waitMs: 500 }), 'ran');
});

test('a fresh lock held by someone else is waited for, then refused with what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-mutex-'));
  const lock = join(dir, '.x.lock');
  mkdirSync(lock);
  await assert.rejects(
    () => withFileMutex(lock, () => Promise.resolve('ran'), { waitMs: 100 }),
    /is held by another process; try again/,
  );
});
