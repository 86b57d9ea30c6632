// The LiteLLM client against small hand-made servers on 127.0.0.1: answers no real LiteLLM
// should give, but a broken or hostile one could.
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { GatewayError } from '../../electron/core/gateway-error';
import { LiteLlmClient } from '../../electron/node/services/litellm-client';

const serve = async (handler: RequestListener) => {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    client: (maxAnswerBytes?: number) =>
      new LiteLlmClient({ baseUrl: url, masterKey: () => Promise.resolve('sk-x'), maxAnswerBytes }),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
};

test('a 401 that says the key is blocked is its own error, not "rejected the master key"', async () => {
  const s = await serve((_req, res) =>
    res.writeHead(401, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: {
          message:
            "Authentication Error, Key is blocked. Update via `/key/unblock` if you're admin.",
          type: 'auth_error',
          param: 'None',
          code: '401',
        },
      }),
    ),
  );
  await assert.rejects(
    s.client().keyInfo('abc'),
    (e: GatewayError) => e.code === 'LITELLM_KEY_BLOCKED' && /hagw keys unblock/.test(e.message),
  );
  await s.close();
});

test('a /key/list that never stops paging is cut off with a clear error', async () => {
  let pages = 0;
  const s = await serve((_req, res) => {
    pages++;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify({ keys: ['hash'], total_count: 1e9, current_page: pages, total_pages: 1e9 }),
      );
  });
  await assert.rejects(
    s.client().listKeys(false),
    (e: GatewayError) => e.code === 'LITELLM_TOO_MANY_PAGES' && /1000 pages/.test(e.message),
  );
  assert.equal(pages, 1000);
  await s.close();
});

test('an answer over the size cap is refused while it streams in', async () => {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const s = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const more = () => {
      while (sent < 8 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
      if (sent < 8 * 1024 * 1024) res.once('drain', more);
      else res.end();
    };
    res.on('error', () => undefined);
    more();
  });
  await assert.rejects(
    s.client(1024 * 1024).keyInfo('abc'),
    (e: GatewayError) => e.code === 'ANSWER_TOO_LARGE' && /over 1 MB/.test(e.message),
  );
  assert.ok(sent < 8 * 1024 * 1024, 'the read stopped before the whole body was sent');
  await s.close();
});
