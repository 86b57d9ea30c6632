import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirLease } from '../../electron/node/data-dir-lease';
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
