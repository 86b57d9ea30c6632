// A vLLM OpenAI-server stand-in with the quirks of test/fixtures/vllm: /health is 200 with an EMPTY
// body (503 when the engine is dead), the port does not listen until the "model" has loaded,
// /v1/models carries root/max_model_len/permission, and /metrics uses V1 names and labels
// (engine="0", model_name=...). Control: POST /__standin/state {"waiting","running","dead"}.
//
//   node vllm-standin.cjs --port 8000 --served-model-name local-chat --model Qwen/Qwen2.5-7B-Instruct-AWQ
//   env: STANDIN_LOAD_DELAY_MS (default 0), STANDIN_HOST (default 127.0.0.1),
//        STANDIN_EXIT_ON_START=<code> (print a CUDA OOM and exit, as a failed start does)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface VllmStandinOptions {
  servedName: string;
  model: string;
  maxModelLen: number;
}

interface State {
  waiting: number;
  running: number;
  dead: boolean;
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

export const createVllmStandin = (o: VllmStandinOptions): { server: Server; state: State } => {
  const state: State = {
    waiting: 0,
    running: 0,
    dead: false,
    promptTokens: 0,
    generationTokens: 0,
    success: 0,
  };
  const created = Math.floor(Date.now() / 1000);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/health') {
      res.writeHead(state.dead ? 503 : 200).end();
      return;
    }
    if (path === '/metrics') {
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
        .end(metrics(o, state));
      return;
    }
    if (path === '/__standin/state' && req.method === 'POST') {
      const b = await readBody(req);
      if (typeof b.waiting === 'number') state.waiting = b.waiting;
      if (typeof b.running === 'number') state.running = b.running;
      if (typeof b.dead === 'boolean') state.dead = b.dead;
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
    if (path === '/v1/chat/completions' && req.method === 'POST') {
      const b = await readBody(req);
      if (b.model !== o.servedName) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: {
              message: `The model \`${String(b.model)}\` does not exist.`,
              type: 'NotFoundError',
              param: null,
              code: 404,
            },
          }),
        );
        return;
      }
      const messages = Array.isArray(b.messages) ? (b.messages as { content?: unknown }[]) : [];
      const prompt = countTokens(
        messages
          .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')))
          .join(' '),
      );
      const maxTokens = typeof b.max_tokens === 'number' ? b.max_tokens : 16;
      const words = Array.from(
        { length: Math.max(1, Math.floor(maxTokens / 1.3)) },
        (_, i) => `word${i}`,
      );
      const text = words.join(' ');
      const completion = countTokens(text);
      const usage = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      };
      state.promptTokens += prompt;
      state.generationTokens += completion;
      state.success += 1;
      const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
      if (b.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
          id,
          object: 'chat.completion.chunk',
          created,
          model: o.servedName,
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        });
        res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }, null))}\n\n`);
        for (const w of words)
          res.write(`data: ${JSON.stringify(chunk({ content: `${w} ` }, null))}\n\n`);
        res.write(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
        if ((b.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
          res.write(
            `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: o.servedName, choices: [], usage })}\n\n`,
          );
        }
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: o.servedName,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, tool_calls: [] },
              logprobs: null,
              finish_reason: 'stop',
              stop_reason: null,
            },
          ],
          usage,
          prompt_logprobs: null,
        }),
      );
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ detail: 'Not Found' }));
  };
  const server = createServer((req, res) => void handle(req, res));
  return { server, state };
};

const main = (): void => {
  const argv = process.argv.slice(2);
  const port = Number(arg(argv, 'port') ?? 8000);
  // STANDIN_HOST wins over --host so the test stack binds 127.0.0.1 whatever the compose file says.
  const host = process.env.STANDIN_HOST ?? arg(argv, 'host') ?? '127.0.0.1';
  const s = createVllmStandin({
    servedName: arg(argv, 'served-model-name') ?? 'local-chat',
    model: arg(argv, 'model') ?? 'Qwen/Qwen2.5-7B-Instruct-AWQ',
    maxModelLen: Number(arg(argv, 'max-model-len') ?? 16384),
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
