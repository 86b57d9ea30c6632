import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { GatewayError } from '../../electron/core/gateway-error';
import { httpRequest } from '../../electron/node/services/http-json';

let server: Server;
let base = '';
const held: { end: () => void }[] = [];
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/json') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('x-litellm-call-id', 'call-1');
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization }));
      });
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
    } else if (req.url === '/declared-big') {
      res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
    } else if (req.url === '/streamed-big') {
      res.writeHead(200);
      res.write('x'.repeat(3000));
      res.end('x'.repeat(3000));
    } else held.push(res); // never answers
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  for (const r of held) r.end();
  server.close();
});

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => assert.fail('answered'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof GatewayError, String(e));
  return [e.code, e.message];
};

test('a request and its answer: method, body and headers both ways', async () => {
  const r = await httpRequest('the test server', `${base}/json`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-x', 'content-type': 'application/json' },
    body: '{"a":"é"}',
  });
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.text), { method: 'POST', body: '{"a":"é"}', auth: 'Bearer sk-x' });
  assert.equal(r.headers.get('X-LiteLLM-Call-Id'), 'call-1');
  assert.equal(r.headers.get('retry-after'), null);
});

test('a redirect is refused, never followed: a key must not go elsewhere', async () => {
  const [code, message] = await refusal(httpRequest('LiteLLM', `${base}/redirect`));
  assert.equal(code, 'UNREACHABLE');
  assert.match(message ?? '', /LiteLLM is unreachable \(it answered with a redirect, 302\)/);
});

test('an answer over the cap is refused, declared or streamed', async () => {
  for (const path of ['/declared-big', '/streamed-big'])
    assert.deepEqual(
      (await refusal(httpRequest('LiteLLM', `${base}${path}`, { maxBytes: 4096 })))[0],
      'ANSWER_TOO_LARGE',
      path,
    );
});

test('no answer within the timeout, and a refused connection, each say what to do', async () => {
  assert.deepEqual(await refusal(httpRequest('LiteLLM', `${base}/hang`, { timeoutMs: 300 })), [
    'TIMEOUT',
    'LiteLLM did not answer within 300 ms; check that the stack is healthy (hagw status).',
  ]);
  const [code, message] = await refusal(httpRequest('LiteLLM', 'http://127.0.0.1:9/'));
  assert.equal(code, 'UNREACHABLE');
  assert.match(message ?? '', /refused the connection; is the stack running\?/);
});
