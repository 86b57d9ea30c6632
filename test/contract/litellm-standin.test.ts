// The LiteLLM stand-in answers with the shapes the app's schemas expect, and with the very error
// bodies recorded from real LiteLLM (same type, param and code; the message modulo the values).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { z } from 'zod';
import type { GatewayError } from '../../electron/core/gateway-error';
import { LiteLlmClient } from '../../electron/node/services/litellm-client';
import * as L from '../../electron/shared/litellm';
import { jsonFixture } from '../support/fixtures';
import { startStandins, type RunningStandins } from '../support/standins';

let s: RunningStandins;
before(async () => {
  s = await startStandins();
});
after(() => s.close());

const http = async (method: string, path: string, key: string | null, body?: unknown) => {
  const res = await fetch(`${s.litellmUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text ? (JSON.parse(text) as unknown) : null,
  };
};
const admin = (method: string, path: string, body?: unknown) =>
  http(method, path, s.masterKey, body);

const expectShape = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => {
  const r = schema.safeParse(value);
  assert.ok(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3)));
  return r.data;
};

/** Same envelope as the fixture: type, param and code equal; message equal once numbers/keys are masked. */
const sameError = (actual: unknown, fixture: string) => {
  const want = jsonFixture<L.LiteLlmError>(`litellm/${fixture}`).error;
  const got = L.LiteLlmError.parse(actual).error;
  assert.deepEqual([got.type, got.param, got.code], [want.type, want.param, want.code]);
  const mask = (m: string) =>
    m
      .replace(/[0-9a-f]{64}/g, 'HASH')
      .replace(/sk-[A-Za-z0-9.]+/g, 'KEY')
      .replace(/\d+(\.\d+)?/g, 'N')
      .replace(/'[^']*'/g, "'X'");
  assert.equal(mask(got.message), mask(want.message));
};

const newKey = async (alias: string, extra: Record<string, unknown> = {}) => {
  const r = await admin('POST', '/key/generate', {
    key_alias: alias,
    models: ['local-chat'],
    max_budget: 5,
    budget_duration: '30d',
    rpm_limit: 60,
    max_parallel_requests: 4,
    metadata: { app_id: alias },
    ...extra,
  });
  assert.equal(r.status, 200);
  return expectShape(L.KeyGenerateResponse, r.json);
};

const chat = (key: string, model = 'local-chat', extra: Record<string, unknown> = {}) =>
  http('POST', '/v1/chat/completions', key, {
    model,
    messages: [{ role: 'user', content: 'hello there friend' }],
    max_tokens: 20,
    ...extra,
  });

describe('health and discovery', () => {
  test('/health/liveliness is the JSON string of the fixture, /health/readiness its shape', async () => {
    assert.deepEqual(
      (await http('GET', '/health/liveliness', null)).json,
      jsonFixture('litellm/health_liveliness_response.json'),
    );
    expectShape(L.HealthReadinessResponse, (await http('GET', '/health/readiness', null)).json);
  });

  test('/v1/models lists the config.yaml models; /v1/model/info carries their prices', async () => {
    const models = expectShape(L.ModelsResponse, (await admin('GET', '/v1/models')).json);
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['local-chat', 'local-coder', 'local-embed', 'ollama-chat', 'ollama-embed'],
    );
    const info = expectShape(L.ModelInfoResponse, (await admin('GET', '/v1/model/info')).json);
    assert.equal(info.data[0]?.model_info.input_cost_per_token, 0.00000015);
  });
});

describe('key lifecycle', () => {
  test('generate returns the raw key once; info, list and block answer with the fixture shapes', async () => {
    const k = await newKey('app:contract-1');
    assert.match(k.key, /^sk-/);
    assert.equal(k.token, k.token_id);
    const info = expectShape(
      L.KeyInfoResponse,
      (await admin('GET', `/key/info?key=${k.key}`)).json,
    );
    assert.equal(info.key, k.token);
    assert.equal('token' in info.info, false, 'info drops the token, as LiteLLM does');
    assert.match(info.info.budget_reset_at ?? '', /^\d{4}-\d{2}-01T00:00:00\+00:00$/);
    const hashes = expectShape(
      L.KeyListResponse,
      (await admin('GET', '/key/list?page=1&size=10')).json,
    );
    assert.ok(hashes.keys.includes(k.token!));
    const full = expectShape(
      L.KeyListResponse,
      (await admin('GET', '/key/list?page=1&size=10&return_full_object=true')).json,
    );
    assert.equal(typeof full.keys[0], 'object');
    const blocked = expectShape(
      L.KeyBlockResponse,
      (await admin('POST', '/key/block', { key: k.key })).json,
    );
    assert.equal(blocked.blocked, true);
    expectShape(L.KeyBlockResponse, (await admin('POST', '/key/unblock', { key: k.key })).json);
  });

  test('update answers only the changed fields, dicts JSON-encoded as strings, as recorded', async () => {
    const k = await newKey('app:contract-2');
    const r = await admin('POST', '/key/update', {
      key: k.key,
      max_budget: 10,
      rpm_limit: 120,
      metadata: { tier: 'pro' },
    });
    const body = expectShape(L.KeyUpdateResponse, r.json) as Record<string, unknown>;
    assert.equal(typeof body.metadata, 'string');
    assert.deepEqual(JSON.parse(body.metadata as string), { tier: 'pro' });
    const fixtureKeys = Object.keys(
      jsonFixture<Record<string, unknown>>('litellm/key_update_response.json'),
    ).sort();
    assert.deepEqual(
      Object.keys(body).sort(),
      fixtureKeys.filter((f) => f !== 'budget_reset_at' && f !== 'budget_duration'),
    );
    const info = expectShape(
      L.KeyInfoResponse,
      (await admin('GET', `/key/info?key=${k.token}`)).json,
    );
    assert.deepEqual(info.info.metadata, { tier: 'pro' }, 'metadata replaced, not merged');
  });

  test('list pages with size at most 100', async () => {
    assert.equal((await admin('GET', '/key/list?size=101')).status, 422);
  });

  test('delete answers the keys as passed; deleting nothing is the recorded 404', async () => {
    const k = await newKey('app:contract-3');
    const r = await admin('POST', '/key/delete', { keys: [k.token] });
    assert.deepEqual(expectShape(L.KeyDeleteResponse, r.json).deleted_keys, [k.token]);
    const again = await admin('POST', '/key/delete', { keys: [k.token] });
    assert.equal(again.status, 404);
    sameError(again.json, 'error_delete_no_keys_404.json');
  });
});

describe('recorded error bodies', () => {
  test('duplicate alias', async () => {
    await newKey('app:dup');
    const r = await admin('POST', '/key/generate', { key_alias: 'app:dup' });
    assert.equal(r.status, 400);
    sameError(r.json, 'error_key_alias_exists_400.json');
  });

  test('key not found, regenerate is enterprise-only, unknown key, non-sk key', async () => {
    const nf = await admin('GET', '/key/info?key=sk-doesnotexist0000');
    assert.equal(nf.status, 404);
    sameError(nf.json, 'error_key_not_found_info_404.json');
    const regen = await admin('POST', '/key/sk-abc/regenerate', {});
    assert.equal(regen.status, 500);
    sameError(regen.json, 'error_enterprise_only_regenerate_500.json');
    const unknown = await chat('sk-EXAMPLEnotAKey0000');
    assert.equal(unknown.status, 401);
    sameError(unknown.json, 'error_invalid_virtual_key_401.json');
    const notSk = await chat('wrong-master-key');
    assert.equal(notSk.status, 401);
    sameError(notSk.json, 'error_not_sk_prefixed_key_401.json');
  });

  test('budget exceeded once spend reaches max_budget: 429 with type budget_exceeded, as the pinned line answers', async () => {
    const k = await newKey('app:budget', { max_budget: 0.000001 });
    assert.equal((await chat(k.key)).status, 200);
    const r = await chat(k.key);
    assert.equal(r.status, 429);
    // The recorded 1.80 body with the 1.84+ status: the same type, message and param, code "429".
    const body = L.LiteLlmError.parse(r.json).error;
    assert.equal(body.code, '429');
    sameError({ error: { ...body, code: '400' } }, 'error_budget_exceeded_key_400.json');
  });

  test('rpm limit: 429 with the recorded body and retry-after header', async () => {
    const k = await newKey('app:rpm', { rpm_limit: 2 });
    assert.equal((await chat(k.key)).status, 200);
    assert.equal((await chat(k.key)).status, 200);
    const r = await chat(k.key);
    assert.equal(r.status, 429);
    sameError(r.json, 'error_rate_limit_429.json');
    const headers = jsonFixture<Record<string, string>>(
      'litellm/error_rate_limit_429_headers.json',
    );
    for (const h of Object.keys(headers)) assert.ok(r.headers.get(h), `header ${h}`);
  });

  test('a model outside the allowlist is key_model_access_denied; a blocked key is refused', async () => {
    const k = await newKey('app:allow');
    const denied = await chat(k.key, 'local-coder');
    assert.equal(denied.status, 401);
    assert.equal(L.LiteLlmError.parse(denied.json).error.type, 'key_model_access_denied');
    await admin('POST', '/key/block', { key: k.key });
    assert.equal((await chat(k.key)).status, 401);
  });
});

describe('spend, logs and metrics', () => {
  test('a call spends tokens x the config.yaml prices and shows in /spend/logs and /metrics', async () => {
    const k = await newKey('app:spend');
    const r = await chat(k.key);
    const usage = (r.json as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    const expected = usage.prompt_tokens * 0.00000015 + usage.completion_tokens * 0.0000006;
    const info = expectShape(
      L.KeyInfoResponse,
      (await admin('GET', `/key/info?key=${k.key}`)).json,
    );
    assert.ok(Math.abs(info.info.spend - expected) < 1e-12, `${info.info.spend} vs ${expected}`);
    const logs = expectShape(
      L.SpendLogsResponse,
      (await admin('GET', `/spend/logs?api_key=${k.token}`)).json,
    );
    assert.equal(logs.length, 1);
    assert.equal(logs[0]?.model_group, 'local-chat');
    const client = new LiteLlmClient({
      baseUrl: s.litellmUrl,
      masterKey: () => Promise.resolve(s.masterKey),
    });
    const samples = await client.metrics();
    const names = new Set(
      jsonFixture<L.MetricSample[]>('litellm/prometheus_metrics_sample.json').map((m) => m.name),
    );
    for (const n of names)
      assert.ok(
        samples.some((x) => x.name === n),
        `metric ${n}`,
      );
    const mine = samples.find(
      (x) =>
        x.name === 'litellm_proxy_total_requests_metric_total' &&
        x.labels.hashed_api_key === k.token,
    );
    const fixtureLabels = Object.keys(
      jsonFixture<L.MetricSample[]>('litellm/prometheus_metrics_sample.json')[0]!.labels,
    ).sort();
    assert.deepEqual(
      Object.keys(mine?.labels ?? {}).sort(),
      fixtureLabels.filter((l) => !['model_id', 'client_ip', 'user_agent'].includes(l)),
    );
  });

  test('streaming: SSE chunks end with [DONE] and the call is spent', async () => {
    const k = await newKey('app:stream');
    const res = await fetch(`${s.litellmUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'local-chat',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 8,
      }),
    });
    const text = await res.text();
    assert.match(text, /^data: \{/);
    assert.match(text, /data: \[DONE\]\n\n$/);
    assert.doesNotMatch(text, /"usage"/, 'no usage chunk unless the client asked for one');
    const info = expectShape(
      L.KeyInfoResponse,
      (await admin('GET', `/key/info?key=${k.key}`)).json,
    );
    assert.ok(info.info.spend > 0);
  });
});

