import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PushRouter, type PushChannel } from '../../electron/node/push/push-router';
import type { PushMessage, QuietHours } from '../../electron/shared/notify';
import { FakeTime, flushPromises } from '../support/fake-timers';

const msg = (id: string, o: Partial<PushMessage> = {}): PushMessage => ({
  id,
  source: 'keys',
  severity: 'warning',
  state: 'firing',
  title: id,
  message: `${id} happened`,
  at: '2026-12-01T12:00:00.000Z',
  actions: [],
  ...o,
});

const recorder = (id: string, fail: () => boolean = () => false) => {
  const got: string[] = [];
  let attempts = 0;
  const c: PushChannel = {
    id,
    name: id,
    send: (m) => {
      attempts++;
      if (fail()) return Promise.reject(new Error('HTTP 500'));
      got.push(`${m.state}:${m.id}`);
      return Promise.resolve();
    },
  };
  return { c, got, attempts: () => attempts };
};

const router = (channels: PushChannel[], quiet: QuietHours | null = null) => {
  const time = new FakeTime(new Date(2026, 11, 1, 12, 0).getTime());
  const warnings: string[] = [];
  const r = new PushRouter({
    settings: () => Promise.resolve({ channels, quietHours: quiet }),
    clock: time,
    timers: time,
    warn: (l) => warnings.push(l),
    retryDelaysMs: [1000, 2000],
  });
  return { r, time, warnings };
};

test('a failing channel is retried with backoff, logged once, and never delays the others', async () => {
  let down = true;
  const bad = recorder('ntfy-bad', () => down);
  const good = recorder('webhook-ok');
  const { r, time, warnings } = router([bad.c, good.c]);
  await r.route([msg('a'), msg('b')]);
  await flushPromises();
  assert.deepEqual(good.got, ['firing:a', 'firing:b'], 'the good channel got both at once');
  assert.equal(bad.attempts(), 1);
  time.advance(999);
  await flushPromises();
  assert.equal(bad.attempts(), 1, 'no retry before the first backoff');
  time.advance(1);
  await flushPromises();
  assert.equal(bad.attempts(), 2);
  time.advance(2000);
  await flushPromises();
  // The third and last attempt for a, then b's first attempt at once (it was queued behind a).
  assert.equal(bad.attempts(), 4);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0] ?? '', /ntfy-bad.*HTTP 500/);
  const obs = await r.observations();
  assert.deepEqual(
    obs.map((o) => [o.id, o.severity, o.source]),
    [['notify:failing:ntfy-bad', 'warning', 'notify']],
  );
  down = false;
  time.advance(1000);
  await r.idle();
  assert.deepEqual(bad.got, ['firing:b'], 'b, queued behind a, went out once the channel worked');
  assert.deepEqual(await r.observations(), [], 'a channel that works again clears its alert');
  assert.match(warnings.at(-1) ?? '', /works again/);
});

test('in quiet hours only criticals go out; the rest waits, and what resolved meanwhile never goes', async () => {
  const ch = recorder('desk');
  const { r, time } = router([ch.c], { start: '22:00', end: '07:00' });
  time.advance(11 * 60 * 60_000); // 23:00 local
  await r.route([msg('warn-1'), msg('fan', { severity: 'critical' })]);
  await r.route([msg('warn-2')]);
  await r.route([msg('warn-1', { state: 'resolved' })]);
  await r.idle();
  assert.deepEqual(ch.got, ['firing:fan']);
  time.advance(8 * 60 * 60_000); // 07:00
  await r.route([]);
  await r.idle();
  assert.deepEqual(ch.got, ['firing:fan', 'firing:warn-2']);
});

test('a channel added in-process (the desktop) gets the same messages, until disposed', async () => {
  const stored = recorder('webhook-1');
  const desktop = recorder('desktop');
  const { r } = router([stored.c]);
  const sub = r.addChannel(desktop.c);
  await r.route([msg('a')]);
  sub.dispose();
  await r.route([msg('b')]);
  await r.idle();
  assert.deepEqual(desktop.got, ['firing:a']);
  assert.deepEqual(stored.got, ['firing:a', 'firing:b']);
});

test('a channel that never answers does not hold up route() (the tick) or the other channels', async () => {
  const hung: PushChannel = { id: 'hung', name: 'hung', send: () => new Promise(() => undefined) };
  const good = recorder('good');
  const { r } = router([hung, good.c]);
  await r.route([msg('a')]);
  await r.route([msg('b')]);
  await flushPromises();
  assert.deepEqual(good.got, ['firing:a', 'firing:b']);
});

test('a failing channel that is removed takes its alert with it', async () => {
  const bad = recorder('ntfy-gone', () => true);
  const channels: PushChannel[] = [bad.c];
  const time = new FakeTime();
  const r = new PushRouter({
    settings: () => Promise.resolve({ channels, quietHours: null }),
    clock: time,
    timers: time,
    warn: () => undefined,
    retryDelaysMs: [1000],
  });
  await r.route([msg('a')]);
  await flushPromises();
  time.advance(1000);
  await flushPromises();
  await r.idle();
  assert.deepEqual(
    (await r.observations()).map((o) => o.id),
    ['notify:failing:ntfy-gone'],
  );
  channels.length = 0; // hagw notify remove ntfy-gone
  assert.deepEqual(await r.observations(), []);
});
