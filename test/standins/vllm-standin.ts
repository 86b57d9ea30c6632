// A vLLM OpenAI-server stand-in with the quirks of test/fixtures/vllm: /health is 200 with an EMPTY
// body (503 when the engine is dead), the port does not listen until the "model" has loaded,
// /v1/models carries root/max_model_len/permission, and /metrics uses V1 names and labels
// (engine="0", model_name=...). Control: POST /__standin/state {"waiting","running","dead","zombie"}.
// zombie: the engine is gone but /health still answers 200 (vllm-project/vllm#39863), and every
// generation is a 500 EngineDeadError in vLLM's error envelope.
//
//   node vllm-standin.cjs --port 8000 --served-model-name local-chat --model Qwen/Qwen2.5-7B-Instruct-AWQ
//   env: STANDIN_LOAD_DELAY_MS (default 0), STANDIN_HOST (default 127.0.0.1),
//        STANDIN_EXIT_ON_START=<code> (print a CUDA OOM and exit, as a failed start does),
//        STANDIN_TOKENS_PER_S (stream pace, default 30: a buffering proxy must show up as a late
//        first token), STANDIN_BROKEN=no-done,one-write,tool-args-object (a "broken release":
//        incompatibilities real vLLM versions have shipped, for hagw compat to catch),
//        STANDIN_MAX_NUM_SEQS=n (at most n requests run, the rest wait and are counted in
//        vllm:num_requests_waiting, as vLLM's scheduler does past --max-num-seqs),
//        STANDIN_SERVICE_TIME=1 (a non-streamed answer takes its tokens at the stream pace too)
//
//   argv: --enable-auto-tool-choice (tool_choice "auto" calls the first tool, as the bundled stack
//        starts vLLM with the hermes parser), --runner pooling (an embedding model: embeddings
//        only), env STANDIN_EMBED_DIMENSIONS (the vector size, default 8)
//
// Read from vLLM at v0.26.0 (vllm-project/vllm; the files named where each behaviour is built):
// - tools: without --enable-auto-tool-choice a named tool_choice is answered (guided decoding) and
//   "auto" is refused with vLLM's 400 (serving_chat.py);
// - response_format json_object and json_schema are guided decoding; a schema xgrammar cannot
//   compile is a 400 (v1/structured_output/backend_xgrammar.py);
// - answers: refusal and the other unset ChatMessage fields are null, each answer has its own
//   created, finish_reason is "length" whenever max_tokens (or max_completion_tokens) was reached
//   (chat_completion/protocol.py);
// - embeddings honour encoding_format base64; a route the runner does not serve is a 400
//   (api_server.py); `dimensions` needs a Matryoshka model (pooling_params.py);
// - the Responses API of vllm-responses.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseBroken } from './broken-releases';
import { createSleepMode, type SleepMode, type SleepModeOptions, startRefusal } from './vllm-sleep';
import { instanceFor, schemaProblem } from './json-schema-instance';
import {
  completedOutput,
  newResponseId,
  responseNotFound,
  responseObject,
  responsesPromptText,
  responsesView,
  streamResponse,
} from './vllm-responses';

export type VllmBreakage = 'no-done' | 'one-write' | 'tool-args-object';

export interface VllmStandinOptions {
  servedName: string;
  model: string;
  maxModelLen: number;
  /** Stream pace; 0 writes every chunk at once. */
  tokensPerS?: number;
  broken?: readonly VllmBreakage[];
  /** Requests running at once; the rest queue (unset: no limit, as before). */
  maxNumSeqs?: number;
  /** Non-streamed answers take tokens / tokensPerS seconds, so a queue forms under load. */
  serviceTime?: boolean;
  /** --enable-auto-tool-choice with a --tool-call-parser: tool_choice "auto" is answered. */
  autoToolChoice?: boolean;
  /**
   * --runner: "generate" serves chat, completions and responses and refuses embeddings;
   * "pooling" (an embedding model) the other way round, each with vLLM's 400 (api_server.py).
   */
  runner?: 'generate' | 'pooling';
  /** An embedding model's output size (the default 8 keeps fixtures small). */
  dimensions?: number;
  /** A Matryoshka model accepts `dimensions` below its size; any other refuses it. */
  matryoshka?: boolean;
  /** Sleep mode and its dev endpoints (vllm-sleep.ts); unset: neither, as a plain start. */
  sleep?: Omit<SleepModeOptions, 'name'>;
}

