import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type HeldRequest,
  type LifeModel,
  type LifeWorld,
  nextDeadline,
  planLifecycle,
} from '../../electron/core/model-lifecycle';

const min = 60_000;

const model = (name: string, o: Partial<LifeModel> = {}): LifeModel => ({
  name,
  vramMiB: 12_000,
  weightsMiB: 5_000,
  idleMs: 15 * min,
  pinned: false,
  sleep: 'supported',
  state: 'awake',
  level: 0,
  inFlight: 0,
  lastUsedAt: 0,
  awakeSince: 0,
  ...o,
});

const world = (models: LifeModel[], held: HeldRequest[] = [], o: Partial<LifeWorld> = {}) => ({
  models,
  held,
  budgetMiB: 21_000,
  cpuFreeMiB: 32_000,
  residualMiB: 500,
  quantumMs: 2_000,
  holdMs: 120_000,
  ...o,
});

const held = (id: number, m: string, since = 0, kind: HeldRequest['kind'] = 'interactive') => ({
  id,
  model: m,
  kind,
  since,
});

test('an idle model sleeps at level 1 once its idle time has passed, not a millisecond before', () => {
  const w = world([model('chat', { lastUsedAt: 1_000 })]);
  assert.deepEqual(planLifecycle(w, 1_000 + 15 * min - 1).actions, []);
  assert.deepEqual(planLifecycle(w, 1_000 + 15 * min).actions, [
    { do: 'sleep', model: 'chat', level: 1, why: 'idle' },
  ]);
  assert.equal(nextDeadline(w, 2_000), 1_000 + 15 * min);
});

test('idle time 0, a pin, or a vLLM without sleep mode: never sleeps for idleness', () => {
  const late = 100 * min;
  for (const m of [
    model('a', { idleMs: 0 }),
    model('b', { pinned: true }),
    model('c', { sleep: 'unsupported' }),
  ])
    assert.deepEqual(planLifecycle(world([m]), late).actions, [], m.name);
});

test('a model with a request in flight is never put to sleep, idle or evicted', () => {
  const busy = model('chat', { inFlight: 1 });
  assert.deepEqual(planLifecycle(world([busy]), 100 * min).actions, []);
  const w = world([busy, model('coder', { state: 'asleep', level: 1 })], [held(1, 'coder', 0)]);
  const plan = planLifecycle(w, 10);
  assert.deepEqual(plan.actions, []);
  assert.deepEqual(plan.yielding, ['chat'], 'chat yields: its new requests are held');
  const drained = world(
    [model('chat'), model('coder', { state: 'asleep', level: 1 })],
    [held(1, 'coder', 0)],
  );
  assert.deepEqual(planLifecycle(drained, 10).actions, [
    { do: 'sleep', model: 'chat', level: 1, why: 'room' },
  ]);
});

test('a request for a sleeping model that fits wakes it; once awake its requests are released', () => {
  const small = model('embed', { vramMiB: 1_000, state: 'asleep', level: 1 });
  const w = world([model('chat'), small], [held(7, 'embed', 0)]);
  assert.deepEqual(planLifecycle(w, 5).actions, [{ do: 'wake', model: 'embed' }]);
  const awake = world([model('chat'), { ...small, state: 'awake' }], [held(7, 'embed', 0)]);
  assert.deepEqual(planLifecycle(awake, 6).actions, [{ do: 'release', model: 'embed', ids: [7] }]);
});

test('eviction takes the least recently used unpinned model, and only as many as needed', () => {
  const w = world(
    [
      model('old', { vramMiB: 6_000, lastUsedAt: 10 }),
      model('pinned', { vramMiB: 6_000, lastUsedAt: 1, pinned: true }),
      model('recent', { vramMiB: 6_000, lastUsedAt: 500 }),
      model('big', { vramMiB: 8_000, state: 'asleep', level: 1 }),
    ],
    [held(1, 'big', 1_000)],
  );
  assert.deepEqual(planLifecycle(w, 1_001).actions, [
    { do: 'sleep', model: 'old', level: 1, why: 'room' },
  ]);
});

test('level 2 when CPU RAM cannot hold the weights', () => {
  const w = world(
    [model('chat', { weightsMiB: 9_000 }), model('coder', { state: 'asleep', level: 2 })],
    [held(1, 'coder', 0)],
    { cpuFreeMiB: 4_000 },
  );
  assert.deepEqual(planLifecycle(w, 1).actions, [
    { do: 'sleep', model: 'chat', level: 2, why: 'room' },
  ]);
});

