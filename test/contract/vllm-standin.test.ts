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

/** A chat completion request to the stand-in. */
const chat = (body: Record<string, unknown>) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'local-chat',
      messages: [{ role: 'user', content: 'hi' }],
      ...body,
    }),
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
  const j = (await (await chat({ max_tokens: 10 })).json()) as {
    object: string;
    usage: { total_tokens: number };
  };
  assert.equal(j.object, 'chat.completion');
  assert.ok(j.usage.total_tokens > 0);
  const streamed = await (
    await chat({ stream: true, stream_options: { include_usage: true } })
  ).text();
  assert.match(streamed, /"usage":\{/);
  assert.match(streamed, /data: \[DONE\]\n\n$/);
  assert.equal((await chat({ model: 'other' })).status, 404);
});

// Tools as vLLM serves them without --enable-auto-tool-choice (the bundled compose file sets no
// tool parser): "auto" is refused with vLLM's own words (reported in vllm-project/vllm#9986), a
// named function is answered through guided decoding with its arguments as a JSON string.
const tool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

test('tools: "auto" is a 400 naming the flags; a named function is called with JSON-string arguments', async () => {
  const auto = await chat({ tools: [tool], tool_choice: 'auto' });
  assert.equal(auto.status, 400);
  assert.match(
    ((await auto.json()) as { error: { message: string } }).error.message,
    /^"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set$/,
  );
  const named = await chat({
    tools: [tool],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
  const body = (await named.json()) as {
    choices: {
      finish_reason: string;
      message: { tool_calls: { function: { arguments: unknown } }[] };
    }[];
  };
  assert.equal(body.choices[0]?.finish_reason, 'tool_calls');
  assert.deepEqual(JSON.parse(String(body.choices[0]?.message.tool_calls[0]?.function.arguments)), {
    city: 'word0',
  });
});

test('response_format json_object: the content is a JSON object; max_tokens 1 stops at "length"', async () => {
  const json = (await (await chat({ response_format: { type: 'json_object' } })).json()) as {
    choices: { message: { content: string } }[];
  };
  assert.equal(typeof JSON.parse(json.choices[0]?.message.content ?? ''), 'object');
  const cut = (await (await chat({ max_tokens: 1 })).json()) as {
    choices: { finish_reason: string }[];
  };
  assert.equal(cut.choices[0]?.finish_reason, 'length');
});
