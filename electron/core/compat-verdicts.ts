// What an OpenAI-compatible answer must look like, as the openai clients and the projects behind
// them rely on it. Pure: each verdict takes the parsed answer and says what is wrong, or null.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};
/** "expected X, got Y": the one phrasing every failed check uses. */
export const expected = (what: string, got: unknown): string =>
  `expected ${what}, got ${show(got)}`;

const firstProblem = (checks: (() => string | null)[]): string | null => {
  for (const c of checks) {
    const p = c();
    if (p) return p;
  }
  return null;
};

const field = (o: Obj, name: string, ok: (v: unknown) => boolean, what: string) => () =>
  ok(o[name]) ? null : expected(`${name} ${what}`, o[name]);
const isString = (v: unknown) => typeof v === 'string';
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** GET /models: {object: "list", data: [{id, object: "model"}]} with the model asked for. */
export const modelListProblem = (v: unknown, model: string): string | null => {
  if (!isObj(v) || !Array.isArray(v.data)) return expected('{"object":"list","data":[...]}', v);
  const bad = (v.data as unknown[]).find(
    (m) => !isObj(m) || !isString(m.id) || m.object !== 'model',
  );
  if (bad !== undefined) return expected('every data[] entry {id, object: "model"}', bad);
  const ids = v.data.map((m) => (m as Obj).id as string);
  return ids.includes(model) ? null : expected(`model "${model}" in the list`, ids);
};

export const usageProblem = (u: unknown): string | null =>
  isObj(u) && isCount(u.prompt_tokens) && isCount(u.completion_tokens) && isCount(u.total_tokens)
    ? null
    : expected('usage with prompt_tokens, completion_tokens and total_tokens', u);

/** A non-streamed chat completion, field by field as the API reference lists them. */
export const chatCompletionProblem = (v: unknown): string | null => {
  if (!isObj(v)) return expected('a JSON object', v);
  return firstProblem([
    field(v, 'id', isString, 'a string'),
    field(v, 'object', (x) => x === 'chat.completion', '"chat.completion"'),
    field(v, 'created', (x) => typeof x === 'number', 'a number (unix seconds)'),
    field(v, 'model', isString, 'a string'),
    () =>
      Array.isArray(v.choices) && v.choices.length > 0
        ? null
        : expected('choices with one entry or more', v.choices),
    () => choiceProblem((v.choices as unknown[])[0]),
    () => usageProblem(v.usage),
  ]);
};

const choiceProblem = (c: unknown): string | null => {
  if (!isObj(c)) return expected('choices[0] an object', c);
  const m = c.message;
  return firstProblem([
    field(c, 'index', (x) => x === 0, '0'),
    () => (isObj(m) && m.role === 'assistant' ? null : expected('message.role "assistant"', m)),
    () =>
      isObj(m) && (isString(m.content) || (m.content === null && Array.isArray(m.tool_calls)))
        ? null
        : expected('message.content a string', isObj(m) ? m.content : m),
    field(c, 'finish_reason', isString, 'a string'),
  ]);
};

/** choices[0] of an answer, when it has one. */
const firstChoice = (v: unknown): Obj | undefined =>
  isObj(v) && Array.isArray(v.choices) && isObj(v.choices[0]) ? v.choices[0] : undefined;

export const finishReasonProblem = (v: unknown, want: string): string | null => {
  const got = isObj(v) && Array.isArray(v.choices) ? firstChoice(v)?.finish_reason : v;
  return got === want ? null : expected(`finish_reason "${want}"`, got);
};

/** One streamed event: a chat.completion.chunk with choices[].delta (or the usage-only chunk). */
export const chunkProblem = (v: unknown): string | null => {
  if (!isObj(v) || v.object !== 'chat.completion.chunk')
    return expected('object "chat.completion.chunk"', isObj(v) ? v.object : v);
  if (!Array.isArray(v.choices)) return expected('choices an array', v.choices);
  const bad = (v.choices as unknown[]).find((c) => !isObj(c) || !isObj(c.delta));
  return bad === undefined ? null : expected('every choice with a delta object', bad);
};

