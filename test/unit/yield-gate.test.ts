import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { YieldGate } from '../../electron/node/yield-gate';
import { FakeTime, flushPromises } from '../support/fake-timers';
import { waitForAsync } from '../support/wait';

test("a batch line waits while vLLM's queue is over the threshold and goes when it drains", async (t) => {
  let waiting = 3;
  let asked = 0;
  const server = createServer((_req, res) => {
    asked++;
    res.end(
      `# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting{engine="0",model_name="m"} ${waiting}.0\n`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const time = new FakeTime();
  const gate = new YieldGate({
    vllmUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxWaiting: 1,
    clock: time,
    timers: time,
    pollMs: 1000,
  });
  let through = false;
  void gate.whenClear().then(() => (through = true));
  // It asked, saw 3 > 1, and waits on a timer: no time passes, it stays held.
  await waitForAsync(
    () => Promise.resolve(time.timerCount === 1),
    'the gate to wait on its timer',
    10_000,
    5,
  );
  assert.equal(through, false);
  assert.equal(gate.held, 1);
  waiting = 1;
  time.advance(1000);
  await waitForAsync(
    () => Promise.resolve(through),
    'the gate to open once the queue drained',
    10_000,
    5,
  );
  assert.equal(asked, 2);
  // Open: another line goes straight through (the reading is reused within half a poll).
  await gate.whenClear();
  assert.equal(asked, 2);
  await flushPromises();
});

test('no vLLM (an Ollama stack) or an unreachable one holds nothing up', async () => {
  const time = new FakeTime();
  await new YieldGate({ vllmUrl: null, maxWaiting: 0, clock: time, timers: time }).whenClear();
  await new YieldGate({
    vllmUrl: 'http://127.0.0.1:9',
    maxWaiting: 0,
    clock: time,
    timers: time,
  }).whenClear();
});
