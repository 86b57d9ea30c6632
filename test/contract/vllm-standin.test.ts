import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { parsePrometheusText } from '../../electron/core/prometheus-text';
import { vllmMetricNames, VllmModelsResponse } from '../../electron/shared/vllm';
import { createVllmStandin } from '../standins/vllm-standin';
import { fixturePayload } from '../support/fixtures';

let url = '';
const s = createVllmStandin({
  servedName: 'local-chat',
  model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
  maxModelLen: 16384,
});
before(async () => {
  await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
});
after(() => {
  s.server.closeAllConnections();
  s.server.close();
});

/** The three real /v1/models answers in the fixture, one per "=== block N ===". */
const recordedModels = (): unknown[] =>
  fixturePayload('vllm/vllm-v1-models-and-health.txt')
    .split('\n')
    .filter((l) => l.startsWith('{"object":"list"'))
    .map((l) => JSON.parse(l) as unknown);

test('the schema accepts every recorded /v1/models answer and the stand-in answer', async () => {
  const recorded = recordedModels();
  assert.equal(recorded.length, 3);
  for (const r of recorded) assert.ok(VllmModelsResponse.safeParse(r).success);
  const mine = VllmModelsResponse.parse(await (await fetch(`${url}/v1/models`)).json());
  assert.equal(mine.data[0]?.id, 'local-chat');
  assert.equal(mine.data[0]?.root, 'Qwen/Qwen2.5-7B-Instruct-AWQ');
});

test('/health is 200 with an empty body, 503 once the engine is dead', async () => {
  const ok = await fetch(`${url}/health`);
  assert.deepEqual([ok.status, await ok.text()], [200, '']);
  s.state.dead = true;
  assert.equal((await fetch(`${url}/health`)).status, 503);
  s.state.dead = false;
});

test('every metric the app reads exists in the real capture and in the stand-in, with the same labels', async () => {
  const real = parsePrometheusText(
    fixturePayload('vllm/vllm-metrics-v1-ngc25.09-qwen3-4b-fp8.prom.txt'),
  );
  s.state.waiting = 7;
  const mine = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
  for (const name of Object.values(vllmMetricNames)) {
    const r = real.find((m) => m.name === name);
    const m = mine.find((x) => x.name === name);
    assert.ok(r && m, name);
    assert.deepEqual(Object.keys(m.labels).sort(), Object.keys(r.labels).sort(), name);
    assert.equal(m.type, r.type, name);
  }
  assert.equal(mine.find((m) => m.name === 'vllm:num_requests_waiting')?.value, 7);
});

test('chat completions: OpenAI shape, usage, stream with an optional usage chunk', async () => {
  const post = (body: Record<string, unknown>) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'local-chat',
        messages: [{ role: 'user', content: 'hi' }],
        ...body,
      }),
    });
  const j = (await (await post({ max_tokens: 10 })).json()) as {
    object: string;
    usage: { total_tokens: number };
  };
  assert.equal(j.object, 'chat.completion');
  assert.ok(j.usage.total_tokens > 0);
  const streamed = await (
    await post({ stream: true, stream_options: { include_usage: true } })
  ).text();
  assert.match(streamed, /"usage":\{/);
  assert.match(streamed, /data: \[DONE\]\n\n$/);
  assert.equal((await post({ model: 'other' })).status, 404);
});
