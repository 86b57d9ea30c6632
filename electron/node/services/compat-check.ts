import type OpenAI from 'openai';
import {
  base64Floats,
  chatCompletionProblem,
  jsonSchemaContentProblem,
  responseEventsProblem,
  responseProblem,
  responseText,
  chunkProblem,
  embeddingProblem,
  errorBodyProblem,
  expected,
  finishReasonProblem,
  jsonContentProblem,
  modelListProblem,
  splitSse,
  statusClass,
  toolCallProblem,
  usageProblem,
} from '../../core/compat-verdicts';
import { GatewayError, firstLine } from '../../core/gateway-error';
import type { CompatCheck, CompatCheckId, CompatReport } from '../../shared/compat';

export interface CompatTarget {
  /** The OpenAI base URL, ending in /v1. */
  baseUrl: string;
  key: string;
  /** null: the first model /models lists. */
  model: string | null;
  /** A key already over its budget, for errors.budget; null skips that check. */
  overBudgetKey: string | null;
  /** An embedding route, for the embeddings check; null skips it. */
  embeddingModel: string | null;
  /** The route's supports_function_calling (LiteLLM /model/info); null when nobody says. */
  supportsTools: boolean | null;
}

export interface CompatDeps {
  fetch: typeof fetch;
  /** Milliseconds, for each check's duration and the time to first token. */
  now: () => number;
  signal?: AbortSignal;
}

type Verdict = Pick<CompatCheck, 'status' | 'detail'>;
const pass = (detail: string): Verdict => ({ status: 'pass', detail });
const fail = (detail: string): Verdict => ({ status: 'fail', detail });
const skip = (detail: string): Verdict => ({ status: 'skip', detail });
const verdict = (problem: string | null, ok: string): Verdict =>
  problem ? fail(problem) : pass(ok);

const helloText = 'Say hello in five words.';
const hello = [{ role: 'user' as const, content: helloText }];

/** A strict schema, as the AI SDK's generateObject and LangChain's withStructuredOutput send. */
const citySchema = {
  name: 'city',
  strict: true,
  schema: {
    type: 'object',
    properties: { name: { type: 'string' }, population: { type: 'integer' } },
    required: ['name', 'population'],
    additionalProperties: false,
  },
};

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The current weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
    },
  },
};

/** An HTTP error the openai client raised: its status and the body's `error` member. */
const apiError = (e: unknown): { status: number; error: unknown; message: string } | null => {
  const x = e as { status?: unknown; error?: unknown; message?: unknown } | null;
  // The client's APIError: a status and the body's `error` (no instanceof: the SDK loads lazily).
  return e instanceof Error && typeof x?.status === 'number'
    ? { status: x.status, error: x.error, message: e.message }
    : null;
};

/** A 400 whose message names the feature means the server does not offer it: a skip. */
const skipIfRefused = (e: unknown, feature: RegExp, what: string): Verdict => {
  const api = apiError(e);
  if (api?.status === 400 && feature.test(api.message))
    return skip(`the server refuses ${what}: ${firstLine(api.message).slice(0, 120)}`);
  throw e;
};

/** What an exception from the openai client (or fetch) says, in one line. */
const describe = (e: unknown): string => {
  const api = apiError(e);
  if (api)
    return `${api.status} ${statusClass(api.status)}: ${firstLine(api.message).slice(0, 160)}`;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return firstLine(cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e)));
};

/** The body's first words, for "it answered <this>": an HTML title, or the text itself. */
const glimpse = (text: string): string => {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  return JSON.stringify((title ?? text).replace(/\s+/g, ' ').trim().slice(0, 60));
};

/**
 * Runs every check against one OpenAI-compatible endpoint, the official client where a project
 * would use it and raw HTTP where the client would smooth a difference over (the stream's framing
 * and timing). Throws GatewayError('COMPAT_TARGET') when the target is not an OpenAI API at all.
 */