describe('the app client against the stand-in', () => {
  test('a wrong master key is one clear LITELLM_AUTH line; a stopped server is UNREACHABLE', async () => {
    const wrong = new LiteLlmClient({
      baseUrl: s.litellmUrl,
      masterKey: () => Promise.resolve('sk-wrong-master'),
    });
    await assert.rejects(
      wrong.listKeys(),
      (e: GatewayError) =>
        e.code === 'LITELLM_AUTH' &&
        /master key/.test(e.message) &&
        !e.message.includes('sk-wrong'),
    );
    const none = new LiteLlmClient({
      baseUrl: 'http://127.0.0.1:1',
      masterKey: () => Promise.resolve(null),
    });
    await assert.rejects(
      none.listKeys(),
      (e: GatewayError) => e.code === 'LITELLM_AUTH' && /hagw setup/.test(e.message),
    );
  });

  test('listKeys walks every page', async () => {
    const client = new LiteLlmClient({
      baseUrl: s.litellmUrl,
      masterKey: () => Promise.resolve(s.masterKey),
    });
    const before = (await client.listKeys()).length;
    await Promise.all(Array.from({ length: 105 }, (_, i) => newKey(`app:page-${i}`)));
    assert.equal((await client.listKeys()).length, before + 105);
  });
});

