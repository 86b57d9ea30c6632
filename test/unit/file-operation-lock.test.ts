import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GatewayError } from '../../electron/core/gateway-error';
import { FileOperationLock } from '../../electron/node/compose/file-operation-lock';

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

test('eight processes racing for the lock: exactly one holds it, the others are told who', async () => {
  const d = dir();
  const go = join(d, 'go');
  // Each child waits for the same start signal, then tries once and keeps what it got until killed.
  const script = `
    import { existsSync } from 'node:fs';
    import { FileOperationLock } from ${JSON.stringify(join(process.cwd(), 'electron/node/compose/file-operation-lock.ts'))};
    console.log('ready');
    while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
    try { await new FileOperationLock(${JSON.stringify(d)}).acquire('up'); console.log('won'); }
    catch (e) { console.log(e.code === 'BUSY' && /Another hagw \\(pid \\d+\\)/.test(e.message) ? 'busy' : 'error ' + e.message); }
    setInterval(() => {}, 1000);
  `;
  const kids = Array.from({ length: 8 }, () =>
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const lineOf = (k: (typeof kids)[number], n: number) =>
    new Promise<string>((resolve) => {
      let out = '';
      k.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const lines = out.split('\n');
        if (lines.length > n) resolve(lines[n - 1]!.trim());
      });
    });
  const ready = kids.map((k) => lineOf(k, 1));
  const said = kids.map((k) => lineOf(k, 2));
  try {
    // Every child in its wait loop (tsx start-up is slow on a busy machine) before the signal.
    await Promise.all(ready);
    writeFileSync(go, '');
    const lines = await Promise.all(said);
    assert.equal(lines.filter((l) => l === 'won').length, 1, lines.join(', '));
    assert.equal(lines.filter((l) => l === 'busy').length, 7, lines.join(', '));
  } finally {
    for (const k of kids) k.kill('SIGKILL');
  }
});
