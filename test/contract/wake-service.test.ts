// The wake service in front of real vLLM stand-ins with sleep mode (test/standins/vllm-sleep.ts,
// as strict as vLLM: a generation while asleep kills the engine, a sleep aborts what is in flight).
// Real HTTP, short timings; the idle timer runs on the fake clock.
import assert from 'node:assert/strict';
import { Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, test } from 'node:test';
import { createVllmSleepClient } from '../../electron/node/services/vllm-sleep-client';
import { createWakerServer } from '../../electron/waker/waker-server';
import { WakeService, type WakerSettings } from '../../electron/waker/wake-service';
import { systemClock, systemTimers } from '../../electron/app/app-environment';
import { createVllmStandin, sleepOptions } from '../standins/vllm-standin';
import { FakeTime, flushPromises } from '../support/fake-timers';
import { waitForAsync } from '../support/wait';

const waitFor = (ok: () => boolean, what: string) =>
  waitForAsync(() => Promise.resolve(ok()), what, 10_000, 10);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    s.closeAllConnections();
    s.close();
  });
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

const vllm = async (name: string, o: { sleepMode?: boolean; tokensPerS?: number } = {}) => {
  const v = createVllmStandin({
    servedName: name,
    model: name,
    maxModelLen: 4096,
    tokensPerS: o.tokensPerS ?? 0,
    sleep: sleepOptions(o.sleepMode === false ? [] : ['--enable-sleep-mode'], {
      VLLM_SERVER_DEV_MODE: '1',
      STANDIN_SLEEP_MS: '20',
      STANDIN_WAKE_MS: '80',
      STANDIN_RELOAD_MS: '40',
    }),
  });
  return { ...v, url: await listen(v.server) };
};

const memoryStore = (s?: Partial<WakerSettings>) => {
  let saved: WakerSettings = { marginPercent: 10, freed: false, models: {}, ...s };
  return {
    load: () => structuredClone(saved),
    save: (x: WakerSettings) => (saved = structuredClone(x)),
  };
};