// user_api_key_auth (litellm/proxy/auth/user_api_key_auth.py) refuses a blocked virtual key before
// any route runs: /v1/models and the Responses API included, not only chat.
describe('a blocked key, on every route', () => {
  test('models, chat, responses and a stored response are all 401 "Key is blocked"', async () => {
    const k = await newKey('app:blocked-everywhere');
    await admin('POST', '/key/block', { key: k.key });
    for (const [method, path, body] of [
      ['GET', '/v1/models', undefined],
      ['POST', '/v1/chat/completions', { model: 'local-chat', messages: [] }],
      ['POST', '/v1/responses', { model: 'local-chat', input: 'hi' }],
      ['GET', '/v1/responses/resp_abc', undefined],
    ] as const) {
      const r = await http(method, path, k.key, body);
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.match(L.LiteLlmError.parse(r.json).error.message, /Key is blocked/, path);
    }
  });
});

// litellm/llms/hosted_vllm/responses/transformation.py: a hosted_vllm deployment's Responses API
// call goes to vLLM's own /v1/responses; litellm/responses/utils.py encodes the deployment into
// the id LiteLLM answers with, and spend is written with call_type "aresponses".
describe('the Responses API', () => {
  test("answered by vLLM's /v1/responses, the id naming the deployment, spent like chat", async () => {
    const k = await newKey('app:responses');
    const r = await http('POST', '/v1/responses', k.key, {
      model: 'local-chat',
      input: 'hello there friend',
      max_output_tokens: 20,
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const body = r.json as { id: string; model: string; usage: { output_tokens: number } };
    assert.equal(body.model, 'local-chat');
    const decoded = Buffer.from(body.id.slice('resp_'.length), 'base64').toString();
    assert.match(
      decoded,
      /^litellm:custom_llm_provider:hosted_vllm;model_id:[0-9a-f]{64};response_id:resp_[0-9a-f]{32}$/,
    );
    s.litellm.flush();
    const logs = s.litellm.ledger.logs.filter((l) => l.call_type === 'aresponses');
    assert.equal(logs.at(-1)?.completion_tokens, body.usage.output_tokens);
    // vLLM keeps no responses unless VLLM_ENABLE_RESPONSES_API_STORE=1: the lookup is its 404.
    const again = await http('GET', `/v1/responses/${body.id}`, k.key);
    assert.equal(again.status, 404);
    assert.match(L.LiteLlmError.parse(again.json).error.message, /not found/);
    const foreign = await http('GET', '/v1/responses/resp_not-from-this-proxy', k.key);
    assert.equal(foreign.status, 400);
  });

  test('the key allowlist and the budget hold as for chat', async () => {
    const k = await newKey('app:responses-allow');
    const denied = await http('POST', '/v1/responses', k.key, { model: 'local-coder', input: 'x' });
    assert.equal(L.LiteLlmError.parse(denied.json).error.type, 'key_model_access_denied');
    const broke = await newKey('app:responses-broke', { max_budget: 0 });
    const over = await http('POST', '/v1/responses', broke.key, {
      model: 'local-chat',
      input: 'x',
    });
    assert.equal(L.LiteLlmError.parse(over.json).error.type, 'budget_exceeded');
  });

  test('a stream keeps the event names and rewrites the id in every response event', async () => {
    const k = await newKey('app:responses-stream');
    const res = await fetch(`${s.litellmUrl}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local-chat', input: 'hi', stream: true }),
    });
    const text = await res.text();
    const names = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    assert.equal(names[0], 'response.created');
    assert.equal(names.at(-1), 'response.completed');
    const ids = [...text.matchAll(/"response":\{"id":"([^"]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 3 && ids.every((id) => id === ids[0] && id!.length > 40));
  });
});

// compose/litellm/local_only.py, loaded by the bundled config.yaml: what a local model cannot do
// is a 400 that says so (test/unit/local-only-hook-py.test.ts runs the Python file on the same cases).
describe('the local_only pre-call hook', () => {
  test('a hosted tool and an oversized schema are 400s that name what is not available locally', async () => {
    const k = await newKey('app:hosted');
    const web = await http('POST', '/v1/responses', k.key, {
      model: 'local-chat',
      input: 'news?',
      tools: [{ type: 'web_search' }],
    });
    assert.equal(web.status, 400);
    assert.match(
      L.LiteLlmError.parse(web.json).error.message,
      /'web_search' is a hosted OpenAI tool and is not available locally/,
    );
    const big = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 3000 }, (_, i) => [
          `field_${i}`,
          { type: 'string', description: 'x'.repeat(10) },
        ]),
      ),
    };
    const r = await chat(k.key, 'local-chat', {
      response_format: { type: 'json_schema', json_schema: { name: 'big', schema: big } },
    });
    assert.equal(r.status, 400);
    assert.match(
      L.LiteLlmError.parse(r.json).error.message,
      /accepts structured-output schemas up to 65536 bytes/,
    );
    // Function tools pass.
    const fn = await http('POST', '/v1/responses', k.key, {
      model: 'local-chat',
      input: 'weather?',
      tools: [{ type: 'function', name: 'w', parameters: { type: 'object', properties: {} } }],
      tool_choice: { type: 'function', name: 'w' },
    });
    assert.equal(fn.status, 200, JSON.stringify(fn.json));
  });
});
