// The spec gate over the gateway path (LiteLLM stand-in -> vLLM stand-in) and vLLM itself: every
// answer shape a client meets is checked against OpenAI's OpenAPI document, vendored at a commit
// (test/fixtures/openai-openapi). Deviations the real services share are listed, with their
// reason, in test/support/spec-deviations.ts; anything else fails here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertSpec, problems, specCommit } from '../support/openapi-gate';
import { startStandins, type RunningStandins } from '../support/standins';

let s: RunningStandins;
let key = '';
before(async () => {
  s = await startStandins({ STANDIN_BUDGET_STATUS: '429' }, { vllm: { tokensPerS: 0 } });
  const r = await fetch(`${s.litellmUrl}/key/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.masterKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key_alias: 'gate' }),
  });
  key = ((await r.json()) as { key: string }).key;
});
after(() => s.close());

const call = async (base: string, path: string, body?: unknown, auth = key) => {
  const r = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, text: await r.text() };
};
const json = (t: { text: string }): unknown => JSON.parse(t.text);
/** The data: payloads of an SSE answer, [DONE] left out. */
const events = (text: string): unknown[] =>
  text
    .split('\n\n')
    .map((e) => /^data: (.*)$/m.exec(e)?.[1])
    .filter((d): d is string => d !== undefined && d !== '[DONE]')
    .map((d) => JSON.parse(d) as unknown);

const chat = { model: 'local-chat', messages: [{ role: 'user', content: 'hello there' }] };
const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

test('the vendored document names its commit, and the gate can fail', () => {
  assert.match(specCommit(), /^[0-9a-f]{40}$/);
  // A chat completion without choices, and a finish_reason OpenAI does not have.
  assert.ok(
    problems({ $ref: '#/components/schemas/CreateChatCompletionResponse' }, { id: 'x' }).length > 0,
  );
});

for (const [source, base] of [
  ['litellm', () => `${s.litellmUrl}/v1`],
  ['vllm', () => `${s.vllmUrl}/v1`],
] as const) {
  describe(`answers from ${source}`, () => {
    test('models', async () => {
      assertSpec('ListModelsResponse', json(await call(base(), '/models')), source);
    });
    test('chat: plain, cut at max_tokens, JSON schema, and a tool call', async () => {
      for (const extra of [
        {},
        { max_tokens: 2 },
        {
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'x',
              schema: { type: 'object', properties: { a: { type: 'string' } } },
            },
          },
        },
        { tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
      ]) {
        const r = await call(base(), '/chat/completions', { ...chat, ...extra });
        assert.equal(r.status, 200, r.text);
        assertSpec('CreateChatCompletionResponse', json(r), source);
      }
    });
    test('chat stream chunks, the usage chunk included', async () => {
      const r = await call(base(), '/chat/completions', {
        ...chat,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = events(r.text);
      assert.ok(chunks.length > 2);
      for (const c of chunks) assertSpec('CreateChatCompletionStreamResponse', c, source);
    });
    test('responses: plain, incomplete, and a function call', async () => {
      for (const extra of [
        {},
        { max_output_tokens: 2 },
        {
          tools: [
            { type: 'function', name: 'get_weather', parameters: weather.function.parameters },
          ],
          tool_choice: { type: 'function', name: 'get_weather' },
        },
      ]) {
        const r = await call(base(), '/responses', {
          model: 'local-chat',
          input: 'hello there',
          ...extra,
        });
        assert.equal(r.status, 200, r.text);
        assertSpec('Response', json(r), source);
      }
    });
    test('responses stream events', async () => {
      const r = await call(base(), '/responses', {
        model: 'local-chat',
        input: 'hello there',
        stream: true,
      });
      const all = events(r.text);
      assert.ok(all.length > 5);
      for (const e of all) assertSpec('ResponseStreamEvent', e, source);
    });
    test('errors: unknown model, bad schema', async () => {
      const unknown = await call(base(), '/chat/completions', { ...chat, model: 'no-such-model' });
      assert.ok(unknown.status >= 400);
      assertSpec('ErrorResponse', json(unknown), source);
      const bad = await call(base(), '/chat/completions', {
        ...chat,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'x', schema: { type: 'nonsense' } },
        },
      });
      assert.equal(bad.status, 400, bad.text);
      assertSpec('ErrorResponse', json(bad), source);
    });
  });
}

describe('answers only the gateway gives', () => {
  test('embeddings, floats and base64', async () => {
    for (const encoding_format of ['float', 'base64']) {
      const r = await call(`${s.litellmUrl}/v1`, '/embeddings', {
        model: 'local-embed',
        input: ['one', 'two'],
        encoding_format,
      });
      assert.equal(r.status, 200, r.text);
      assertSpec('CreateEmbeddingResponse', json(r), 'litellm');
    }
  });
  test('auth errors: no key, a wrong key, a blocked key', async () => {
    for (const auth of ['', 'sk-not-a-key-0000']) {
      const r = await call(`${s.litellmUrl}/v1`, '/models', undefined, auth);
      assert.equal(r.status, 401);
      assertSpec('ErrorResponse', json(r), 'litellm');
    }
  });
});
