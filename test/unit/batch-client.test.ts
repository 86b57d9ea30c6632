import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { BatchClient } from '../../electron/node/services/batch-client';
import { FakeTime } from '../support/fake-timers';
import { freePort } from '../support/free-port';

const batch = (id: string, status: string, owner: string) => ({
  id,
  object: 'batch',
  endpoint: '/v1/chat/completions',
  errors: null,
  input_file_id: 'file-1',
  completion_window: '24h',
  status,
  output_file_id: null,
  error_file_id: null,
  created_at: 1,
  in_progress_at: null,
  expires_at: null,
  finalizing_at: null,
  completed_at: null,
  failed_at: status === 'failed' ? Math.floor(Date.UTC(2026, 11, 1, 11) / 1000) : null,
  expired_at: null,
  cancelling_at: null,
  cancelled_at: null,
  request_counts: { total: 1, completed: 0, failed: 0 },
  metadata: null,
  owner,
});

test('one request per tick however many ask; app names from LiteLLM at most once a minute', async (t) => {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const cancel = req.url?.endsWith('/cancel');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify(
          cancel
            ? batch('batch_1', 'cancelling', 'h1')
            : { data: [batch('batch_1', 'in_progress', 'h1'), batch('batch_2', 'failed', 'h2')] },
        ),
      );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const time = new FakeTime();
  let aliasWalks = 0;
  const client = new BatchClient({
    batchUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    masterKey: () => Promise.resolve('sk-master'),
    aliases: () => {
      aliasWalks++;
      return Promise.resolve(
        new Map([
          ['h1', 'discord-bot'],
          ['h2', 'notes'],
        ]),
      );
    },
    now: () => time.now(),
  });
  const [a, b] = await Promise.all([client.list(), client.observations()]);
  assert.equal(asked.length, 1, asked.join('\n'));
  assert.equal(asked[0], 'GET /admin/batches?limit=100 Bearer sk-master');
  assert.deepEqual(
    a.batches.map((x) => [x.id, x.app]),
    [
      ['batch_1', 'discord-bot'],
      ['batch_2', 'notes'],
    ],
  );
  assert.deepEqual(
    b.map((o) => [o.id, o.title]),
    [['batch:failed:batch_2', 'A batch of notes failed']],
  );
  time.advance(15_000);
  await client.list();
  assert.equal(asked.length, 2);
  assert.equal(aliasWalks, 1, 'the names are reused within a minute');
  // A cancel is seen by the next list at once.
  assert.equal((await client.cancel('batch_1')).status, 'cancelling');
  await client.list();
  assert.equal(asked.length, 4);
  time.advance(60_000);
  await client.list();
  assert.equal(aliasWalks, 2);
});

test('a batch service that is not running is data, not a throw; no master key is the fix to run', async () => {
  const time = new FakeTime();
  const port = await freePort();
  const down = new BatchClient({
    batchUrl: `http://127.0.0.1:${port}`,
    masterKey: () => Promise.resolve('sk-master'),
    aliases: () => Promise.resolve(new Map()),
    now: () => time.now(),
  });
  const r = await down.list();
  assert.deepEqual(r.batches, []);
  assert.equal(
    r.error,
    `The batch service at http://127.0.0.1:${port} refused the connection; is the stack running? (hagw stack up)`,
  );
  assert.deepEqual(await down.observations(), []);
  const noKey = new BatchClient({
    batchUrl: `http://127.0.0.1:${port}`,
    masterKey: () => Promise.resolve(null),
    aliases: () => Promise.resolve(new Map()),
    now: () => time.now(),
  });
  assert.match((await noKey.list()).error ?? '', /run "hagw setup"/);
});

test('a master key the batch service refuses is named as such, not with advice for app keys', async (t) => {
  const server = createServer((_req, res) =>
    res.writeHead(401, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: {
          message:
            'Incorrect API key provided. Use an app key from "hagw keys create" as the Bearer token.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      }),
    ),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const client = new BatchClient({
    batchUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    masterKey: () => Promise.resolve('sk-wrong-master'),
    aliases: () => Promise.resolve(new Map()),
    now: () => 0,
  });
  const r = await client.list();
  assert.match(r.error ?? '', /^The batch service refused the master key .*LITELLM_MASTER_KEY/);
  assert.doesNotMatch(r.error ?? '', /hagw keys create/);
});
