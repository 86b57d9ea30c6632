// The OpenAI Batch API of `hagw batch serve` on Debian's redis-server, driven by the official
// `openai` npm client exactly as a user's script would drive OpenAI, against the LiteLLM and vLLM
// stand-ins. Faults are real: the worker process is SIGKILLed mid-batch, Redis is restarted.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI, { toFile } from 'openai';
import { chatLine, jsonl, settleBatch, submitBatch, untilDone } from '../support/openai-batch';
import { type BatchWorld, startBatchWorld } from '../support/batch-world';
import { waitForAsync } from '../support/wait';
import { assertSpec } from '../support/openapi-gate';

/** A line of an output or error file, with the answer bodies this test reads. */
interface ResultLine {
  custom_id: string;
  response: {
    status_code: number;
    body: { object?: string; error: { message: string; type: string } };
  } | null;
  error: { code: string } | null;
}

/** What the openai client throws for an HTTP error. */
const apiError = (e: unknown) =>
  e as { status?: number; code?: string; param?: string; error?: { message?: string } };

const client = (w: BatchWorld, key: string) =>
  new OpenAI({ apiKey: key, baseURL: `${w.batchUrl}/v1`, maxRetries: 0 });

/** Upload, create, and wait (with a deadline) until the batch has ended. */
const runBatch = async (oa: OpenAI, text: string, deadlineMs = 60_000) => {
  const { file, batch } = await submitBatch(oa, text, { job: 'notes' });
  return { file, created: batch, done: await settleBatch(oa, batch.id, deadlineMs) };
};

const lines = async (oa: OpenAI, fileId: string | null | undefined) =>
  fileId
    ? (await (await oa.files.content(fileId)).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ResultLine)
    : [];

