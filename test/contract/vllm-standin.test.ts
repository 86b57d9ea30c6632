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

/** A stand-in of the kind named, on a port of its own, for one test. */
const another = async (o: Partial<Parameters<typeof createVllmStandin>[0]>) => {
  const x = createVllmStandin({ servedName: 'local-chat', model: 'm', maxModelLen: 4096, ...o });
  await new Promise<void>((r) => x.server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(x.server.address() as AddressInfo).port}`;
  const post = async (path: string, body: Record<string, unknown>) => {
    const r = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: o.servedName ?? 'local-chat', ...body }),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  return {
    post,
    close: () => {
      x.server.closeAllConnections();
      x.server.close();
    },
  };
};

type Choice = { message: Record<string, unknown>; finish_reason: string };

// vllm/entrypoints/openai/chat_completion/protocol.py (ChatMessage): refusal and the other unset
// fields are written as null; each answer is stamped with the second it was made.
test('chat: refusal null, created per answer, "length" whenever the limit was reached', async () => {
  const a = (await (await chat({ max_tokens: 40 })).json()) as {
    created: number;
    choices: Choice[];
  };
  assert.equal(a.choices[0]!.message.refusal, null);
  assert.equal(a.choices[0]!.finish_reason, 'stop');
  await new Promise((r) => setTimeout(r, 1100));
  const b = (await (await chat({ max_tokens: 2 })).json()) as {
    created: number;
    choices: Choice[];
    usage: { completion_tokens: number };
  };
  assert.ok(b.created > a.created, 'each answer has its own created');
  assert.equal(b.choices[0]!.finish_reason, 'length');
  assert.equal(b.usage.completion_tokens, 2);
  const c = (await (await chat({ max_completion_tokens: 2 })).json()) as { choices: Choice[] };
  assert.equal(c.choices[0]!.finish_reason, 'length', 'max_completion_tokens counts too');
});

// vllm/v1/structured_output/backend_xgrammar.py (validate_xgrammar_grammar): a schema xgrammar
// cannot compile is a 400 before generation; a good one is followed.
test('json_schema: the content conforms; an invalid schema is a 400 in the error envelope', async () => {
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
      kind: { enum: ['a', 'b'] },
      nested: { $ref: '#/$defs/N' },
    },
    required: ['name', 'tags'],
    $defs: { N: { type: 'object', properties: { n: { type: 'integer' } } } },
  };
  const ok = (await (
    await chat({ response_format: { type: 'json_schema', json_schema: { name: 's', schema } } })
  ).json()) as { choices: Choice[] };
  assert.deepEqual(JSON.parse(String(ok.choices[0]!.message.content)), {
    name: 'word0',
    tags: ['word0', 'word0'],
    kind: 'a',
    nested: { n: 1 },
  });
  for (const bad of [{ type: 'nonsense' }, { $ref: '#/$defs/missing' }, 'not a schema']) {
    const r = await chat({
      response_format: { type: 'json_schema', json_schema: { name: 's', schema: bad } },
    });
    assert.equal(r.status, 400);
    const e = ((await r.json()) as { error: { message: string; code: number } }).error;
    assert.match(e.message, /Failed to transform json schema into a grammar|Invalid JSON grammar/);
    assert.equal(e.code, 400);
  }
});

// api_server.py: each route answers only for the runner it belongs to; pooling_params.py refuses
// `dimensions` for a model without Matryoshka training.
test('runners: a chat model refuses embeddings, an embedding model refuses chat; base64 vectors', async () => {
  assert.equal((await fetch(`${url}/v1/embeddings`, { method: 'POST', body: '{}' })).status, 400);
  const e = await another({ servedName: 'local-embed', runner: 'pooling', dimensions: 16 });
  try {
    const refused = await e.post('/v1/chat/completions', { messages: [] });
    assert.equal(refused.status, 400);
    assert.match(
      String((refused.json.error as { message: string }).message),
      /does not support Chat Completions API/,
    );
    const floats = await e.post('/v1/embeddings', { input: ['a b'] });
    const packed = await e.post('/v1/embeddings', { input: ['a b'], encoding_format: 'base64' });
    const f = (floats.json.data as { embedding: number[] }[])[0]!.embedding;
    const b = (packed.json.data as { embedding: string }[])[0]!.embedding;
    assert.equal(f.length, 16);
    const bytes = Buffer.from(b, 'base64');
    const back = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.deepEqual(
      back.map((x) => x.toFixed(5)),
      f.map((x) => x.toFixed(5)),
    );
    const dims = await e.post('/v1/embeddings', { input: ['a'], dimensions: 4 });
    assert.equal(dims.status, 400);
    assert.match(
      String((dims.json.error as { message: string }).message),
      /does not support matryoshka/,
    );
  } finally {
    e.close();
  }
});

// vllm/entrypoints/openai/responses/serving.py: store is off unless VLLM_ENABLE_RESPONSES_API_STORE
// (lookups and previous_response_id are 404, background a 400); max_output_tokens reached makes
// the response "incomplete". serving_chat.py: "auto" tool choice needs --enable-auto-tool-choice.
test('responses: incomplete at the limit, nothing stored, tool_choice auto only with the flag', async () => {
  const cut = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    body: JSON.stringify({ model: 'local-chat', input: 'hi', max_output_tokens: 2 }),
  });
  const body = (await cut.json()) as { status: string; incomplete_details: unknown; id: string };
  assert.equal(body.status, 'incomplete');
  assert.deepEqual(body.incomplete_details, { reason: 'max_output_tokens' });
  assert.equal((await fetch(`${url}/v1/responses/${body.id}`)).status, 404);
  const bg = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    body: JSON.stringify({ model: 'local-chat', input: 'hi', background: true }),
  });
  assert.equal(bg.status, 400);
  const tools = [{ type: 'function', name: 'w', parameters: { type: 'object', properties: {} } }];
  const plain = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    body: JSON.stringify({ model: 'local-chat', input: 'hi', tools }),
  });
  assert.equal(plain.status, 400);
  const auto = await another({ autoToolChoice: true });
  try {
    const r = await auto.post('/v1/responses', { input: 'hi', tools });
    assert.equal(r.status, 200);
    assert.equal((r.json.output as { type: string }[])[0]!.type, 'function_call');
  } finally {
    auto.close();
  }
});