test('a model that cannot fit past the pinned ones is refused at once, with the sizes', () => {
  const w = world(
    [model('chat', { pinned: true }), model('huge', { vramMiB: 20_000, state: 'asleep' })],
    [held(1, 'huge', 0)],
  );
  const [a] = planLifecycle(w, 1).actions;
  assert.equal(a?.do, 'refuse');
  assert.match(a?.do === 'refuse' ? a.why : '', /huge needs 20000 MiB.*21000 MiB budget/);
});

test('held requests past the bound expire; younger ones stay held', () => {
  const w = world(
    [model('coder', { state: 'waking' })],
    [held(1, 'coder', 0), held(2, 'coder', 60_000)],
  );
  assert.deepEqual(planLifecycle(w, 120_000).actions, [{ do: 'expire', model: 'coder', ids: [1] }]);
});

test('one transition at a time: nothing wakes while another model is still going to sleep', () => {
  const w = world(
    [model('chat', { state: 'sleeping' }), model('coder', { state: 'asleep' })],
    [held(1, 'coder', 0)],
  );
  assert.deepEqual(planLifecycle(w, 1).actions, []);
});

test('the oldest interactive wait goes first; batch lines wake nothing while one waits', () => {
  const w = world(
    [
      model('chat', { vramMiB: 2_000, state: 'asleep' }),
      model('coder', { vramMiB: 2_000, state: 'asleep' }),
    ],
    [held(1, 'chat', 0, 'batch'), held(2, 'coder', 50)],
  );
  assert.deepEqual(planLifecycle(w, 100).actions, [{ do: 'wake', model: 'coder' }]);
  const batchOnly = world([...w.models], [held(1, 'chat', 0, 'batch')]);
  assert.deepEqual(planLifecycle(batchOnly, 100).actions, [{ do: 'wake', model: 'chat' }]);
});

test('grouping: inside its quantum the card holder serves its own queue; after it, it yields', () => {
  const models = [
    model('chat', { awakeSince: 1_000, lastUsedAt: 1_000 }),
    model('coder', { state: 'asleep', level: 1 }),
  ];
  const q = [held(1, 'coder', 1_100), held(2, 'chat', 1_200)];
  const early = planLifecycle(world(models, q), 1_500);
  assert.deepEqual(early.actions, [{ do: 'release', model: 'chat', ids: [2] }]);
  assert.deepEqual(early.yielding, []);
  const late = planLifecycle(world(models, q), 3_000);
  assert.deepEqual(late.actions, [{ do: 'sleep', model: 'chat', level: 1, why: 'room' }]);
  assert.deepEqual(late.yielding, ['chat']);
});

test('asked to sleep: it yields at once, sleeps once drained, one model at a time', () => {
  const busy = world([
    model('chat', { wantSleep: true, inFlight: 2 }),
    model('coder', { wantSleep: true }),
  ]);
  const p = planLifecycle(busy, 1);
  assert.deepEqual(p.yielding.sort(), ['chat', 'coder']);
  assert.deepEqual(p.actions, [{ do: 'sleep', model: 'coder', level: 1, why: 'asked' }]);
  const pinned = world([model('chat', { wantSleep: true, pinned: true })]);
  assert.deepEqual(
    planLifecycle(pinned, 1).actions,
    [{ do: 'sleep', model: 'chat', level: 1, why: 'asked' }],
    'a pin keeps a model from idle and eviction, not from an explicit sleep',
  );
});

test('an asked wake goes through the budget like a request, after the requests that wait', () => {
  const w = world(
    [
      model('chat', { lastUsedAt: 5 }),
      model('coder', { state: 'asleep', level: 1, wantWake: true }),
      model('embed', { vramMiB: 1_000, state: 'asleep', level: 1 }),
    ],
    [held(1, 'embed', 10)],
  );
  // The request for embed first (it fits); the asked coder waits its turn.
  assert.deepEqual(planLifecycle(w, 20).actions, [{ do: 'wake', model: 'embed' }]);
  const next = world([
    model('chat', { lastUsedAt: 5 }),
    model('coder', { state: 'asleep', wantWake: true }),
  ]);
  assert.deepEqual(planLifecycle(next, 20).actions, [
    { do: 'sleep', model: 'chat', level: 1, why: 'room' },
  ]);
});