describe('the Batch API (hagw batch serve + redis-server + LiteLLM stand-in)', () => {
  let w: BatchWorld;
  before(async () => {
    // A real queue: vLLM runs 2 requests at once and each answer takes its tokens at 60 tok/s.
    w = await startBatchWorld({ vllm: { tokensPerS: 60, maxNumSeqs: 2, serviceTime: true } });
  });
  after(() => w?.close());

  it('runs 50 chat lines from the official client: every custom_id comes back once, in order', async () => {
    const oa = client(w, await w.key('notes-bot'));
    const ids = Array.from({ length: 50 }, (_, i) => `note-${i}`);
    const { file, created, done } = await runBatch(oa, jsonl(ids.map((id) => chatLine(id))));
    assert.equal(file.purpose, 'batch');
    assert.equal(created.status, 'validating');
    assert.equal(done.status, 'completed', JSON.stringify(done.errors));
    assert.deepEqual(done.request_counts, { total: 50, completed: 50, failed: 0 });
    assert.deepEqual(done.metadata, { job: 'notes' });
    assert.ok(
      done.completed_at! >= done.in_progress_at! && done.in_progress_at! >= done.created_at,
    );
    const out = await lines(oa, done.output_file_id);
    assert.deepEqual(
      out.map((l) => l.custom_id),
      ids,
    );
    for (const l of out) {
      assert.equal(l.response?.status_code, 200);
      assert.equal(l.response?.body.object, 'chat.completion');
      assert.equal(l.error, null);
    }
    assert.equal(done.error_file_id, null);
    const files = await oa.files.list({ purpose: 'batch_output' });
    assert.deepEqual(
      files.data.map((f) => [f.id, f.purpose]),
      [[done.output_file_id, 'batch_output']],
    );
    // The output file holds the lines now: the per-line results left Redis, the counts stayed.
    const redis = new Redis(w.redisUrl);
    try {
      assert.equal(await redis.exists(`hagw:batch:${done.id}:out`), 0);
    } finally {
      redis.disconnect();
    }
    // The lines went through LiteLLM with the app's own key: its spend moved.
    const spend = w.standins.litellm.keys.all().find((k) => k.key_alias === 'notes-bot')!.spend;
    assert.ok(spend > 0, `spend ${spend}`);
  });

  it('a worker killed mid-batch and started again finishes the batch with no line twice', async () => {
    const oa = client(w, await w.key('kill-test'));
    const ids = Array.from({ length: 40 }, (_, i) => `k-${i}`);
    const { batch: b } = await submitBatch(oa, jsonl(ids.map((id) => chatLine(id))));
    let seen = 0;
    await waitForAsync(async () => {
      seen = (await oa.batches.retrieve(b.id)).request_counts!.completed;
      return seen >= 5;
    }, 'five lines done');
    await w.service().kill();
    // 40 lines at 2 in flight take seconds; 5 done a moment ago leaves most of them to the restart.
    assert.ok(seen < 30, `the kill came too late to prove anything (${seen} done)`);
    await w.startService();
    const done = await settleBatch(oa, b.id);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 40, completed: 40, failed: 0 });
    const out = await lines(oa, done.output_file_id);
    assert.deepEqual(
      out.map((l) => l.custom_id),
      ids,
      'each custom_id exactly once, in input order',
    );
  });

  it('survives a restart of Redis mid-batch (append-only file)', async () => {
    const oa = client(w, await w.key('redis-restart'));
    const ids = Array.from({ length: 30 }, (_, i) => `r-${i}`);
    const { batch: b } = await submitBatch(oa, jsonl(ids.map((id) => chatLine(id))));
    await untilDone(oa, b.id, 3);
    await w.redis().stop();
    await w.startRedisAgain();
    const done = await settleBatch(oa, b.id);
    assert.equal(done.status, 'completed');
    const out = await lines(oa, done.output_file_id);
    assert.deepEqual(
      out.map((l) => l.custom_id),
      ids,
    );
  });

  it('bad JSON, an unknown model and a model the key may not call are error lines; the rest completes', async () => {
    // The allowlist names the missing model, so that line reaches LiteLLM's unknown-model answer.
    const oa = client(w, await w.key('picky', { models: ['local-chat', 'no-such-model'] }));
    const text = jsonl([
      chatLine('good-1'),
      '{"custom_id": "broken-1", "method": "POST", "url": "/v1/chat/completions", "body": {',
      chatLine('unknown-model', 'no-such-model'),
      chatLine('not-allowed', 'local-coder'),
      chatLine('good-2'),
    ]);
    const { done } = await runBatch(oa, text);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 5, completed: 2, failed: 3 });
    assert.deepEqual(
      (await lines(oa, done.output_file_id)).map((l) => l.custom_id),
      ['good-1', 'good-2'],
    );
    const errs = await lines(oa, done.error_file_id);
    assert.deepEqual(
      errs.map((l) => l.custom_id),
      ['broken-1', 'unknown-model', 'not-allowed'],
    );
    assert.equal(errs[0]!.error?.code, 'invalid_json_line');
    assert.equal(errs[0]!.response, null);
    // LiteLLM's answers, kept as OpenAI's error shape inside each line's response.
    const [, unknown, denied] = errs;
    assert.equal(unknown!.response!.status_code, 400);
    assert.match(unknown!.response!.body.error.message, /no-such-model/);
    assert.equal(denied!.response!.status_code, 401);
    assert.equal(denied!.response!.body.error.type, 'key_model_access_denied');
    assert.equal(denied!.error, null);
  });

  it('an exhausted budget is an error line at once, not a retry loop', async () => {
    const oa = client(w, await w.key('broke', { max_budget: 0 }));
    const { done } = await runBatch(oa, jsonl([chatLine('b-1'), chatLine('b-2')]), 20_000);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 2, completed: 0, failed: 2 });
    for (const l of await lines(oa, done.error_file_id))
      assert.equal(l.response!.body.error.type, 'budget_exceeded');
  });

  it('another key cannot see the file or the batch (404), and a wrong key gets 401', async () => {
    const owner = client(w, await w.key('owner-app'));
    const other = client(w, await w.key('other-app'));
    const { file, created } = await runBatch(owner, jsonl([chatLine('x-1')]));
    for (const call of [
      () => other.files.retrieve(file.id),
      () => other.files.content(file.id),
      () => other.files.delete(file.id),
      () => other.batches.retrieve(created.id),
      () => other.batches.cancel(created.id),
    ])
      await assert.rejects(
        call,
        (e: unknown) =>
          apiError(e).status === 404 && typeof apiError(e).error?.message === 'string',
      );
    await assert.rejects(
      () => client(w, 'sk-not-a-real-key').batches.list(),
      (e: unknown) => apiError(e).status === 401 && apiError(e).code === 'invalid_api_key',
    );
    const mine = await other.batches.list();
    assert.equal(mine.data.length, 0);
    // The master key would seal into Redis and spend past every budget: refused on /v1/*.
    const admin = client(w, w.standins.masterKey);
    for (const call of [
      () => admin.batches.list(),
      () =>
        admin.files.create({
          file: new File([jsonl([chatLine('m-1')])], 'in.jsonl'),
          purpose: 'batch',
        }),
    ])
      await assert.rejects(
        call,
        (e: unknown) =>
          apiError(e).status === 401 &&
          /master key is not accepted/.test(apiError(e).error?.message ?? ''),
      );
  });

  it('refuses bad input with OpenAI error bodies, never a 500', async () => {
    const oa = client(w, await w.key('bad-input'));
    await assert.rejects(
      async () =>
        oa.files.create({ file: await toFile(Buffer.from('x'), 'a.jsonl'), purpose: 'fine-tune' }),
      (e: unknown) => apiError(e).status === 400 && apiError(e).param === 'purpose',
    );
    const good = await oa.files.create({
      file: await toFile(Buffer.from(jsonl([chatLine('a')])), 'a.jsonl'),
      purpose: 'batch',
    });
    await assert.rejects(
      () =>
        oa.batches.create({
          input_file_id: good.id,
          endpoint: '/v1/completions',
          completion_window: '24h',
        }),
      (e: unknown) => apiError(e).status === 400 && apiError(e).param === 'endpoint',
    );
    await assert.rejects(
      () =>
        oa.batches.create({
          input_file_id: 'file-nope',
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        }),
      (e: unknown) => apiError(e).status === 404,
    );
    // Files that validation refuses: the batch goes validating -> failed with OpenAI's errors.
    const cases: [string, string, string][] = [
      ['not JSONL', 'hello, this is a CSV,1,2\nanother,row\n', 'invalid_json_line'],
      [
        'no custom_id',
        jsonl([
          JSON.stringify({
            method: 'POST',
            url: '/v1/chat/completions',
            body: { model: 'local-chat' },
          }),
        ]),
        'missing_required_parameter',
      ],
      ['duplicate custom_id', jsonl([chatLine('same'), chatLine('same')]), 'duplicate_custom_id'],
      ['empty', '', 'empty_file'],
    ];
    for (const [what, text, code] of cases) {
      const { done } = await runBatch(oa, text);
      assert.equal(done.status, 'failed', what);
      assert.ok(done.failed_at, what);
      assert.equal(done.errors?.object, 'list');
      assert.equal(done.errors?.data?.[0]?.code, code, `${what}: ${JSON.stringify(done.errors)}`);
    }
    // A body over the limit: 413 with OpenAI's body while the client is still sending.
    const big = await oversizedUpload(w, await w.key('big'));
    assert.equal(big.status, 413);
    assert.match(big.body, /over the limit for a file \(50 MB\)/);
    // The official client with its default retries: one upload, one 413, not the file three times.
    let sent = 0;
    const counting = new OpenAI({
      apiKey: await w.key('big-client'),
      baseURL: `${w.batchUrl}/v1`,
      // Only the uploads count (the client probes fetch with a data: URL first).
      fetch: (input, init) => {
        if (String(input instanceof Request ? input.url : input).startsWith(w.batchUrl)) sent++;
        return fetch(input, init);
      },
    });
    await assert.rejects(
      () =>
        counting.files.create({
          file: new File([Buffer.alloc(51 * 1024 * 1024, 0x61)], 'big.jsonl'),
          purpose: 'batch',
        }),
      (e: unknown) => apiError(e).status === 413,
    );
    assert.equal(sent, 1, 'the client did not send the file again');
    // A JSON body over its own limit names that limit, not the file's.
    const json = await fetch(`${w.batchUrl}/v1/batches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await w.key('big-json')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(json.status, 413);
    assert.match(await json.text(), /over the limit for a JSON body \(1 MB\)/);
  });

  it('a cancelled batch ends cancelled with what was done so far', async () => {
    const oa = client(w, await w.key('canceller'));
    const ids = Array.from({ length: 60 }, (_, i) => `c-${i}`);
    const { batch: b } = await submitBatch(oa, jsonl(ids.map((id) => chatLine(id))));
    await untilDone(oa, b.id, 2);
    const c = await oa.batches.cancel(b.id);
    assert.equal(c.status, 'cancelling');
    const done = await settleBatch(oa, b.id);
    assert.equal(done.status, 'cancelled');
    assert.ok(done.request_counts!.completed < 60);
    const out = await lines(oa, done.output_file_id);
    assert.ok(out.length >= 2 && out.every((l) => ids.includes(l.custom_id)));
  });

  it('pages files as OpenAI does (limit, after, order, first_id/last_id), every answer in the spec', async () => {
    const oa = client(w, await w.key('file-pager'));
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(
        await oa.files.create({
          file: await toFile(Buffer.from(jsonl([chatLine(`f-${i}`)])), `f${i}.jsonl`),
          purpose: 'batch',
        }),
      );
      assertSpec('OpenAIFile', made.at(-1), 'batch');
      // created_at is in seconds: a second apart, so newest-first is a real order.
      await new Promise((r) => setTimeout(r, 1050));
    }
    const raw = async (q: string) => {
      const r = await fetch(`${w.batchUrl}/v1/files?${q}`, {
        headers: { authorization: `Bearer ${oa.apiKey}` },
      });
      return (await r.json()) as {
        data: { id: string }[];
        first_id: string;
        last_id: string;
        has_more: boolean;
      };
    };
    const first = await raw('limit=2');
    assertSpec('ListFilesResponse', first, 'batch');
    assert.deepEqual(
      first.data.map((f) => f.id),
      [made[2]!.id, made[1]!.id],
    );
    assert.deepEqual(
      [first.first_id, first.last_id, first.has_more],
      [made[2]!.id, made[1]!.id, true],
    );
    const rest = await raw(`limit=2&after=${first.last_id}`);
    assert.deepEqual([rest.data.map((f) => f.id), rest.has_more], [[made[0]!.id], false]);
    const oldest = await raw('limit=1&order=asc');
    assert.equal(oldest.first_id, made[0]!.id);
    // The official client walks the pages itself.
    const seen: string[] = [];
    for await (const f of oa.files.list({ limit: 1 })) seen.push(f.id);
    assert.deepEqual(seen, made.map((f) => f.id).reverse());
    const b = await oa.batches.create({
      input_file_id: made[0]!.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    assertSpec('Batch', b, 'batch');
    const batches = await fetch(`${w.batchUrl}/v1/batches?limit=5`, {
      headers: { authorization: `Bearer ${oa.apiKey}` },
    });
    assertSpec('ListBatchesResponse', await batches.json(), 'batch');
  });

  it('a blocked key is told it is blocked, not that it is wrong', async () => {
    const key = await w.key('blocked-batcher');
    await fetch(`${w.standins.litellmUrl}/key/block`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${w.standins.masterKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ key }),
    });
    const e = await client(w, key)
      .files.list()
      .then(
        () => null,
        (x: unknown) => apiError(x),
      );
    assert.equal(e?.status, 401);
    assert.equal(e?.code, 'key_blocked');
    assert.match(e?.error?.message ?? '', /This key is blocked/);
    assertSpec('ErrorResponse', { error: e?.error }, 'batch');
  });

  it('pages batches with after/has_more, and hagw batch list names each app', async () => {
    const oa = client(w, await w.key('pager'));
    for (let i = 0; i < 3; i++) await runBatch(oa, jsonl([chatLine(`p-${i}`)]));
    const first = await oa.batches.list({ limit: 2 });
    assert.equal(first.data.length, 2);
    assert.equal(first.has_more, true);
    const next = await oa.batches.list({ limit: 2, after: first.data[1]!.id });
    assert.equal(next.data.length, 1);
    assert.equal(next.has_more, false);
    const { hagw } = await import('../support/run-hagw');
    const r = await hagw(['batch', 'list', '--json'], w.env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      batches: { app: string | null; owner: string }[];
      error: null;
    };
    assert.equal(report.error, null);
    assert.equal(report.batches.filter((b) => b.app === 'pager').length, 3);
    assert.ok(report.batches.some((b) => b.app === 'notes-bot'));
    assert.doesNotMatch(r.stdout, /sk-/, 'no key in the operator view');
  });
});

/** Declares a 60 MB upload, sends the first bytes, and reads the answer that comes before the rest. */
const oversizedUpload = (w: BatchWorld, key: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${w.batchUrl}/v1/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(60 * 1024 * 1024),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write('--x\r\n');
  });