const waker = async (
  models: { name: string; url: string; vramMiB: number }[],
  o: { holdMs?: number; clock?: FakeTime; settings?: Partial<WakerSettings> } = {},
) => {
  const lines: string[] = [];
  const service = new WakeService(
    {
      models: models.map((m) => ({ ...m, weightsMiB: 4000 })),
      cardMiB: 24_000,
      residualMiB: 500,
      quantumMs: 200,
      holdMs: o.holdMs ?? 10_000,
      failBackoffMs: 30_000,
      reconcileMs: 60_000,
      stoppedWaitMs: 2_000,
    },
    {
      client: createVllmSleepClient({ timeoutMs: 5000 }),
      clock: o.clock ?? systemClock,
      timers: o.clock ?? systemTimers,
      cpuFreeMiB: () => 64_000,
      store: memoryStore(o.settings),
      log: (l) => lines.push(l),
    },
  );
  await service.start();
  cleanups.push(() => service.dispose());
  const agent = new Agent({ keepAlive: true });
  cleanups.push(() => agent.destroy());
  const url = await listen(createWakerServer({ service, adminKey: 'sk-master', agent }));
  const chat = async (model: string, stream = false) => {
    const r = await fetch(`${url}/${model}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream }),
    });
    return { status: r.status, retryAfter: r.headers.get('retry-after'), text: await r.text() };
  };
  const admin = (method: string, path: string, body?: unknown, key = 'sk-master') =>
    fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { service, url, chat, admin, lines };
};

const state = (w: { service: WakeService }, name: string) =>
  w.service.snapshot().models.find((m) => m.name === name);

/**
 * local-chat and local-coder at 13,000 MiB each under a 21,600 MiB budget. Both stand-ins start
 * awake (as vLLM does), so the coder is put to sleep first.
 */
const twoThatDoNotFit = async (o: { tokensPerS?: number } = {}) => {
  const a = await vllm('local-chat', o);
  const b = await vllm('local-coder');
  const w = await waker([
    { name: 'local-chat', url: a.url, vramMiB: 13_000 },
    { name: 'local-coder', url: b.url, vramMiB: 13_000 },
  ]);
  await waitFor(() => w.service.snapshot().models.every((m) => m.state !== 'stopped'), 'probed');
  await w.admin('POST', '/lifecycle/sleep', { models: ['local-coder'] });
  await waitFor(() => state(w, 'local-coder')?.state === 'asleep', 'coder asleep');
  return { a, b, w };
};

test('a request for a sleeping model is held while it wakes, then served; vLLM never sees it asleep', async () => {
  const chat = await vllm('local-chat');
  const w = await waker([{ name: 'local-chat', url: chat.url, vramMiB: 12_000 }]);
  assert.equal((await w.admin('POST', '/lifecycle/sleep', { models: ['local-chat'] })).status, 200);
  await waitFor(() => state(w, 'local-chat')?.state === 'asleep', 'asleep');
  const r = await w.chat('local-chat');
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /word0/);
  assert.equal(chat.state.dead, false);
  const s = state(w, 'local-chat');
  assert.equal(s?.state, 'awake');
  assert.ok((s?.lastWakeMs ?? 0) >= 80, `wake took ${s?.lastWakeMs} ms`);
});

test('two models that do not fit: alternating requests are all served, in groups, never both awake', async () => {
  const { a, b, w } = await twoThatDoNotFit();
  let bothAwake = false;
  const watch = setInterval(() => {
    if (!a.sleepMode?.state.sleeping && !b.sleepMode?.state.sleeping) bothAwake = true;
  }, 5);
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => w.chat(i % 2 === 0 ? 'local-chat' : 'local-coder')),
  );
  clearInterval(watch);
  assert.deepEqual(
    answers.map((x) => x.status),
    Array(12).fill(200),
  );
  assert.equal(bothAwake, false, 'the two models were never awake together');
  assert.equal(a.state.dead || b.state.dead, false);
  // Grouped: 12 alternating requests cost a handful of wakes, not 11.
  const { wakes } = w.service.snapshot().counts;
  assert.ok(wakes <= 3, `${wakes} wakes`);
});

test('a model with a stream in flight is not put to sleep until the stream ends', async () => {
  const { w } = await twoThatDoNotFit({ tokensPerS: 40 });
  const stream = w.chat('local-chat', true);
  await waitFor(() => state(w, 'local-chat')?.inFlight === 1, 'stream in flight');
  const coder = await w.chat('local-coder');
  const streamed = await stream;
  assert.equal(coder.status, 200);
  assert.match(streamed.text, /"finish_reason":"stop"/);
  assert.doesNotMatch(streamed.text, /"abort"/);
});

test('held past the bound: a 503 in OpenAI error shape with Retry-After', async () => {
  const a = await vllm('local-chat');
  const w = await waker([{ name: 'local-chat', url: a.url, vramMiB: 12_000 }], { holdMs: 30 });
  await w.admin('POST', '/lifecycle/sleep', { models: ['local-chat'] });
  await waitFor(() => state(w, 'local-chat')?.state === 'asleep', 'asleep');
  // The wake takes 80 ms; the bound is 30 ms.
  const r = await w.chat('local-chat');
  assert.equal(r.status, 503);
  assert.equal(r.retryAfter, '15');
  const body = JSON.parse(r.text) as { error: { message: string; type: string; code: string } };
  assert.match(body.error.message, /local-chat did not wake within 1 s/);
  assert.equal(body.error.code, 'model_unavailable');
});

test('a wake that fails fails the held requests with a 503 naming the model, once: no loop', async () => {
  const a = await vllm('local-chat');
  const w = await waker([{ name: 'local-chat', url: a.url, vramMiB: 12_000 }]);
  await w.admin('POST', '/lifecycle/sleep', { models: ['local-chat'] });
  await waitFor(() => state(w, 'local-chat')?.state === 'asleep', 'asleep');
  // The container dies while asleep: nothing listens any more.
  a.server.closeAllConnections();
  a.server.close();
  const [first, second] = await Promise.all([w.chat('local-chat'), w.chat('local-chat')]);
  assert.equal(first.status, 503);
  assert.match(first.text, /local-chat could not wake: vLLM at \S+ (refused|is unreachable)/);
  assert.equal(first.retryAfter, '30');
  // The second was held with it, or came in just after and was refused at once: both say why.
  assert.equal(second.status, 503);
  assert.match(second.text, /local-chat (could not wake|failed to wake)/);
  const again = await w.chat('local-chat');
  assert.equal(again.status, 503);
  assert.match(again.text, /failed to wake .* next try is in \d+ s/);
  assert.equal(w.service.snapshot().counts.failedWakes, 1, 'one failed wake, not a loop');
  assert.match(state(w, 'local-chat')?.lastError ?? '', /refused|unreachable/);
});

test('a vLLM without sleep mode is always awake, says the setting, and still serves', async () => {
  const a = await vllm('local-chat', { sleepMode: false });
  const w = await waker([{ name: 'local-chat', url: a.url, vramMiB: 12_000 }]);
  await w.admin('POST', '/lifecycle/sleep', { models: ['local-chat'] });
  await waitFor(() => state(w, 'local-chat')?.canSleep === false, 'found out');
  const s = state(w, 'local-chat');
  assert.equal(s?.state, 'awake');
  assert.match(s?.enableWith ?? '', /VLLM_SERVER_DEV_MODE=1 and --enable-sleep-mode/);
  assert.equal((await w.chat('local-chat')).status, 200);
});

test('an idle model sleeps after its idle time on the clock; a pinned one does not', async () => {
  const clock = new FakeTime();
  const a = await vllm('local-chat');
  const b = await vllm('local-coder');
  const w = await waker(
    [
      { name: 'local-chat', url: a.url, vramMiB: 6_000 },
      { name: 'local-coder', url: b.url, vramMiB: 6_000 },
    ],
    { clock, settings: { models: { 'local-coder': { idleMinutes: 15, pinned: true } } } },
  );
  await w.admin('PUT', '/lifecycle/models/local-chat', { idleMinutes: 5 });
  clock.advance(5 * 60_000 - 1);
  await flushPromises();
  assert.equal(state(w, 'local-chat')?.state, 'awake');
  clock.advance(1);
  await waitFor(() => state(w, 'local-chat')?.state === 'asleep', 'idle sleep');
  clock.advance(60 * 60_000);
  await flushPromises();
  assert.equal(state(w, 'local-coder')?.state, 'awake');
});

test('the operator routes: master key required; an idle time or margin out of range says the range', async () => {
  const a = await vllm('local-chat');
  const w = await waker([{ name: 'local-chat', url: a.url, vramMiB: 6_000 }]);
  assert.equal((await w.admin('GET', '/lifecycle', undefined, 'sk-wrong')).status, 401);
  const idle = await w.admin('PUT', '/lifecycle/models/local-chat', { idleMinutes: 2000 });
  assert.equal(idle.status, 400);
  assert.match(await idle.text(), /from 0 \(never sleep\) to 1440/);
  const margin = await w.admin('PUT', '/lifecycle/settings', { marginPercent: 80 });
  assert.equal(margin.status, 400);
  assert.match(await margin.text(), /from 0 to 50/);
});

test('Free the GPU sleeps every model, pinned ones too, and refuses requests until Resume', async () => {
  const a = await vllm('local-chat');
  const w = await waker([{ name: 'local-chat', url: a.url, vramMiB: 6_000 }], {
    settings: { models: { 'local-chat': { pinned: true } } },
  });
  await w.admin('POST', '/lifecycle/sleep', { all: true });
  await waitFor(() => state(w, 'local-chat')?.state === 'asleep', 'freed');
  const refused = await w.chat('local-chat');
  assert.equal(refused.status, 503);
  assert.match(refused.text, /GPU is freed/);
  assert.equal(a.state.dead, false, 'nothing reached the sleeping engine');
  await w.admin('POST', '/lifecycle/resume');
  await waitFor(() => state(w, 'local-chat')?.state === 'awake', 'resumed: pinned wakes');
  assert.equal((await w.chat('local-chat')).status, 200);
});
