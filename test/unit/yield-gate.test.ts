import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { YieldGate } from '../../electron/batch/yield-gate';
import { FakeTime } from '../support/fake-timers';
import { freePort } from '../support/free-port';
import { waitForAsync } from '../support/wait';

/** A vLLM /metrics endpoint whose queue the test sets; counts how often it was read. */
const fakeVllm = async (t: TestContext) => {
  const state = { waiting: 0, asked: 0 };
  const server = createServer((_req, res) => {
    state.asked++;
    res.end(
      `# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting{engine="0",model_name="m"} ${state.waiting}.0\n`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

const until = (ok: () => boolean, what: string) =>
  waitForAsync(() => Promise.resolve(ok()), what, 10_000, 5);

test("a line waits while vLLM's queue is over the threshold, and until it has been clear for the quiet time", async (t) => {
  const vllm = await fakeVllm(t);
  vllm.state.waiting = 3;
  const time = new FakeTime();
  const gate = new YieldGate({
    vllmUrl: vllm.url,
    maxWaiting: 1,
    clock: time,
    timers: time,
    sampleMs: 250,
    quietMs: 5000,
  });
  let through = false;
  void gate.whenClear().then(() => (through = true));
  await until(() => time.timerCount === 1, 'the gate to wait on its timer');
  assert.equal(gate.held, 1);
  // The queue drains, but a chat queued 250 ms ago: the gate waits out the quiet time.
  vllm.state.waiting = 1;
  for (let ms = 250; ms < 5000; ms += 250) {
    time.advance(250);
    await until(() => time.timerCount === 1 || through, 'the next reading');
    assert.equal(through, false, `still held ${ms} ms after the last busy reading`);
  }
  time.advance(250);
  await until(() => through, 'the gate to open after 5 s of a clear queue');
  // Clear: another line goes straight through.
  const before = vllm.state.asked;
  await gate.whenClear();
  assert.ok(vllm.state.asked - before <= 1);
});

test('while a line runs the queue is read, so a chat that queued behind it holds the next line', async (t) => {
  const vllm = await fakeVllm(t);
  const time = new FakeTime();
  const gate = new YieldGate({
    vllmUrl: vllm.url,
    maxWaiting: 0,
    clock: time,
    timers: time,
    sampleMs: 250,
    quietMs: 5000,
  });
  await gate.whenClear();
  let finish: (v: string) => void = () => undefined;
  const running = gate.track(new Promise<string>((r) => (finish = r)));
  assert.equal(time.timerCount, 1, 'a sampler runs while the line is in flight');
  // A chat queues behind the line, and gets its slot the moment the line ends.
  vllm.state.waiting = 1;
  const asked = vllm.state.asked;
  time.advance(250);
  await until(() => vllm.state.asked > asked, 'the sampler to read the queue');
  await new Promise((r) => setImmediate(r));
  vllm.state.waiting = 0;
  finish('answer');
  assert.equal(await running, 'answer');
  assert.equal(time.timerCount, 0, 'no sampler once no line runs');
  // The queue reads empty now, but it was busy: the next line waits out the quiet time.
  let through = false;
  void gate.whenClear().then(() => (through = true));
  await until(() => time.timerCount === 1, 'the next line to wait');
  assert.equal(through, false);
  time.advance(5000);
  await until(() => through, 'the next line after the quiet time');
});

test('no vLLM (an Ollama stack) or an unreachable one holds nothing up', async () => {
  const time = new FakeTime();
  await new YieldGate({ vllmUrl: null, maxWaiting: 0, clock: time, timers: time }).whenClear();
  await new YieldGate({
    vllmUrl: `http://127.0.0.1:${await freePort()}`,
    maxWaiting: 0,
    clock: time,
    timers: time,
  }).whenClear();
  assert.equal(time.timerCount, 0);
});

test('with a wake service, a line for a model waits while it says no, and asks about that model', async (t) => {
  const turn = { go: false, asked: [] as string[] };
  const server = createServer((req, res) => {
    turn.asked.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ go: turn.go }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const time = new FakeTime();
  const gate = new YieldGate({
    vllmUrl: null,
    wakerUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxWaiting: 0,
    clock: time,
    timers: time,
    sampleMs: 250,
    quietMs: 0,
  });
  let through = false;
  void gate.whenClear('local-coder').then(() => (through = true));
  await until(() => time.timerCount === 1, 'the gate to wait on its timer');
  assert.equal(through, false);
  assert.equal(turn.asked[0], '/lifecycle/batch-turn?model=local-coder');
  turn.go = true;
  time.advance(250);
  await until(() => through, 'the line to go once the wake service says yes');
});
