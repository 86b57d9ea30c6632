// The batch engine on a fake clock and a real redis-server: what happens after the 24 h window
// and after the output files' 7 days. The clock is the engine's own (injected); BullMQ's locks and
// Redis run in real time, and every wait is for an event with a deadline of seconds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { defaultBatchLimits } from '../../electron/core/batch-input';
import { BatchApi, type Caller } from '../../electron/batch/batch-api';
import { BatchKeySeal } from '../../electron/batch/batch-key-seal';
import { BatchQueues } from '../../electron/batch/batch-queues';
import { BatchStore } from '../../electron/batch/batch-store';
import { BatchWorker, type LineCaller } from '../../electron/batch/batch-worker';
import { FakeTime } from '../support/fake-timers';
import { freePort } from '../support/free-port';
import { type Child, startRedis } from '../support/batch-world';
import { waitForAsync } from '../support/wait';

let redisChild: Child;
let redis: Redis;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hagw-expiry-'));
  const port = await freePort();
  redisChild = await startRedis(dir, port);
  redis = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: null });
});
after(async () => {
  redis?.disconnect();
  await redisChild?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('past its 24 h window a batch expires: the lines not done are batch_expired error lines; output files go after 7 days', async () => {
  const time = new FakeTime();
  const data = new BatchStore(redis);
  const queues = new BatchQueues(redis);
  const seal = new BatchKeySeal('expiry-test-secret-0123');
  // One line gets through the gate; the rest wait at it, as behind a busy vLLM.
  let passed = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const gate = {
    whenClear: () => (passed++ === 0 ? Promise.resolve() : held),
    track: <T>(call: Promise<T>) => call,
  };
  const calls: string[] = [];
  const logs: string[] = [];
  const call: LineCaller = (_endpoint, key, body) => {
    calls.push(`${key}:${JSON.stringify(body.messages)}`);
    return Promise.resolve({
      status: 200,
      body: { object: 'chat.completion' },
      requestId: 'r',
      retryAfterS: null,
    });
  };
  const worker = new BatchWorker({
    redis,
    data,
    queues,
    seal,
    call,
    gate,
    clock: time,
    timers: time,
    options: { concurrency: 2, lockMs: 5000, outputTtlS: 7 * 24 * 3600 },
    log: (l) => logs.push(l),
    // No sweep of its own while the fake clock jumps days: the test sweeps when it means to.
  }).start(365 * 24 * 3600_000);
  try {
    const api = new BatchApi({ data, queues, seal, clock: time, limits: defaultBatchLimits });
    const who: Caller = { owner: 'owner-hash', key: 'sk-app' };
    const text = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({
        custom_id: `e-${i}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'local-chat', messages: [{ role: 'user', content: `${i}` }] },
      }),
    ).join('\n');
    const file = (await api.createFile(who, {
      purpose: 'batch',
      file: { filename: 'e.jsonl', data: Buffer.from(text) },
    })) as { json: { id: string } };
    const created = (await api.createBatch(who, {
      input_file_id: file.json.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    })) as { json: { id: string; expires_at: number; created_at: number } };
    const id = created.json.id;
    assert.equal(created.json.expires_at - created.json.created_at, 24 * 3600);
    const batch = async () =>
      (await api.getBatch(who.owner, id)) as {
        json: {
          status: string;
          request_counts: { completed: number; failed: number; total: number };
          output_file_id: string | null;
          error_file_id: string | null;
          expired_at: number | null;
        };
      };
    await waitForAsync(
      async () => (await batch()).json.request_counts.completed === 1,
      'one line done',
    );
    // Still inside the window: the sweep leaves it alone.
    time.advance(23 * 3600_000);
    await worker.sweep();
    assert.equal((await batch()).json.status, 'in_progress');
    time.advance(3600_000);
    await worker.sweep();
    const b = (await batch()).json;
    assert.equal(b.status, 'expired', logs.join('\n'));
    assert.equal(b.expired_at, Math.floor(time.now() / 1000));
    assert.deepEqual(b.request_counts, { total: 5, completed: 1, failed: 4 });
    const lines = async (fileId: string | null) =>
      ((await api.fileContent(who, fileId ?? '')) as { bytes: Buffer }).bytes
        .toString()
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              custom_id: string;
              response: unknown;
              error: { code: string } | null;
            },
        );
    // Two lines were in flight: whichever reached the gate first ran; the other four expired.
    const out = await lines(b.output_file_id);
    const errs = await lines(b.error_file_id);
    assert.equal(out.length, 1);
    assert.ok(errs.every((l) => l.error?.code === 'batch_expired' && l.response === null));
    const all = ['e-0', 'e-1', 'e-2', 'e-3', 'e-4'];
    assert.deepEqual(
      errs.map((l) => l.custom_id),
      all.filter((c) => c !== out[0]!.custom_id),
      'the error file holds the rest, in input order',
    );
    // The lines that waited at the gate do not run after the batch ended.
    release();
    await waitForAsync(async () => {
      const c = await queues.lines.getJobCounts('active', 'waiting', 'delayed');
      return c.active === 0 && c.waiting === 0 && c.delayed === 0;
    }, 'the held lines to be taken and dropped');
    assert.equal(calls.length, 1, calls.join('\n'));
    assert.equal(calls[0]?.startsWith('sk-app:'), true, 'the line ran with the batch’s own key');
    // Output and error files are kept 7 days, then deleted; the input file stays.
    time.advance(7 * 24 * 3600_000);
    await worker.sweep();
    assert.equal((await api.getFile(who, b.output_file_id!)).status, 404);
    assert.equal((await api.getFile(who, b.error_file_id!)).status, 404);
    assert.equal((await api.getFile(who, file.json.id)).status, 200);
  } finally {
    // Lines held at the gate would keep close() waiting for them forever.
    release();
    await worker.close();
    queues.dispose();
  }
});