export const vllmBreakages: readonly VllmBreakage[] = ['no-done', 'one-write', 'tool-args-object'];

interface State {
  waiting: number;
  running: number;
  dead: boolean;
  /** /health 200, every generation 500: the healthcheck cannot see it. */
  zombie: boolean;
  promptTokens: number;
  generationTokens: number;
  success: number;
}

const arg = (argv: string[], name: string): string | undefined => {
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** About 1.3 tokens per word: close enough for budgets to move like the real thing. */
export const countTokens = (text: string): number =>
  Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3));

const readBody = (req: IncomingMessage): Promise<Record<string, unknown>> =>
  new Promise((resolve) => {
    let t = '';
    req.on('data', (c: Buffer) => (t += c.toString('utf8')));
    req.on('end', () => {
      try {
        resolve(JSON.parse(t || '{}') as Record<string, unknown>);
      } catch {
        resolve({});
      }
    });
  });

const metrics = (o: VllmStandinOptions, s: State): string => {
  const l = `engine="0",model_name="${o.model}"`;
  const f = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
  return [
    '# HELP vllm:num_requests_running Number of requests in model execution batches.',
    '# TYPE vllm:num_requests_running gauge',
    `vllm:num_requests_running{${l}} ${f(s.running)}`,
    '# HELP vllm:num_requests_waiting Number of requests waiting to be processed.',
    '# TYPE vllm:num_requests_waiting gauge',
    `vllm:num_requests_waiting{${l}} ${f(s.waiting)}`,
    '# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.',
    '# TYPE vllm:kv_cache_usage_perc gauge',
    `vllm:kv_cache_usage_perc{${l}} ${f(Math.min(1, s.running * 0.05))}`,
    '# HELP vllm:prompt_tokens_total Number of prefill tokens processed.',
    '# TYPE vllm:prompt_tokens_total counter',
    `vllm:prompt_tokens_total{${l}} ${f(s.promptTokens)}`,
    '# HELP vllm:generation_tokens_total Number of generation tokens processed.',
    '# TYPE vllm:generation_tokens_total counter',
    `vllm:generation_tokens_total{${l}} ${f(s.generationTokens)}`,
    '# HELP vllm:request_success_total Count of successfully processed requests.',
    '# TYPE vllm:request_success_total counter',
    `vllm:request_success_total{engine="0",finished_reason="stop",model_name="${o.model}"} ${f(s.success)}`,
    '',
  ].join('\n');
};

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * What a generation gets once the engine core has died: vLLM raises EngineDeadError
 * (vllm/v1/engine/exceptions.py) and the server answers 500 in its ErrorResponse envelope
 * (vllm/entrypoints/openai/protocol.py), both as of v0.12.0.
 */
const engineDead = {
  error: {
    message: 'EngineCore encountered an issue. See stack trace (above) for the root cause.',
    type: 'InternalServerError',
    param: null,
    code: 500,
  },
};

const notFound = (model: unknown) => ({
  error: {
    message: `The model \`${String(model)}\` does not exist.`,
    type: 'NotFoundError',
    param: null,
    code: 404,
  },
});

/** vLLM's 400 body (ErrorResponse): the same envelope, code a number. */
const badRequest = (message: string) => ({
  status: 400,
  body: { error: { message, type: 'BadRequestError', param: null, code: 400 } },
});

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string | Record<string, unknown> };
}

interface Answer {
  content: string | null;
  toolCalls: ToolCall[] | null;
  finish: 'stop' | 'length' | 'tool_calls';
  tokens: number;
}

/** A deterministic unit vector, so equal inputs embed equally. */
const embed = (text: string, size: number): number[] => {
  const v = Array.from({ length: size }, (_, i) =>
    [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0) + i) % 997, 7 + i),
  );
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
};