/**
 * A server-sent event body split the way the openai clients read it: events end with a blank
 * line; `lines` is what each event held, for the "every event is a data: line" rule.
 */
export const splitSse = (text: string): { events: string[][]; rest: string } => {
  const blocks = text.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  return {
    events: blocks.map((b) => b.split('\n').filter((l) => l !== '' && !l.startsWith(':'))),
    rest,
  };
};

/** An error answer: OpenAI's {error: {message, type, param, code}} with the status asked for. */
export const errorBodyProblem = (
  status: number,
  body: unknown,
  statuses: readonly number[],
): string | null => {
  const err = isObj(body) ? body.error : undefined;
  if (!isObj(err)) return expected('an {"error": {...}} body', body);
  const keys = ['message', 'type', 'param', 'code'].filter((k) => !(k in err));
  if (keys.length > 0 || !isString(err.message))
    return expected('error.message (a string), error.type, error.param and error.code', err);
  return statuses.includes(status)
    ? null
    : `expected status ${statuses.join(' or ')}, got ${status} (${statusClass(status)})`;
};

/** The exception class the official clients raise for a status. */
export const statusClass = (status: number): string =>
  ({
    400: 'BadRequestError',
    401: 'AuthenticationError',
    403: 'PermissionDeniedError',
    404: 'NotFoundError',
    409: 'ConflictError',
    422: 'UnprocessableEntityError',
    429: 'RateLimitError',
  })[status] ?? (status >= 500 ? 'InternalServerError' : 'APIError');

/** A forced function call: tool_calls[0] of type function, the name asked for, JSON-string args. */
export const toolCallProblem = (v: unknown, name: string): string | null => {
  const msg = firstChoice(v)?.message;
  const calls = isObj(msg) ? msg.tool_calls : undefined;
  const call = Array.isArray(calls) ? (calls[0] as unknown) : undefined;
  if (!isObj(call) || !isObj(call.function))
    return expected('message.tool_calls[0] with a function', calls);
  const fn = call.function;
  if (!isString(call.id) || call.type !== 'function')
    return expected('tool_calls[0] with an id and type "function"', call);
  if (fn.name !== name) return expected(`function.name "${name}"`, fn.name);
  if (!isString(fn.arguments)) return expected('function.arguments a JSON string', fn.arguments);
  try {
    return isObj(JSON.parse(fn.arguments))
      ? null
      : expected('function.arguments a JSON object', fn.arguments);
  } catch {
    return expected('function.arguments parseable JSON', fn.arguments);
  }
};

/** response_format json_object: message.content parses as a JSON object. */
export const jsonContentProblem = (v: unknown): string | null => {
  const msg = firstChoice(v)?.message;
  const content = isObj(msg) ? msg.content : undefined;
  if (!isString(content)) return expected('message.content a string', content);
  try {
    return isObj(JSON.parse(content)) ? null : expected('a JSON object', content);
  } catch {
    return expected('parseable JSON', content);
  }
};

/** POST /embeddings: {object: "list", data: [{object: "embedding", embedding: number[]}], usage}. */
export const embeddingProblem = (v: unknown): string | null => {
  if (!isObj(v) || v.object !== 'list' || !Array.isArray(v.data) || v.data.length === 0)
    return expected('{"object":"list","data":[...]}', v);
  const e = v.data[0] as unknown;
  if (!isObj(e) || e.object !== 'embedding') return expected('data[0].object "embedding"', e);
  if (!Array.isArray(e.embedding) || !e.embedding.every((x) => typeof x === 'number'))
    return expected('data[0].embedding an array of numbers', e.embedding);
  return isObj(v.usage) && isCount(v.usage.prompt_tokens)
    ? null
    : expected('usage.prompt_tokens', v.usage);
};

