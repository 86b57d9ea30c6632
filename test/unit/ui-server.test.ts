import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startUiServer, type UiServer } from '../../electron/cli/ui-server';
import { GatewayError } from '../../electron/core/gateway-error';
import type { ContractHandlers } from '../../electron/app/contract-handlers';
import { invokeChannels } from '../../electron/shared/contract';
import { EventHub } from '../../electron/app/event-hub';
import type { StackSnapshot } from '../../electron/shared/stack';

const stack: StackSnapshot = {
  state: 'stopped',
  project: 'hagw',
  services: [],
  operation: null,
  reason: null,
};
// Every channel of the contract answers "unused"; the ones under test are set below.
const unused = Object.fromEntries(
  invokeChannels.map((c) => [c, () => Promise.reject(new GatewayError('BAD_INPUT', 'unused'))]),
) as unknown as ContractHandlers;
const handlers: ContractHandlers = {
  ...unused,
  'status.get': () =>
    Promise.resolve({
      stack,
      litellm: { url: 'x', reachable: false, version: null, error: 'down' },
      setupNeeded: false,
      generatedAt: 'now',
    }),
  'stack.up': () =>
    Promise.reject(new GatewayError('DOCKER_UNAVAILABLE', 'No Docker engine answers.')),
  'stack.down': () => Promise.resolve(stack),
  'stack.images': () => Promise.resolve({ images: [] }),
  'gpu.get': () => Promise.resolve({ gpus: [], error: 'no nvidia-smi' }),
  'maintenance.get': () => Promise.reject(new GatewayError('BAD_INPUT', 'no')),
  'maintenance.cleaned': () => Promise.reject(new GatewayError('BAD_INPUT', 'no')),
  'maintenance.snooze': () => Promise.reject(new GatewayError('BAD_INPUT', 'no')),
  'setup.run': () => Promise.reject(new GatewayError('BAD_INPUT', 'no')),
  'stack.logs': (service: string) => Promise.resolve([`line of ${service}`]),
  'stack.restart': (service?: string) =>
    Promise.reject(new GatewayError('BAD_INPUT', `No service "${service ?? ''}"`)),
};

const hub = new EventHub();
let server: UiServer;
let port: number;
before(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'hagw-ui-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startUiServer({
    port: 0,
    staticDir,
    handlers,
    events: hub,
    token: 'tok-123',
  });
  port = Number(new URL(server.url).port);
});
after(() => server.dispose());

const call = (
  path: string,
  o: { method?: string; token?: string; host?: string; body?: string } = {},
) =>
  new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: o.method ?? 'GET',
          headers: {
            host: o.host ?? `127.0.0.1:${port}`,
            ...(o.token ? { 'x-hagw-token': o.token } : {}),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(o.body);
    },
  );

test('binds 127.0.0.1 only and prints the URL with the token in the fragment', () => {
  assert.equal((server.server.address() as { address: string }).address, '127.0.0.1');
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=tok-123$/);
});

test('the page is served with a CSP and no-framing headers', async () => {
  const r = await call('/');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(r.headers['x-frame-options'], 'DENY');
});

test('an API call without the token is refused', async () => {
  assert.equal((await call('/api/invoke/status.get', { method: 'POST' })).status, 401);
  assert.equal(
    (await call('/api/invoke/status.get', { method: 'POST', token: 'wrong-12' })).status,
    401,
  );
});

test('a foreign Host header (DNS rebinding) is refused even with the token', async () => {
  assert.equal(
    (
      await call('/api/invoke/status.get', {
        method: 'POST',
        token: 'tok-123',
        host: 'evil.example:80',
      })
    ).status,
    421,
  );
});

test('a contract call returns the handler result; a thrown error comes back as data', async () => {
  const ok = JSON.parse(
    (
      await call('/api/invoke/status.get', {
        method: 'POST',
        token: 'tok-123',
        body: '{"args":[]}',
      })
    ).body,
  ) as { ok: boolean };
  assert.equal(ok.ok, true);
  const failed = JSON.parse(
    (await call('/api/invoke/stack.up', { method: 'POST', token: 'tok-123' })).body,
  ) as { ok: boolean; error: { code: string; message: string } };
  assert.deepEqual(failed, {
    ok: false,
    error: { code: 'DOCKER_UNAVAILABLE', message: 'No Docker engine answers.' },
  });
});

test('channels outside the contract, bad JSON and path traversal are refused', async () => {
  assert.equal(
    (await call('/api/invoke/keys.masterKey', { method: 'POST', token: 'tok-123' })).status,
    404,
  );
  assert.equal(
    (await call('/api/invoke/status.get', { method: 'POST', token: 'tok-123', body: '{nope' }))
      .status,
    400,
  );
  assert.equal((await call('/..%2f..%2fetc%2fpasswd')).status, 404);
});

test('the token is taken from the header alone, never from the query string', async () => {
  const q = await call('/api/invoke/status.get?token=tok-123', { method: 'POST' });
  assert.equal(q.status, 401);
  const ev = await call('/api/events?token=tok-123');
  assert.equal(ev.status, 401);
});

test('a malformed percent-escape answers 400, not 500', async () => {
  const r = await call('/%E0%A4%A');
  assert.equal(r.status, 400);
});

test('a body over the limit answers 413 instead of resetting the socket', async () => {
  const r = await call('/api/invoke/status.get', {
    method: 'POST',
    token: 'tok-123',
    body: JSON.stringify({ args: ['x'.repeat(1_100_000)] }),
  });
  assert.equal(r.status, 413);
  assert.match(r.body, /TOO_LARGE/);
});