/** Arguments that satisfy the function's JSON schema, as guided decoding would produce them. */
const argumentsFor = (parameters: unknown): Record<string, unknown> => {
  const v = instanceFor(parameters ?? { type: 'object' });
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};

/** The parts of a request that decide the answer, from /v1/chat/completions or /v1/responses. */
export interface AskView {
  /** max_tokens, max_completion_tokens or max_output_tokens; null: up to the context. */
  maxTokens: number | null;
  tools: { name?: string; parameters?: unknown }[];
  /** "auto", "none", "required" or a named function. */
  toolChoice: string | { name?: string } | undefined;
  /** The conversation already holds a tool's result: answer in words. */
  answeredTool: boolean;
  format: { type: string; schema?: unknown } | undefined;
}

/** Chat's response_format: json_schema carries its schema under json_schema.schema. */
export const chatView = (b: Record<string, unknown>): AskView => {
  const tools = Array.isArray(b.tools)
    ? (b.tools as { function?: { name?: string; parameters?: unknown } }[]).map((t) => ({
        name: t.function?.name,
        parameters: t.function?.parameters,
      }))
    : [];
  const choice = b.tool_choice as { function?: { name?: string } } | string | undefined;
  const rf = b.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  const limit = b.max_completion_tokens ?? b.max_tokens;
  return {
    maxTokens: typeof limit === 'number' ? limit : null,
    tools,
    toolChoice: typeof choice === 'object' ? { name: choice.function?.name } : choice,
    answeredTool: (Array.isArray(b.messages) ? (b.messages as { role?: string }[]) : []).some(
      (m) => m.role === 'tool',
    ),
    format: rf?.type
      ? { type: rf.type, ...(rf.type === 'json_schema' ? { schema: rf.json_schema?.schema } : {}) }
      : undefined,
  };
};

/** The natural length of an answer when nothing limits it, in words. */
const naturalWords = 12;

/**
 * What the model "says": text, JSON, or a call of a tool. finish_reason is "length" whenever the
 * answer used every token it was allowed, as a real engine reports it (it stopped on the limit,
 * not on an end-of-sequence token), and the content is cut there.
 */
