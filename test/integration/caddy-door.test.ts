// The one door beyond loopback, through the real caddy binary with the bundled Caddyfile in front
// of the LiteLLM stand-in: LiteLLM's management API answers 404 from Caddy in every spelling and
// never reaches LiteLLM, the OpenAI client routes still work, and LiteLLM sees the site's own name
// whatever Host the client sent (GHSA-4xpc-pv4p-pm3w). Both doors: the LAN site (TLS) and the
// tunnels' plain-HTTP door.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { managementProbes } from '../../electron/core/caddy-door';
import { rawRequest } from '../support/raw-http';
import { type RunningCaddy, startCaddy } from '../support/caddy';
import { type RunningStandins, startStandins } from '../support/standins';

const site = 'door.home.arpa';
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const batchSeen: { url: string; headers: IncomingHttpHeaders }[] = [];
let standins: RunningStandins;
let batch: Server;
let caddy: RunningCaddy;
let edgePort: number;
let httpsPort: number;

/** Management routes and the spellings that try to slip past a path rule. */
const spellings = [
  '/KEY/generate',
  '/Key/Generate',
  '/key/generate/',
  '//key/generate',
  '/key//generate',
  '/./key/generate',
  '/%6Bey/generate',
  '/key%2Fgenerate',
  '/key%2fgenerate',
  '/%2Fkey/generate',
  '/v1/../key/generate',
  '/v1/%2e%2e/key/generate',
  '/v1/chat/completions/../../key/generate',
  '/v1/chat/completions/%2e%2e/%2e%2e/key/generate',
  '/v1/models/..%2F..%2Fkey%2Flist',
  '/v1/models/%2e%2e/%2e%2e/key/list',
  '/v1/models/../../key/list',
  '/v1/models/./../../ui',
  '/v1/files/../../key/generate',
  '/v1/batches/%2e%2e/%2e%2e/spend/logs',
  '/v1/key/generate',
  '/v1/spend/logs',
  '/v1/mcp-rest/test/connection',
  '/key/generate?next=/v1/chat/completions',
  '/key/generate;/v1/chat/completions',
  '/v1/chat/completions/',
  '/v1//chat/completions',
  '/V1/chat/completions',
  '/v1/Chat/Completions',
  '/v1/ch%61t/completions',
  '/health/liveliness/../readiness',
  '/health/readiness',
  '/health',
  'http://door.home.arpa/key/generate',
];

const allProbes = [...managementProbes, ...spellings];

before(async () => {
  standins = await startStandins();
  standins.litellm.server.on('request', (req) =>
    seen.push({ url: req.url ?? '', headers: req.headers }),
  );
  batch = createServer((req, res) => {
    batchSeen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}');
  });
  await new Promise<void>((r) => batch.listen(0, '127.0.0.1', r));
  caddy = await startCaddy({
    site,
    upstream: new URL(standins.litellmUrl).host,
    batchUpstream: `127.0.0.1:${(batch.address() as AddressInfo).port}`,
  });
  edgePort = caddy.edgePort;
  httpsPort = caddy.httpsPort;
});

after(async () => {
  await caddy?.stop();
  await standins?.close();
  await new Promise<void>((r) => (batch ? batch.close(() => r()) : r()));
});

const doors = () => [
  { name: 'tunnel door', port: edgePort, servername: undefined },
  { name: 'LAN site', port: httpsPort, servername: site },
];

test('the table holds at least 40 management paths and spellings', () => {
  assert.ok(allProbes.length >= 40, `only ${allProbes.length}`);
});

test('every management path and spelling is a 404 from Caddy that never reaches LiteLLM', async () => {
  for (const door of doors()) {
    for (const method of ['GET', 'POST']) {
      for (const target of allProbes) {
        const before = seen.length + batchSeen.length;
        const a = await rawRequest({
          ...door,
          target,
          method,
          host: site,
          body: method === 'POST' ? '{}' : undefined,
        });
        assert.equal(a.status, 404, `${door.name}: ${method} ${target} answered ${a.status}`);
        assert.equal(
          seen.length + batchSeen.length,
          before,
          `${door.name}: ${method} ${target} reached ${seen.at(-1)?.url ?? batchSeen.at(-1)?.url}`,
        );
      }
    }
  }
});

test('the OpenAI client routes still work through both doors', async () => {
  const generated = (await (
    await fetch(`${standins.litellmUrl}/key/generate`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${standins.masterKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ key_alias: 'door-test' }),
    })
  ).json()) as { key: string };
  const client = new OpenAI({
    apiKey: generated.key,
    baseURL: `http://127.0.0.1:${edgePort}/v1`,
    maxRetries: 0,
  });
  const models = await client.models.list();
  assert.ok(models.data.some((m) => m.id === 'local-chat'));
  const chat = await client.chat.completions.create({
    model: 'local-chat',
    messages: [{ role: 'user', content: 'hello' }],
    max_tokens: 5,
  });
  assert.equal(chat.object, 'chat.completion');
  const stream = await client.chat.completions.create({
    model: 'local-chat',
    messages: [{ role: 'user', content: 'hello' }],
    max_tokens: 5,
    stream: true,
  });
  let chunks = 0;
  for await (const _ of stream) chunks++;
  assert.ok(chunks > 1, 'the stream arrived in pieces');
  // The unprefixed aliases and the TLS site.
  const lan = await rawRequest({
    port: httpsPort,
    servername: site,
    host: site,
    target: '/models',
    headers: { authorization: `Bearer ${generated.key}` },
  });
  assert.equal(lan.status, 200, lan.body);
  // The Batch API goes to the batch service, query strings included.
  for (const target of [
    '/v1/files?limit=2&after=file-abc',
    '/v1/files/file-abc123/content',
    '/v1/batches/batch_1/cancel',
  ]) {
    const n = batchSeen.length;
    const a = await rawRequest({
      port: edgePort,
      host: site,
      target,
      headers: { authorization: `Bearer ${generated.key}` },
    });
    assert.equal(a.status, 200, target);
    assert.equal(batchSeen.at(n)?.url, target);
  }
});

test('LiteLLM and the batch service see the site name whatever Host the client sends', async () => {
  for (const host of ['localhost', '127.0.0.1:4000', 'evil.example', `${site}.evil.example`]) {
    const n = seen.length;
    const a = await rawRequest({
      port: edgePort,
      host,
      target: '/health/liveliness',
      headers: { 'X-Forwarded-Host': 'localhost' },
    });
    assert.equal(a.status, 200);
    const got = seen.at(n);
    assert.equal(got?.headers.host, site, `Host ${host} reached LiteLLM as ${got?.headers.host}`);
    assert.equal(got?.headers['x-forwarded-host'], site);
    const b = batchSeen.length;
    await rawRequest({ port: edgePort, host, target: '/v1/batches' });
    assert.equal(batchSeen.at(b)?.headers.host, site);
  }
});
