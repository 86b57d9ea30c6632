// The real-client matrix: the clients people use, at pinned versions (package.json here), each
// through real Caddy to the LiteLLM and vLLM stand-ins and the batch service. Run under Node 22
// (their current releases need it) by test/integration/client-matrix.test.ts, which starts that
// world and passes it in the environment:
//   HAGW_MATRIX_BASE        the gateway's OpenAI base URL (Caddy's door), ending in /v1
//   HAGW_MATRIX_KEY         an app key for local-chat and local-embed
//   HAGW_MATRIX_CODER_KEY   a key for local-coder only (local-chat is not allowed to it)
//   HAGW_MATRIX_BROKE_KEY   a key over its budget
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { createOpenAI } from '@ai-sdk/openai';
import {
  APICallError,
  embed,
  generateObject,
  generateText,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { tool as lcTool } from '@langchain/core/tools';
import { z } from 'zod';

const env = (name) => {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run this file through test/integration/client-matrix.test.ts`,
    );
  return v;
};
const baseURL = env('HAGW_MATRIX_BASE');
const key = env('HAGW_MATRIX_KEY');
const coderKey = env('HAGW_MATRIX_CODER_KEY');
const brokeKey = env('HAGW_MATRIX_BROKE_KEY');

const City = z.object({ name: z.string(), population: z.number().int() });
const weatherParams = z.object({ city: z.string() });

/** Times of the content pieces of a stream, to tell incremental from buffered. */
const spread = (times) => (times.length >= 2 ? times.at(-1) - times[0] : 0);

describe('openai (the official client)', () => {
  const oa = new OpenAI({ baseURL, apiKey: key, maxRetries: 0 });
  test('models', async () => {
    const ids = (await oa.models.list()).data.map((m) => m.id);
    assert.ok(ids.includes('local-chat') && ids.includes('local-embed'), ids.join());
  });
  test('chat', async () => {
    const r = await oa.chat.completions.create({
      model: 'local-chat',
      messages: [{ role: 'user', content: 'Say hello.' }],
      max_tokens: 32,
    });
    assert.equal(r.choices[0].message.refusal, null);
    assert.ok(r.choices[0].message.content.length > 0);
  });
  test('stream: incremental, usage last', async () => {
    const s = await oa.chat.completions.create({
      model: 'local-chat',
      messages: [{ role: 'user', content: 'Say hello.' }],
      max_tokens: 32,
      stream: true,
      stream_options: { include_usage: true },
    });
    const times = [];
    let last;
    for await (const c of s) {
      if (c.choices[0]?.delta?.content) times.push(performance.now());
      last = c;
    }
    assert.ok(
      times.length >= 3 && spread(times) > 20,
      `${times.length} pieces over ${spread(times)} ms`,
    );
    assert.equal(last.choices.length, 0);
    assert.ok(last.usage.completion_tokens > 0);
  });
  test('tools: tool_choice auto calls the function, the result is answered', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          },
        },
      },
    ];
    const messages = [{ role: 'user', content: 'Weather in Lisbon?' }];
    const first = await oa.chat.completions.create({ model: 'local-chat', messages, tools });
    const call = first.choices[0].message.tool_calls[0];
    assert.equal(call.function.name, 'get_weather');
    assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
    const second = await oa.chat.completions.create({
      model: 'local-chat',
      tools,
      messages: [
        ...messages,
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: '{"celsius":21}' },
      ],
    });
    assert.ok(second.choices[0].message.content);
  });
  test('structured output: chat.completions.parse with a zod schema', async () => {
    const r = await oa.chat.completions.parse({
      model: 'local-chat',
      messages: [{ role: 'user', content: 'A city?' }],
      response_format: zodResponseFormat(City, 'city'),
    });
    assert.deepEqual(Object.keys(r.choices[0].message.parsed).sort(), ['name', 'population']);
  });
  test('embeddings (the client asks for base64 and decodes it)', async () => {
    const r = await oa.embeddings.create({ model: 'local-embed', input: ['one', 'two'] });
    assert.deepEqual(
      r.data.map((d) => d.embedding.length),
      [768, 768],
    );
  });
  test('responses: create, and stream', async () => {
    const r = await oa.responses.create({
      model: 'local-chat',
      input: 'Say hello.',
      max_output_tokens: 32,
    });
    assert.equal(r.status, 'completed');
    assert.ok(r.output_text.length > 0);
    // LiteLLM's id (base64, "+" and "=" escaped by the client) passes Caddy and reaches vLLM,
    // which keeps no responses unless VLLM_ENABLE_RESPONSES_API_STORE=1: its 404, not Caddy's.
    await assert.rejects(
      oa.responses.retrieve(r.id),
      (e) => e.status === 404 && /not found/i.test(e.message),
    );
    const types = [];
    const s = await oa.responses.create({ model: 'local-chat', input: 'Say hello.', stream: true });
    for await (const e of s) types.push(e.type);
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.ok(types.filter((t) => t === 'response.output_text.delta').length >= 2);
  });
  test('a bad key, a disallowed model, an over-budget key', async () => {
    await assert.rejects(
      new OpenAI({ baseURL, apiKey: 'sk-not-a-key-000000', maxRetries: 0 }).models.list(),
      OpenAI.AuthenticationError,
    );
    const chat = (apiKey) =>
      new OpenAI({ baseURL, apiKey, maxRetries: 0 }).chat.completions.create({
        model: 'local-chat',
        messages: [{ role: 'user', content: 'hi' }],
      });
    await assert.rejects(
      chat(coderKey),
      (e) => e.status === 401 && /not allowed to access model/.test(e.message),
    );
    await assert.rejects(chat(brokeKey), OpenAI.RateLimitError);
  });
  test('a batch: upload, create, wait, read the output', async () => {
    const line = (id) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'local-chat', messages: [{ role: 'user', content: id }], max_tokens: 8 },
      });
    const file = await oa.files.create({
      file: await toFile(Buffer.from(`${line('a')}\n${line('b')}\n`), 'in.jsonl'),
      purpose: 'batch',
    });
    let b = await oa.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const deadline = Date.now() + 60_000;
    while (!['completed', 'failed', 'cancelled', 'expired'].includes(b.status)) {
      assert.ok(Date.now() < deadline, `batch still ${b.status} after 60 s`);
      await new Promise((r) => setTimeout(r, 250));
      b = await oa.batches.retrieve(b.id);
    }
    assert.equal(b.status, 'completed');
    const out = (await (await oa.files.content(b.output_file_id)).text()).trim().split('\n');
    assert.deepEqual(
      out.map((l) => JSON.parse(l).custom_id),
      ['a', 'b'],
    );
  });
});

describe('the AI SDK (ai + @ai-sdk/openai)', () => {
  const provider = createOpenAI({ baseURL, apiKey: key });
  for (const [name, model] of [
    ['the default model (the Responses API)', () => provider('local-chat')],
    ['.chat() (chat completions)', () => provider.chat('local-chat')],
  ]) {
    test(`${name}: text, stream, tools, structured output`, async () => {
      const text = await generateText({
        model: model(),
        prompt: 'Say hello.',
        maxOutputTokens: 32,
        maxRetries: 0,
      });
      assert.ok(text.text.length > 0);
      assert.ok(text.usage.outputTokens > 0);
      const s = streamText({ model: model(), prompt: 'Say hello.', maxRetries: 0 });
      const times = [];
      for await (const piece of s.textStream) if (piece) times.push(performance.now());
      assert.ok(
        times.length >= 3 && spread(times) > 20,
        `${times.length} pieces over ${spread(times)} ms`,
      );
      assert.ok((await s.usage).outputTokens > 0);
      const withTool = await generateText({
        model: model(),
        prompt: 'Weather in Lisbon?',
        maxRetries: 0,
        tools: {
          weather: tool({ inputSchema: weatherParams, execute: async () => ({ celsius: 21 }) }),
        },
        stopWhen: stepCountIs(2),
      });
      assert.equal(withTool.steps[0].toolCalls[0]?.toolName, 'weather');
      assert.ok(withTool.text.length > 0, 'the second step answers in words');
      const obj = await generateObject({
        model: model(),
        schema: City,
        prompt: 'A city?',
        maxRetries: 0,
      });
      assert.deepEqual(Object.keys(obj.object).sort(), ['name', 'population']);
    });
  }
  test('embeddings', async () => {
    const r = await embed({
      model: provider.embedding('local-embed'),
      value: 'hello',
      maxRetries: 0,
    });
    assert.equal(r.embedding.length, 768);
  });
  test('a bad key, a disallowed model, an over-budget key', async () => {
    const status = async (apiKey) => {
      try {
        await generateText({
          model: createOpenAI({ baseURL, apiKey })('local-chat'),
          prompt: 'hi',
          maxRetries: 0,
        });
        return 200;
      } catch (e) {
        assert.ok(APICallError.isInstance(e), String(e));
        return e.statusCode;
      }
    };
    assert.deepEqual(
      [await status('sk-not-a-key-000000'), await status(coderKey), await status(brokeKey)],
      [401, 401, 429],
    );
  });
});

describe('LangChain (@langchain/openai)', () => {
  const chat = (o = {}) =>
    new ChatOpenAI({
      model: 'local-chat',
      apiKey: key,
      configuration: { baseURL },
      maxRetries: 0,
      ...o,
    });
  for (const [name, o] of [
    ['chat completions', {}],
    ['the Responses API', { useResponsesApi: true }],
  ]) {
    test(`${name}: invoke, stream with usage, tools, structured output`, async () => {
      const m = await chat(o).invoke('Say hello.');
      assert.ok(String(m.content).length > 0 || m.text.length > 0);
      const times = [];
      let usage;
      for await (const c of await chat(o).stream('Say hello.')) {
        if (c.text) times.push(performance.now());
        if (c.usage_metadata) usage = c.usage_metadata;
      }
      assert.ok(
        times.length >= 3 && spread(times) > 20,
        `${times.length} pieces over ${spread(times)} ms`,
      );
      assert.ok(usage?.output_tokens > 0, 'usage came with the stream');
      const weather = lcTool(async () => '{"celsius":21}', {
        name: 'get_weather',
        description: 'Weather in a city',
        schema: weatherParams,
      });
      const called = await chat(o).bindTools([weather]).invoke('Weather in Lisbon?');
      assert.equal(called.tool_calls[0]?.name, 'get_weather');
      const city = await chat(o)
        .withStructuredOutput(City, { method: 'jsonSchema' })
        .invoke('A city?');
      assert.deepEqual(Object.keys(city).sort(), ['name', 'population']);
    });
  }
  test('embeddings', async () => {
    const e = new OpenAIEmbeddings({
      model: 'local-embed',
      apiKey: key,
      configuration: { baseURL },
      maxRetries: 0,
    });
    assert.equal((await e.embedQuery('hello')).length, 768);
  });
  test('a bad key, a disallowed model, an over-budget key', async () => {
    const status = async (apiKey) => {
      try {
        await chat({ apiKey }).invoke('hi');
        return 200;
      } catch (e) {
        return e.status ?? e.lc_error_code;
      }
    };
    assert.deepEqual(
      [await status('sk-not-a-key-000000'), await status(coderKey), await status(brokeKey)],
      [401, 401, 429],
    );
  });
});