export const answerFor = (
  v: AskView,
  o: VllmStandinOptions,
): Answer | { status: number; body: unknown } => {
  if (v.format?.type === 'json_schema') {
    if (v.format.schema === undefined)
      return badRequest('"json_schema" field must be provided when type is "json_schema"');
    const why = schemaProblem(v.format.schema);
    if (why) return badRequest(why);
  }
  const wantsTool = v.tools.length > 0 && !v.answeredTool && v.toolChoice !== 'none';
  if (wantsTool) {
    if ((v.toolChoice === 'auto' || v.toolChoice === undefined) && !o.autoToolChoice)
      return badRequest(
        '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      );
    const name = typeof v.toolChoice === 'object' ? v.toolChoice.name : v.tools[0]?.name;
    const tool = v.tools.find((t) => t.name === name);
    if (!tool) return badRequest(`Tool '${String(name)}' has not been passed in \`tools\`.`);
    const args = argumentsFor(tool.parameters);
    return {
      content: null,
      toolCalls: [
        {
          id: `chatcmpl-tool-${randomUUID().replace(/-/g, '')}`,
          type: 'function',
          function: {
            name: String(name),
            arguments: o.broken?.includes('tool-args-object') ? args : JSON.stringify(args),
          },
        },
      ],
      finish: 'tool_calls',
      tokens: countTokens(JSON.stringify(args)),
    };
  }
  const limit = v.maxTokens;
  const count =
    limit === null
      ? naturalWords
      : Math.max(1, Math.min(naturalWords, Math.floor(limit / 1.3) - 1));
  const words = Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
  const content =
    v.format?.type === 'json_schema'
      ? JSON.stringify(instanceFor(v.format.schema))
      : v.format?.type === 'json_object'
        ? JSON.stringify({ answer: words })
        : words;
  const natural = countTokens(content);
  if (limit === null || natural < limit)
    return { content, toolCalls: null, finish: 'stop', tokens: natural };
  // Stopped by the limit: as many words as the tokens allowed, finish_reason "length".
  return {
    content: content
      .split(' ')
      .slice(0, Math.max(1, Math.floor(limit / 1.3)))
      .join(' '),
    toolCalls: null,
    finish: 'length',
    tokens: limit,
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SSE the way vLLM writes it: a role chunk, one chunk per token at the configured pace, the finish
 * chunk, a usage chunk when asked, then [DONE]. The broken variants drop [DONE] or buffer it all.
 */
const streamAnswer = async (
  res: ServerResponse,
  a: {
    id: string;
    created: number;
    model: string;
    answer: Answer;
    usage: Record<string, number>;
    includeUsage: boolean;
  },
  o: VllmStandinOptions,
  aborted: () => boolean = () => false,
): Promise<void> => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const oneWrite = o.broken?.includes('one-write') ?? false;
  const pending: string[] = [];
  const emit = (payload: unknown) => {
    const line = `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
    if (oneWrite) pending.push(line);
    else res.write(line);
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id: a.id,
    object: 'chat.completion.chunk',
    created: a.created,
    model: a.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const gapMs = (o.tokensPerS ?? 0) > 0 ? 1000 / (o.tokensPerS ?? 1) : 0;
  emit(chunk({ role: 'assistant', content: '' }, null));
  if (a.answer.toolCalls) {
    emit(chunk({ tool_calls: a.answer.toolCalls.map((t, index) => ({ index, ...t })) }, null));
  } else {
    for (const piece of (a.answer.content ?? '').split(/(?<= )/)) {
      if (gapMs > 0) await sleep(gapMs);
      // A sleep with mode=abort cuts the request: vLLM finishes it with reason "abort".
      if (aborted()) {
        emit(chunk({}, 'abort'));
        if (!o.broken?.includes('no-done')) emit('[DONE]');
        res.end(pending.join(''));
        return;
      }
      emit(chunk({ content: piece }, null));
    }
  }
  emit(chunk({}, a.answer.finish));
  if (a.includeUsage)
    emit({
      id: a.id,
      object: 'chat.completion.chunk',
      created: a.created,
      model: a.model,
      choices: [],
      usage: a.usage,
    });
  if (!o.broken?.includes('no-done')) emit('[DONE]');
  res.end(pending.join(''));
};

export const createVllmStandin = (
  o: VllmStandinOptions,
): { server: Server; state: State; sleepMode: SleepMode | null } => {
  const state: State = {
    waiting: 0,
    running: 0,
    dead: false,
    zombie: false,
    promptTokens: 0,
    generationTokens: 0,
    success: 0,
  };
  // /v1/models reports when the server came up; every answer carries its own second.
  const created = Math.floor(Date.now() / 1000);
  const answeredAt = () => Math.floor(Date.now() / 1000);
  // Every sleep with mode=abort starts a new epoch; a request from an older one is cut.
  let epoch = 0;
  const sleepMode = o.sleep
    ? createSleepMode(
        { ...o.sleep, name: o.servedName },
        {
          abortInFlight: () => void epoch++,
          // Dead for good: /health 503 and every generation a 500, as after the CUDA fault.
          killEngine: () => {
            state.dead = true;
            state.zombie = true;
          },
        },
      )
    : null;
  // The scheduler: a slot per running request, a FIFO of the waiting ones.
  const slots = { active: 0, queue: [] as (() => void)[] };
  const acquire = async () => {
    if (!o.maxNumSeqs) return;
    if (slots.active < o.maxNumSeqs) slots.active++;
    else await new Promise<void>((r) => slots.queue.push(r));
  };
  const release = () => {
    if (!o.maxNumSeqs) return;
    const next = slots.queue.shift();
    if (next) next();
    else slots.active--;
  };
  const serve = async (fn: () => Promise<void>) => {
    await acquire();
    try {
      await fn();
    } finally {
      release();
    }
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/health') {
      res.writeHead(state.dead ? 503 : 200).end();
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(
        metrics(o, {
          ...state,
          waiting: state.waiting + slots.queue.length,
          running: state.running + slots.active,
        }),
      );
      return;
    }
    if (sleepMode && (await sleepMode.handle(req, res, path))) return;
    if (!sleepMode && ['/sleep', '/wake_up', '/is_sleeping', '/collective_rpc'].includes(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
      return;
    }
    if (path === '/__standin/state' && req.method === 'POST') {
      const b = await readBody(req);
      if (typeof b.waiting === 'number') state.waiting = b.waiting;
      if (typeof b.running === 'number') state.running = b.running;
      if (typeof b.dead === 'boolean') state.dead = b.dead;
      if (typeof b.zombie === 'boolean') state.zombie = b.zombie;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
      return;
    }
    if (path === '/v1/models') {
      const perm = {
        id: `modelperm-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        object: 'model_permission',
        created,
        allow_create_engine: false,
        allow_sampling: true,
        allow_logprobs: true,
        allow_search_indices: false,
        allow_view: true,
        allow_fine_tuning: false,
        organization: '*',
        group: null,
        is_blocking: false,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          object: 'list',
          data: [
            {
              id: o.servedName,
              object: 'model',
              created,
              owned_by: 'vllm',
              root: o.model,
              parent: null,
              max_model_len: o.maxModelLen,
              permission: [perm],
            },
          ],
        }),
      );
      return;
    }
    const generation = ['/v1/chat/completions', '/v1/completions', '/v1/responses'];
    const inference = req.method === 'POST' && [...generation, '/v1/embeddings'].includes(path);
    // vllm-project/vllm#15483: a generation sent to a sleeping engine kills it.
    if (inference && sleepMode && !sleepMode.admit()) return sendJson(res, 500, engineDead);
    if (inference && state.zombie) return sendJson(res, 500, engineDead);
    const startedIn = epoch;
    const aborted = () => epoch !== startedIn;
    // api_server.py: a route the model's runner does not serve is a 400 in the error envelope.
    const runner = o.runner ?? 'generate';
    if (req.method === 'POST' && runner === 'pooling' && generation.includes(path)) {
      const api = path.endsWith('/responses')
        ? 'Responses'
        : path.includes('chat')
          ? 'Chat Completions'
          : 'Completions';
      return sendJson(res, 400, badRequest(`The model does not support ${api} API`).body);
    }
    if (req.method === 'POST' && runner === 'generate' && path === '/v1/embeddings')
      return sendJson(res, 400, badRequest('The model does not support Embeddings API').body);
    const pace = o.tokensPerS ?? 0;
    const account = (prompt: number, completion: number) => {
      state.promptTokens += prompt;
      state.generationTokens += completion;
      state.success += 1;
    };
    if (path === '/v1/chat/completions' && req.method === 'POST') {
      const b = await readBody(req);
      if (b.model !== o.servedName) return sendJson(res, 404, notFound(b.model));
      const asked = answerFor(chatView(b), o);
      if ('status' in asked) return sendJson(res, asked.status, asked.body);
      // Weights reallocated after a level-2 sleep but never reloaded: the model says "!!!!".
      const answer = sleepMode?.garbage()
        ? { ...asked, content: '!'.repeat(asked.tokens), toolCalls: null }
        : asked;
      const messages = Array.isArray(b.messages) ? (b.messages as { content?: unknown }[]) : [];
      const prompt = countTokens(
        messages
          .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')))
          .join(' '),
      );
      const completion = answer.tokens;
      const usage = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      };
      account(prompt, completion);
      const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
      const created = answeredAt();
      return serve(async () => {
        if (b.stream === true) {
          const includeUsage =
            (b.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
          await streamAnswer(
            res,
            { id, created, model: o.servedName, answer, usage, includeUsage },
            o,
            aborted,
          );
          return;
        }
        if (o.serviceTime && pace > 0) await sleep((completion / pace) * 1000);
        const cut = aborted();
        sendJson(res, 200, {
          id,
          object: 'chat.completion',
          created,
          model: o.servedName,
          choices: [
            {
              index: 0,
              // vLLM's ChatMessage (vllm/entrypoints/openai/chat_completion/protocol.py) dumps
              // every field, unset ones as null: refusal, annotations, audio, function_call.
              message: {
                role: 'assistant',
                content: answer.content,
                refusal: null,
                annotations: null,
                audio: null,
                function_call: null,
                tool_calls: answer.toolCalls ?? [],
                reasoning: null,
              },
              logprobs: null,
              finish_reason: cut ? 'abort' : answer.finish,
              stop_reason: null,
            },
          ],
          service_tier: null,
          system_fingerprint: null,
          usage,
          prompt_logprobs: null,
          kv_transfer_params: null,
        });
      });
    }
    const stored = /^\/v1\/responses\/([^/]+)(\/input_items|\/cancel)?$/.exec(path);
    if (stored) return sendJson(res, 404, responseNotFound(decodeURIComponent(stored[1]!)));
    if (path === '/v1/responses' && req.method === 'POST') {
      const b = await readBody(req);
      if (b.model !== o.servedName) return sendJson(res, 404, notFound(b.model));
      if (b.background === true)
        return sendJson(
          res,
          400,
          badRequest(
            'This vLLM engine does not support `store=True` and therefore does not support the background mode. To enable these features, set the environment variable `VLLM_ENABLE_RESPONSES_API_STORE=1` when launching the vLLM server.',
          ).body,
        );
      if (typeof b.previous_response_id === 'string')
        return sendJson(res, 404, responseNotFound(b.previous_response_id));
      const answer = answerFor(responsesView(b), o);
      if ('status' in answer) return sendJson(res, answer.status, answer.body);
      const prompt = countTokens(responsesPromptText(b));
      account(prompt, answer.tokens);
      const r = {
        id: newResponseId(),
        createdAt: answeredAt(),
        model: o.servedName,
        usage: { input: prompt, output: answer.tokens },
      };
      const gapMs = pace > 0 ? 1000 / pace : 0;
      return serve(async () => {
        if (b.stream === true)
          return streamResponse(res, b, r, answer, async () => {
            if (gapMs > 0) await sleep(gapMs);
          });
        sendJson(res, 200, responseObject(b, { ...r, ...completedOutput(answer) }));
      });
    }
    if (path === '/v1/embeddings' && req.method === 'POST') {
      const b = await readBody(req);
      if (b.model !== o.servedName) return sendJson(res, 404, notFound(b.model));
      const size = o.dimensions ?? 8;
      if (b.dimensions !== undefined && b.dimensions !== null) {
        // pooling_params.py: only a Matryoshka model may shorten its vectors.
        if (!o.matryoshka)
          return sendJson(
            res,
            400,
            badRequest(
              `Model "${o.servedName}" does not support matryoshka representation, changing output dimensions will lead to poor results.`,
            ).body,
          );
        if (typeof b.dimensions !== 'number' || b.dimensions < 1 || b.dimensions > size)
          return sendJson(res, 400, badRequest(`Dimensions must be between 1 and ${size}.`).body);
      }
      const dims = typeof b.dimensions === 'number' ? b.dimensions : size;
      const inputs = Array.isArray(b.input) ? b.input : [b.input];
      const tokens = inputs.reduce<number>((n, t) => n + countTokens(String(t ?? '')), 0);
      const base64 = b.encoding_format === 'base64';
      sendJson(res, 200, {
        id: `embd-${randomUUID().replace(/-/g, '')}`,
        object: 'list',
        created: answeredAt(),
        model: o.servedName,
        data: inputs.map((t, index) => {
          const v = embed(String(t ?? ''), dims);
          return {
            index,
            object: 'embedding',
            // encoding_format base64: the float32 little-endian bytes, as OpenAI and vLLM send.
            embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
          };
        }),
        usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 },
      });
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ detail: 'Not Found' }));
  };
  const server = createServer((req, res) => void handle(req, res));
  server.on('listening', () => sleepMode?.publish());
  return { server, state, sleepMode };
};

