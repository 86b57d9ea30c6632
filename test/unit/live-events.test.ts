import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventChannel, HagwBridge } from '../../electron/shared/contract';
import { createLiveEvents, liveEvents } from '../../renderer/src/live-events';

/** A bridge whose subscriptions are counted, fed by hand. */
const countingBridge = () => {
  const subs = new Map<string, Set<(p: unknown) => void>>();
  let opened = 0;
  const bridge: Pick<HagwBridge, 'on'> = {
    on: (event: EventChannel, fn: (p: never) => void) => {
      opened += 1;
      const set = subs.get(event) ?? new Set();
      subs.set(event, set);
      set.add(fn as (p: unknown) => void);
      return () => void set.delete(fn as (p: unknown) => void);
    },
  };
  const emit = (event: string, p: unknown) => {
    for (const fn of subs.get(event) ?? []) fn(p);
  };
  return { bridge, emit, opened: () => opened, open: (e: string) => subs.get(e)?.size ?? 0 };
};

test('views share one subscription per event; it closes when the last view leaves', () => {
  const b = countingBridge();
  const live = createLiveEvents(b.bridge);
  const a: unknown[] = [];
  const c: unknown[] = [];
  const offA = live.on('alerts.changed', (p) => a.push(p));
  const offC = live.on('alerts.changed', (p) => c.push(p));
  b.emit('alerts.changed', { alerts: [1] });
  assert.equal(b.opened(), 1);
  assert.deepEqual([a, c], [[{ alerts: [1] }], [{ alerts: [1] }]]);
  offA();
  assert.equal(b.open('alerts.changed'), 1);
  offC();
  assert.equal(b.open('alerts.changed'), 0);
});

test('a view that mounts later gets the latest payload at once, not a blank until the next change', () => {
  const b = countingBridge();
  const live = createLiveEvents(b.bridge);
  const off = live.on('gpu.changed', () => undefined);
  assert.equal(live.latest('gpu.changed'), null);
  b.emit('gpu.changed', { gpus: ['card'] });
  const late: unknown[] = [];
  live.on('gpu.changed', (p) => late.push(p));
  assert.deepEqual(late, [{ gpus: ['card'] }]);
  assert.deepEqual(live.latest('gpu.changed'), { gpus: ['card'] });
  off();
});

test('a listener that unsubscribes while an event is delivered does not stop the others', () => {
  const b = countingBridge();
  const live = createLiveEvents(b.bridge);
  const heard: string[] = [];
  const off1 = live.on('stack.progress', () => (heard.push('one'), off1()));
  live.on('stack.progress', () => heard.push('two'));
  b.emit('stack.progress', 'pulling');
  b.emit('stack.progress', 'up');
  assert.deepEqual(heard, ['one', 'two', 'two']);
});

test('every view of a bridge gets the same LiveEvents', () => {
  const b = countingBridge();
  assert.equal(liveEvents(b.bridge), liveEvents(b.bridge));
});
