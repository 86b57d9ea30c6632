import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GatewayError } from '../../electron/core/gateway-error';
import { FileOperationLock } from '../../electron/node/file-operation-lock';

const dir = () => mkdtempSync(join(tmpdir(), 'hagw-lock-'));

test('a second holder is refused with the first one named; release frees it', async () => {
  const d = dir();
  const a = new FileOperationLock(d);
  const held = await a.acquire('up');
  // Another process: simulate with a lock file naming a live foreign pid (our parent).
  held.dispose();
  assert.equal(existsSync(join(d, 'stack-operation.lock')), false);
  writeFileSync(
    join(d, 'stack-operation.lock'),
    JSON.stringify({ pid: process.ppid, operation: 'up', since: '2026-12-01T10:00:00.000Z' }),
  );
  await assert.rejects(
    a.acquire('down'),
    (e: GatewayError) =>
      e.code === 'BUSY' &&
      e.message.includes(`pid ${process.ppid}`) &&
      /"up" since 2026-12-01T10:00:00/.test(e.message),
  );
});

test('a lock left by a process that died is taken over', async () => {
  const d = dir();
  const dead = spawnSync(process.execPath, [
    '-e',
    'process.stdout.write(String(process.pid))',
  ]).stdout.toString();
  writeFileSync(
    join(d, 'stack-operation.lock'),
    JSON.stringify({ pid: Number(dead), operation: 'up', since: 'x' }),
  );
  const held = await new FileOperationLock(d).acquire('up');
  held.dispose();
});

test('the data directory is created (0700) when it does not exist yet', async () => {
  const d = join(dir(), 'not-yet');
  (await new FileOperationLock(d).acquire('up')).dispose();
  assert.equal(existsSync(d), true);
});