/**
 * Sleep mode from the real switches: VLLM_SERVER_DEV_MODE=1 and --enable-sleep-mode; the timings,
 * VRAM and watts from STANDIN_SLEEP_MS, STANDIN_WAKE_MS, STANDIN_RELOAD_MS, STANDIN_VRAM_MIB,
 * STANDIN_RESIDENT_W, and the nvidia-smi stand-in's ledger folder from STANDIN_GPU_LEDGER.
 */
export const sleepOptions = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): VllmStandinOptions['sleep'] => ({
  devMode: env.VLLM_SERVER_DEV_MODE === '1',
  enabled: argv.includes('--enable-sleep-mode'),
  sleepMs: Number(env.STANDIN_SLEEP_MS ?? 150),
  wakeMs: Number(env.STANDIN_WAKE_MS ?? 300),
  reloadMs: Number(env.STANDIN_RELOAD_MS ?? 1500),
  vramMiB: Number(env.STANDIN_VRAM_MIB ?? 8000),
  residualMiB: Number(env.STANDIN_RESIDUAL_MIB ?? 480),
  residentW: Number(env.STANDIN_RESIDENT_W ?? 45),
  ledgerDir: env.STANDIN_GPU_LEDGER || undefined,
});

const main = (): void => {
  const argv = process.argv.slice(2);
  const port = Number(arg(argv, 'port') ?? 8000);
  // STANDIN_HOST wins over --host so the test stack binds 127.0.0.1 whatever the compose file says.
  const host = process.env.STANDIN_HOST ?? arg(argv, 'host') ?? '127.0.0.1';
  const s = createVllmStandin({
    servedName: arg(argv, 'served-model-name') ?? 'local-chat',
    model: arg(argv, 'model') ?? 'Qwen/Qwen2.5-7B-Instruct-AWQ',
    maxModelLen: Number(arg(argv, 'max-model-len') ?? 16384),
    tokensPerS: Number(process.env.STANDIN_TOKENS_PER_S ?? 30),
    maxNumSeqs: Number(process.env.STANDIN_MAX_NUM_SEQS ?? 0) || undefined,
    serviceTime: process.env.STANDIN_SERVICE_TIME === '1',
    broken: parseBroken(process.env.STANDIN_BROKEN, vllmBreakages),
    autoToolChoice: argv.includes('--enable-auto-tool-choice'),
    runner: arg(argv, 'runner') === 'pooling' ? 'pooling' : 'generate',
    dimensions: Number(process.env.STANDIN_EMBED_DIMENSIONS ?? 8),
    sleep: sleepOptions(argv, process.env),
  });
  // Real vLLM does not listen until the weights are loaded: connection refused, then 200.
  // The lines real vLLM prints as it comes up, so `hagw status` has log lines to show.
  const say = (line: string) =>
    process.stdout.write(
      `INFO ${new Date().toISOString().slice(5, 19).replace('T', ' ')} [api_server.py] ${line}\n`,
    );
  say(`vLLM API server version 0.12.0 (stand-in), model ${arg(argv, 'model') ?? '?'}`);
  // A start that fails the way real vLLM does when the card is too small: a CUDA OOM, then exit.
  const exitCode = Number(process.env.STANDIN_EXIT_ON_START ?? 0);
  if (exitCode > 0) {
    process.stdout.write(
      'ERROR [core.py] torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (stand-in)\n',
    );
    setTimeout(() => process.exit(exitCode), 300);
    return;
  }
  // STANDIN_CARD_MIB with a ledger: vLLM's start check against what the others hold.
  const refused = startRefusal({
    cardMiB: Number(process.env.STANDIN_CARD_MIB ?? 0),
    vramMiB: Number(process.env.STANDIN_VRAM_MIB ?? 8000),
    ledgerDir: process.env.STANDIN_GPU_LEDGER || undefined,
    name: arg(argv, 'served-model-name') ?? 'local-chat',
  });
  if (refused) {
    process.stdout.write(`ERROR [core.py] ${refused}\n`);
    setTimeout(() => process.exit(1), 300);
    return;
  }
  say('Loading weights took 1.50 seconds');
  setTimeout(
    () =>
      s.server.listen(port, host, () => {
        say(`Starting vLLM API server 0 on http://${host}:${port}`);
        process.stdout.write('INFO:     Application startup complete.\n');
      }),
    Number(process.env.STANDIN_LOAD_DELAY_MS ?? 0),
  );
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
};

if (process.argv[1] && /vllm-standin\.(c?js|ts)$/.test(process.argv[1])) main();
