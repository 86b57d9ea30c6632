import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirLease } from '../../electron/node/storage/data-dir-lease';
import { FakeTime } from '../support/fake-timers';

const pair = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-lease-'));
  const time = new FakeTime();
  const o = { checkMs: 10_000, ttlMs: 40_000, alive: () => true };
  return {
    dir,
    time,
    a: new DataDirLease(dir, 'the tray app', time, time, o),
    b: new DataDirLease(dir, 'hagw monitor', time, time, o),
  };
};

test('of two contenders exactly one holds the lease; the other names the holder', async () => {
  const { a, b } = pair();
  await Promise.all([a.start(), b.start()]);
  assert.equal(Number(a.held()) + Number(b.held()), 1);
  const loser = a.held() ? b : a;
  assert.match(loser.holder() ?? '', /^(the tray app|hagw monitor), pid \d+$/);
  a.dispose();
  b.dispose();
});

test('a holder that stops renewing is replaced once the ttl has passed, not before', async () => {
  const { a, b, time } = pair();
  await a.start();
  await b.start();
  assert.deepEqual([a.held(), b.held()], [true, false]);
  // a hangs: its timers stop (disposed without releasing the file), b keeps checking.
  const stuck = a as unknown as { store: { dispose(): void } };
  stuck.store.dispose();
  time.advance(30_000);
  await b.check();
  assert.equal(b.held(), false, 'renewed 30 s ago: still a');
  time.advance(20_000);
  await b.check();
  assert.equal(b.held(), true, 'not renewed for 50 s: b took over');
  b.dispose();
});

test('a clean release hands over at the next check; a holder whose process is gone at once', async () => {
  const { dir, a, b, time } = pair();
  await a.start();
  await b.start();
  await a.release();
  await b.check();
  assert.equal(b.held(), true);
  await b.release();
  // A lease left by a process of this host that no longer runs is free, whatever its age.
  const lease = join(dir, 'sender.lease');
  writeFileSync(
    lease,
    JSON.stringify({
      owner: 'dead',
      pid: 999_999,
      host: (await import('node:os')).hostname(),
      what: 'hagw monitor',
      renewedAt: time.now(),
    }),
  );
  const c = new DataDirLease(dir, 'hagw ui', time, time, {
    checkMs: 10_000,
    ttlMs: 40_000,
    alive: (pid) => pid !== 999_999,
  });
  await c.start();
  assert.equal(c.held(), true);
  assert.match(readFileSync(lease, 'utf8'), /"what":"hagw ui"/);
  c.dispose();
});

test('a lease file that does not parse is nobody’s', async () => {
  const { dir, a } = pair();
  writeFileSync(join(dir, 'sender.lease'), '{not json');
  await a.start();
  assert.equal(a.held(), true);
  a.dispose();
});

test('a lease renewed "in the future" is stale, and a live pid that started at another time is not its holder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-lease-'));
  const time = new FakeTime();
  const write = (o: { renewedAt: number; start?: string }) =>
    writeFileSync(
      join(dir, 'sender.lease'),
      JSON.stringify({ owner: 'crafted', pid: 1, host: hostname(), what: 'init', ...o }),
    );
  const lease = (startOf: (pid: number) => string | null) =>
    new DataDirLease(dir, 'hagw monitor', time, time, {
      checkMs: 10_000,
      ttlMs: 40_000,
      alive: () => true,
      startOf,
    });
  // A timestamp a day ahead would never expire: taken at once.
  write({ renewedAt: time.now() + 86_400_000 });
  const a = await lease(() => '42').start();
  assert.equal(a.held(), true, 'a future timestamp is stale');
  await a.release();
  // pid 1 is alive, but it started at another time than the lease says: not the holder.
  write({ renewedAt: time.now(), start: '777' });
  const b = await lease(() => '1').start();
  assert.equal(b.held(), true, 'the pid names another process');
  await b.release();
  // The same start: the holder is alive and keeps its lease.
  write({ renewedAt: time.now(), start: '1' });
  const c = await lease(() => '1').start();
  assert.equal(c.held(), false);
  assert.equal(c.holder(), 'init, pid 1');
  c.dispose();
});