/** The text of a Responses API answer: every output_text part of every message item. */
export const responseText = (v: unknown): string =>
  (isObj(v) && Array.isArray(v.output) ? v.output : [])
    .filter((i): i is Obj => isObj(i) && i.type === 'message' && Array.isArray(i.content))
    .flatMap((i) => i.content as unknown[])
    .filter((c): c is Obj => isObj(c) && c.type === 'output_text' && isString(c.text))
    .map((c) => c.text as string)
    .join('');

/** POST /responses, not streamed: a completed response with text and usage in its own words. */
export const responseProblem = (v: unknown): string | null => {
  if (!isObj(v)) return expected('a JSON object', v);
  return firstProblem([
    field(v, 'object', (x) => x === 'response', '"response"'),
    field(v, 'id', isString, 'a string'),
    field(v, 'created_at', (x) => typeof x === 'number', 'a number (unix seconds)'),
    field(v, 'status', (x) => x === 'completed' || x === 'incomplete', '"completed"'),
    () => (responseText(v) !== '' ? null : expected('an output_text part with text', v.output)),
    () =>
      isObj(v.usage) && isCount(v.usage.input_tokens) && isCount(v.usage.output_tokens)
        ? null
        : expected('usage with input_tokens and output_tokens', v.usage),
  ]);
};

/**
 * A Responses stream as the clients read it: each event an `event:` line naming the data's
 * `type`, response.created first, text deltas, and response.completed last with usage.
 */
export const responseEventsProblem = (events: readonly string[][]): string | null => {
  const types: string[] = [];
  let last: Obj | null = null;
  for (const lines of events) {
    const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
    const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
    if (data === undefined) return expected('a "data: " line in every event', lines.join('\\n'));
    let e: unknown;
    try {
      e = JSON.parse(data);
    } catch {
      return expected('JSON in every data: line', data);
    }
    if (!isObj(e) || !isString(e.type)) return expected('a "type" in every event', e);
    if (name !== undefined && name !== e.type)
      return expected(`event: ${String(e.type)}`, `event: ${name}`);
    types.push(e.type);
    last = e;
  }
  if (types[0] !== 'response.created') return expected('response.created first', types[0]);
  if (!types.includes('response.output_text.delta'))
    return expected('response.output_text.delta events', types);
  if (types.at(-1) !== 'response.completed' || !last)
    return expected('response.completed last', types.at(-1));
  const usage = isObj(last.response) ? last.response.usage : undefined;
  return isObj(usage) && isCount(usage.output_tokens)
    ? null
    : expected('usage in response.completed', usage);
};

/** Structured output: content that parses as JSON and has each required property's type. */
export const jsonSchemaContentProblem = (
  v: unknown,
  required: Readonly<Record<string, 'string' | 'integer'>>,
): string | null => {
  const msg = firstChoice(v)?.message;
  const content = isObj(msg) ? msg.content : undefined;
  if (!isString(content)) return expected('message.content a string', content);
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return expected('message.content that parses as JSON', content);
  }
  if (!isObj(parsed)) return expected('a JSON object', parsed);
  for (const [k, type] of Object.entries(required)) {
    const x = parsed[k];
    const ok = type === 'string' ? isString(x) : Number.isInteger(x);
    if (!ok) return expected(`"${k}" of type ${type} (the schema)`, parsed);
  }
  const extra = Object.keys(parsed).filter((k) => !(k in required));
  return extra.length === 0
    ? null
    : expected('no properties beyond the schema (additionalProperties false)', extra);
};

/** float32 little-endian bytes in base64, as encoding_format "base64" sends a vector. */
export const base64Floats = (b64: string, decode: (s: string) => Uint8Array): number[] => {
  const bytes = decode(b64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: Math.floor(bytes.byteLength / 4) }, (_, i) =>
    view.getFloat32(i * 4, true),
  );
};
