// The bundled compose file plus the test override, brought up by `hagw` against a real dockerd.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { before, describe, test } from 'node:test';
import { createDocker } from '../../electron/node/docker/create-docker';
import { StatusReport } from '../../electron/shared/status';
import { StackSnapshot } from '../../electron/shared/stack';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { hagw } from '../support/run-hagw';

const env = process.env;
const project = env.HAGW_COMPOSE_PROJECT ?? '';
const expected = [
  'batch',
  'caddy',
  'litellm',
  'postgres',
  'prometheus',
  'redis',
  'vllm',
  'vllm-embed',
  'waker',
];
const masterKey = () =>
  dotenvValues(readFileSync(`${env.HAGW_DATA_DIR}/.env`, 'utf8')).LITELLM_MASTER_KEY ?? '';

before(() => {
  assert.ok(
    env.DOCKER_HOST && env.HAGW_COMPOSE_FILE && project,
    'run through test/integration/run.sh (it sets DOCKER_HOST, HAGW_*)',
  );
});

/** HTTPS to Caddy on 127.0.0.1 with the LAN name as SNI, the way a LAN client reaches it. */
const viaCaddy = (path: string, key: string, body?: unknown) =>
  new Promise<{ status: number; json: unknown; issuer: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: 18443,
        servername: 'gateway.home.arpa',
        path,
        method: body ? 'POST' : 'GET',
        headers: {
          host: 'gateway.home.arpa',
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
        },
        // Caddy's internal CA is not in this machine's trust store; the issuer is checked below.
        rejectUnauthorized: false,
      },
      (res) => {
        // Read the certificate now: once the response ends the socket may be gone.
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            json: text.startsWith('{') ? (JSON.parse(text) as unknown) : text,
            issuer: String(cert.issuer?.CN ?? ''),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });

describe('hagw against the real Docker engine', () => {
  test('before up: status --json lists every expected service as missing, state stopped', async () => {
    const r = await hagw(['status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = StatusReport.parse(JSON.parse(r.stdout));
    assert.equal(s.stack.state, 'stopped');
    assert.deepEqual(
      s.stack.services.map((x) => x.name),
      expected,
    );
    assert.ok(s.stack.services.every((x) => x.state === 'missing'));
  });

  test('stack up --wait reaches all-healthy', async () => {
    const r = await hagw(['stack', 'up', '--wait', '--timeout', '180', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      StackSnapshot.parse((JSON.parse(r.stdout) as { stack: unknown }).stack).state,
      'running',
    );
  });

  test('status --json: every service running and healthy, LiteLLM reachable', async () => {
    const r = await hagw(['status', '--json']);
    const s = StatusReport.parse(JSON.parse(r.stdout));
    assert.equal(s.stack.state, 'running');
    assert.deepEqual(
      s.stack.services.map((x) => [x.name, x.state, x.health]),
      expected.map((n) => [n, 'running', 'healthy']),
    );
    assert.ok(s.stack.services.every((x) => x.since !== null && x.exitCode === null));
    assert.equal(s.litellm.reachable, true, s.litellm.error ?? '');
    assert.equal(s.litellm.version, '1.101.0');
  });

  test("vLLM's GPU reservation from the compose file reached Docker and ran the NVIDIA hook", async () => {
    const docker = createDocker(env.DOCKER_HOST ?? null);
    const [vllm] = await docker.listContainers({
      filters: {
        label: [`com.docker.compose.project=${project}`, 'com.docker.compose.service=vllm'],
      },
    });
    const info = await docker.getContainer(vllm!.Id).inspect();
    assert.deepEqual(
      info.HostConfig.DeviceRequests?.map((d) => [d.Driver, d.Count, d.Capabilities]),
      [['nvidia', -1, [['gpu']]]],
    );
    assert.match(
      readFileSync(env.HAGW_HOOK_LOG ?? '', 'utf8'),
      /prestart NVIDIA_VISIBLE_DEVICES=all/,
    );
  });

  test('through real Caddy (tls internal): a key made on loopback chats with vLLM; /metrics and the admin API stay private', async () => {
    const models = await viaCaddy('/v1/models', masterKey());
    assert.equal(models.status, 200);
    assert.match(models.issuer, /Caddy Local Authority/);
    const body = { key_alias: 'it-check', models: ['local-chat'], max_budget: 1 };
    // The management API is not behind the door, even with the master key.
    assert.equal((await viaCaddy('/key/generate', masterKey(), body)).status, 404);
    const key = await fetch('http://127.0.0.1:4000/key/generate', {
      method: 'POST',
      headers: { authorization: `Bearer ${masterKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(key.status, 200);
    const raw = ((await key.json()) as { key: string }).key;
    const chat = await viaCaddy('/v1/chat/completions', raw, {
      model: 'local-chat',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 5,
    });
    assert.equal(chat.status, 200, JSON.stringify(chat.json));
    assert.equal((chat.json as { object: string }).object, 'chat.completion');
    assert.equal((await viaCaddy('/metrics', masterKey())).status, 404);
  });

  test('stack down leaves nothing running', async () => {
    const r = await hagw(['stack', 'down', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      StackSnapshot.parse((JSON.parse(r.stdout) as { stack: unknown }).stack).state,
      'stopped',
    );
    const left = await createDocker(env.DOCKER_HOST ?? null).listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${project}`] },
    });
    assert.deepEqual(
      left.map((c) => c.Names),
      [],
    );
  });
});