export const runCompat = async (t: CompatTarget, d: CompatDeps): Promise<CompatReport> => {
  const base = t.baseUrl.replace(/\/+$/, '');
  // Loaded here, not at the top: every other hagw command would pay ~100 ms to parse the SDK.
  const { default: OpenAI } = await import('openai');
  const client = (key: string) =>
    new OpenAI({
      baseURL: base,
      apiKey: key,
      maxRetries: 0,
      timeout: 60_000,
      fetch: d.fetch,
    });
  const openai = client(t.key);
  const opts = { signal: d.signal };
  /** The smallest chat call, for the checks that expect it to be refused. */
  const tinyChat = (key: string, m = model) =>
    client(key).chat.completions.create({ model: m, messages: hello, max_tokens: 1 }, opts);
  const checks: CompatCheck[] = [];
  const run = async (id: CompatCheckId, fn: () => Promise<Verdict>) => {
    const started = d.now();
    let v: Verdict;
    try {
      v = await fn();
    } catch (e) {
      if (d.signal?.aborted) throw e;
      v = fail(describe(e));
    }
    checks.push({ id, ...v, ms: Math.round(d.now() - started) });
  };

  const model = await firstCheck(base, t, d, checks);
  let ttftMs: number | null = null;

  await run('chat', async () => {
    const r = await openai.chat.completions.create(
      { model, messages: hello, max_tokens: 16 },
      opts,
    );
    return verdict(chatCompletionProblem(r), `"${r.choices[0]?.message.content ?? ''}"`);
  });
  await run('chat.length', async () => {
    const r = await openai.chat.completions.create({ model, messages: hello, max_tokens: 1 }, opts);
    return verdict(
      finishReasonProblem(r, 'length'),
      'max_tokens 1 ended with finish_reason length',
    );
  });
  await run('stream', async () => {
    const s = await rawStream(base, t.key, { model, messages: hello, max_tokens: 16 }, d);
    ttftMs = s.firstMs;
    return s.verdict;
  });
  await run('stream.usage', async () => {
    const s = await rawStream(
      base,
      t.key,
      { model, messages: hello, max_tokens: 16, stream_options: { include_usage: true } },
      d,
    );
    const withUsage = s.chunks.find(
      (c): c is { usage: unknown } => typeof c === 'object' && c !== null && 'usage' in c,
    );
    if (!withUsage)
      return fail(expected('a chunk with usage (stream_options.include_usage)', 'none'));
    return verdict(usageProblem(withUsage.usage), 'a usage chunk came');
  });
  await run('tools', () => toolsCheck(openai, model, t.supportsTools, opts));
  await run('json-mode', async () => {
    try {
      const r = await openai.chat.completions.create(
        {
          model,
          messages: [{ role: 'user', content: 'Answer as a JSON object with the key "answer".' }],
          response_format: { type: 'json_object' },
          max_tokens: 64,
        },
        opts,
      );
      return verdict(jsonContentProblem(r), 'message.content parsed as a JSON object');
    } catch (e) {
      return skipIfRefused(e, /response_format|json/i, 'response_format');
    }
  });
  await run('json-schema', async () => {
    try {
      const r = await openai.chat.completions.create(
        {
          model,
          messages: [{ role: 'user', content: 'Name a city and its population.' }],
          response_format: { type: 'json_schema', json_schema: citySchema },
          max_tokens: 64,
        },
        opts,
      );
      return verdict(
        jsonSchemaContentProblem(r, { name: 'string', population: 'integer' }),
        `message.content conforms to the schema: ${r.choices[0]?.message.content ?? ''}`,
      );
    } catch (e) {
      return skipIfRefused(e, /json_schema|response_format/i, 'json_schema response formats');
    }
  });
  await run('responses', async () => {
    const r = await openai.responses.create(
      { model, input: helloText, max_output_tokens: 32 },
      opts,
    );
    return verdict(responseProblem(r), `"${responseText(r)}"`);
  });
  await run('responses.stream', () => responsesStream(base, t.key, model, d));
  // A key that may call only other models is refused by LiteLLM's auth with 401
  // key_model_access_denied before any model lookup: that answer names the model, and is right.
  await run('errors.model', async () => {
    const v = await errorCheck(() => tinyChat(t.key, 'hagw-compat-no-such-model'), [404, 400, 401]);
    return v.status === 'pass' && v.detail.startsWith('401') && !/model/i.test(lastErrorMessage)
      ? fail(
          `401 without naming the model: the key itself was refused (${lastErrorMessage.slice(0, 100)})`,
        )
      : v;
  });
  await run('errors.auth', () =>
    errorCheck(() => tinyChat('sk-hagw-compat-not-a-key-0000'), [401]),
  );
  await run('errors.budget', async () =>
    t.overBudgetKey === null
      ? skip('needs a key that is over its budget (--over-budget-key K)')
      : errorCheck(() => tinyChat(t.overBudgetKey ?? ''), [429]),
  );
  await run('embeddings', async () => {
    if (t.embeddingModel === null) return skip('no embedding route (--embedding-model M)');
    const r = await openai.embeddings.create(
      { model: t.embeddingModel, input: ['hagw compat'], encoding_format: 'float' },
      opts,
    );
    const problem = embeddingProblem(r);
    if (problem) return fail(problem);
    const floats = r.data[0]!.embedding;
    // The official clients ask for base64 by default and decode it themselves: the same vector,
    // in float32 bytes, or every client sees a different number of dimensions than the server.
    const raw = await d.fetch(`${base}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: t.embeddingModel,
        input: ['hagw compat'],
        encoding_format: 'base64',
      }),
      signal: d.signal,
    });
    const b = (await raw.json()) as { data?: { embedding?: unknown }[] };
    const packed = b.data?.[0]?.embedding;
    if (typeof packed !== 'string')
      return fail(expected('a base64 string for encoding_format "base64"', packed));
    const decoded = base64Floats(packed, (s) => Buffer.from(s, 'base64'));
    if (decoded.length !== floats.length)
      return fail(
        expected(`${floats.length} dimensions from base64 (as from floats)`, decoded.length),
      );
    const same = decoded.every((x, i) => Math.abs(x - floats[i]!) < 1e-6);
    return same
      ? pass(`${floats.length} dimensions, the same vector as floats and as base64`)
      : fail('the base64 vector differs from the float one');
  });
  return { target: base, checks, ttftMs };
};

/**
 * GET /models, raw: the first answer decides whether this is an OpenAI API at all. No answer, TLS
 * failure, or something that is not JSON: one line saying what it answered, and no more checks.
 */
const firstCheck = async (
  base: string,
  t: CompatTarget,
  d: CompatDeps,
  checks: CompatCheck[],
): Promise<string> => {
  const started = d.now();
  let r: Response;
  try {
    r = await d.fetch(`${base}/models`, {
      headers: { authorization: `Bearer ${t.key}` },
      signal: d.signal,
    });
  } catch (e) {
    if (d.signal?.aborted) throw e;
    throw new GatewayError('COMPAT_TARGET', `${base} did not answer: ${describe(e)}.`);
  }
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GatewayError(
      'COMPAT_TARGET',
      `${base} is not an OpenAI-compatible API: GET /models answered ${r.status} ${r.headers.get('content-type') ?? 'with no content type'} ${glimpse(text)} (the base URL ends in /v1).`,
    );
  }
  const ids =
    typeof json === 'object' && json !== null && Array.isArray((json as { data?: unknown }).data)
      ? (json as { data: { id?: unknown }[] }).data
          .map((m) => m.id)
          .filter((id): id is string => typeof id === 'string')
      : [];
  const model = t.model ?? ids[0] ?? 'local-chat';
  const problem = r.ok
    ? modelListProblem(json, model)
    : `${r.status} ${statusClass(r.status)}: ${glimpse(text)}`;
  checks.push({
    id: 'models',
    status: problem ? 'fail' : 'pass',
    detail: problem ?? `${ids.length} model(s), "${model}" among them`,
    ms: Math.round(d.now() - started),
  });
  return model;
};

/** A forced call of one function, then the follow-up carrying its result. */
const toolsCheck = async (
  openai: OpenAI,
  model: string,
  supportsTools: boolean | null,
  opts: { signal?: AbortSignal },
): Promise<Verdict> => {
  if (supportsTools === false) return skip("the model's route says it does not call functions");
  let first: OpenAI.ChatCompletion;
  try {
    first = await openai.chat.completions.create(
      {
        model,
        messages: [{ role: 'user', content: 'What is the weather in Lisbon?' }],
        tools: [weatherTool],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        max_tokens: 64,
      },
      opts,
    );
  } catch (e) {
    return skipIfRefused(e, /tool/i, 'tools');
  }
  const problem = toolCallProblem(first, 'get_weather');
  if (problem) return fail(problem);
  const call = first.choices[0]!.message.tool_calls![0]!;
  const followUp = await openai.chat.completions.create(
    {
      model,
      messages: [
        { role: 'user', content: 'What is the weather in Lisbon?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"celsius": 21}' },
      ],
      tools: [weatherTool],
      max_tokens: 16,
    },
    opts,
  );
  return verdict(
    chatCompletionProblem(followUp),
    `get_weather(${call.type === 'function' ? call.function.arguments : ''}), then the tool result was accepted`,
  );
};

/** The message of the last error errorCheck saw, for checks that judge the words too. */
let lastErrorMessage = '';

/** A call that must fail: with OpenAI's error body and a status the client maps as expected. */
const errorCheck = async (call: () => Promise<unknown>, statuses: number[]): Promise<Verdict> => {
  try {
    await call();
  } catch (e) {
    const api = apiError(e);
    if (!api) throw e;
    lastErrorMessage = api.message;
    const problem = errorBodyProblem(api.status, { error: api.error }, statuses);
    return verdict(problem, `${api.status} ${statusClass(api.status)} with OpenAI's error body`);
  }
  return fail(expected(`status ${statuses.join(' or ')}`, '200 OK'));
};

/** A streamed Responses API call over raw HTTP: the event framing the SDKs parse. */
const responsesStream = async (
  base: string,
  key: string,
  model: string,
  d: CompatDeps,
): Promise<Verdict> => {
  const r = await d.fetch(`${base}/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, input: helloText, max_output_tokens: 32, stream: true }),
    signal: d.signal,
  });
  const text = await r.text();
  if (!r.ok) return fail(`${r.status} ${statusClass(r.status)}: ${glimpse(text)}`);
  const type = r.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream'))
    return fail(expected('content-type text/event-stream', type));
  const { events } = splitSse(`${text}\n\n`);
  const problem = responseEventsProblem(events.filter((e) => e.length > 0));
  return verdict(problem, `${events.length} events, response.created to response.completed`);
};

interface StreamResult {
  verdict: Verdict;
  chunks: unknown[];
  firstMs: number | null;
}

/**
 * A streamed chat completion over raw HTTP, read as it arrives: the framing (every event one
 * data: line, a final [DONE]) and whether the tokens came apart or in one buffered write.
 */
const rawStream = async (
  base: string,
  key: string,
  body: Record<string, unknown>,
  d: CompatDeps,
): Promise<StreamResult> => {
  const started = d.now();
  const r = await d.fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
    signal: d.signal,
  });
  const type = r.headers.get('content-type') ?? '';
  if (!r.ok || !r.body) {
    const text = await r.text();
    return {
      verdict: fail(`${r.status} ${statusClass(r.status)}: ${glimpse(text)}`),
      chunks: [],
      firstMs: null,
    };
  }
  if (!type.startsWith('text/event-stream')) {
    await r.body.cancel();
    return {
      verdict: fail(expected('content-type text/event-stream', type)),
      chunks: [],
      firstMs: null,
    };
  }
  const decoder = new TextDecoder();
  const reader = r.body.getReader();
  const chunks: unknown[] = [];
  const contentReads: { read: number; ms: number }[] = [];
  let pending = '';
  let done = false;
  let problem: string | null = null;
  for (let read = 0; ; read++) {
    const next = await reader.read();
    if (next.done) break;
    pending += decoder.decode(next.value, { stream: true });
    const split = splitSse(pending);
    pending = split.rest;
    for (const lines of split.events) {
      if (lines.length !== 1 || !lines[0]!.startsWith('data: ')) {
        problem ??= expected('every event one "data: " line', lines.join('\\n'));
        continue;
      }
      const data = lines[0]!.slice('data: '.length);
      if (data === '[DONE]') {
        done = true;
        continue;
      }
      if (done) problem ??= expected('nothing after data: [DONE]', data);
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        problem ??= expected('JSON in every data: line', data);
        continue;
      }
      chunks.push(chunk);
      problem ??= chunkProblem(chunk);
      const content = (chunk as { choices?: { delta?: { content?: unknown } }[] }).choices?.[0]
        ?.delta?.content;
      if (typeof content === 'string' && content !== '')
        contentReads.push({ read, ms: d.now() - started });
    }
  }
  const first = contentReads[0];
  const last = contentReads[contentReads.length - 1];
  const firstMs = first ? Math.round(first.ms) : null;
  problem ??= done
    ? null
    : expected('a final "data: [DONE]"', `${chunks.length} chunks, then the end`);
  problem ??=
    first && last && contentReads.length >= 2
      ? first.read < last.read
        ? null
        : `expected tokens as they are generated, got all ${contentReads.length} in one write after ${Math.round(last.ms)} ms (the answer was buffered)`
      : expected('two content chunks or more', contentReads.length);
  return {
    verdict: verdict(
      problem,
      `${contentReads.length} content chunks, first token after ${firstMs} ms, last after ${Math.round(last?.ms ?? 0)} ms`,
    ),
    chunks,
    firstMs,
  };
};
