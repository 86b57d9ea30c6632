// A LiteLLM proxy stand-in (LiteLLM is Python and cannot be installed on the build machines).
// It answers the admin and OpenAI routes the app uses with the shapes and error bodies recorded in
// test/fixtures/litellm, enforces budgets, rpm limits, parallel limits, allowlists and blocked keys,
// and spends from the prices in the real config.yaml. test/contract checks it against the fixtures.
// A blocked key is refused on every route (user_api_key_auth.py). The Responses API goes to vLLM's
// own /v1/responses (responses-route.ts), and the bundled config's pre-call hook
// (compose/litellm/local_only.py, mirrored in local-only-hook.ts) runs after auth.
//
//   node litellm-standin.cjs --config compose/litellm/config.yaml --port 4000
//   env: LITELLM_MASTER_KEY (required), STANDIN_API_BASE, STANDIN_BUDGET_STATUS, STANDIN_BATCH_WRITE_MS,
//        STANDIN_BROKEN=budget-400,error-shape (errors as FastAPI's {"detail": ...}, not OpenAI's)
//   control (master key): POST /__standin/clock {"advanceMs": n}, POST /__standin/flush,
//   POST /__standin/fail {"route": "/key/generate", "count": 1, "mode": "500" | "lose-answer"}
//   ("lose-answer" does the work, then drops the connection without answering: a lost reply)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { admit, proxyCompletion, proxyEmbedding, type CompletionDeps } from './completions';
import {
  fullRow,
  generateAnswer,
  hashKey,
  infoRow,
  type KeyRecord,
  KeyStore,
  updateAnswer,
} from './key-store';
import { errors, type StandinError } from './litellm-errors';
import { addDbModel, deleteDbModel, modelInfoRow } from './model-registry';
import costMap from '../../fixtures/litellm/model_cost_map_excerpt.json' with { type: 'json' };
import { loadStandinConfig, type StandinConfig } from './standin-config';
import { localOnlyCallback, localOnlyError, localOnlyProblem } from './local-only-hook';
import { proxyResponses, responseLookup } from './responses-route';
import { spendLogsPage, UsageLedger } from './usage-ledger';

type Json = Record<string, unknown>;

const send = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
};
const sendOpenAiError = (
  res: ServerResponse,
  e: StandinError | { status: number; body: unknown },
) => send(res, e.status, e.body, 'headers' in e && e.headers ? e.headers : {});
const isError = (v: unknown): v is StandinError =>
  typeof v === 'object' && v !== null && 'status' in v && 'body' in v;

const readJson = (req: IncomingMessage): Promise<Json> =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      try {
        const v = text === '' ? {} : (JSON.parse(text) as unknown);
        resolve(v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
      } catch {
        resolve({ __invalid: true });
      }
    });
  });

const bearer = (req: IncomingMessage): string | null => {
  const h =
    req.headers.authorization ?? (req.headers['x-litellm-api-key'] as string | undefined) ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m ? m[1]!.trim() : h.trim() || null;
};

export interface LiteLlmStandin {
  server: Server;
  keys: KeyStore;
  ledger: UsageLedger;
  flush(): void;
  close(): Promise<void>;
}

export const createLiteLlmStandin = (config: StandinConfig): LiteLlmStandin => {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const keys = new KeyStore(now);
  const ledger = new UsageLedger();
  const pendingSpend = new Map<string, number>();
  const flush = () => {
    for (const [token, amount] of pendingSpend) keys.addSpend(token, amount);
    pendingSpend.clear();
  };
  const queueSpend = (token: string, amount: number) => {
    if (config.batchWriteMs <= 0) keys.addSpend(token, amount);
    else pendingSpend.set(token, (pendingSpend.get(token) ?? 0) + amount);
  };
  const batch = config.batchWriteMs > 0 ? setInterval(flush, config.batchWriteMs) : null;
  batch?.unref();
  const deps: CompletionDeps = { config, keys, ledger, now, queueSpend };
  // The "error-shape" release answers errors the way a bare FastAPI app does.
  const sendError = (res: ServerResponse, e: StandinError | { status: number; body: unknown }) =>
    config.broken.includes('error-shape') && 'error' in (e.body as object)
      ? send(res, e.status, { detail: (e.body as StandinError['body']).error.message })
      : sendOpenAiError(res, e);

  /** Admin routes need the master key; a virtual key gets the "only proxy admin" error. */
  const requireMaster = (req: IncomingMessage): StandinError | null => {
    const key = bearer(req);
    if (!key) return errors.noKey();
    if (key === config.masterKey) return null;
    if (!key.startsWith('sk-')) return errors.notSkPrefixed(key);
    return keys.find(key) ? errors.notAdmin() : errors.invalidKey(key, hashKey(key));
  };

  /**
   * A route any valid key may call (the master key too): user_api_key_auth's refusals in its
   * order, a blocked key included on every route. key is null for the master key.
   */
  const anyKey = (req: IncomingMessage): { key: KeyRecord | null } | { refused: StandinError } => {
    const raw = bearer(req);
    if (!raw) return { refused: errors.noKey() };
    if (raw === config.masterKey) return { key: null };
    const k = keys.find(raw);
    if (!k)
      return {
        refused: raw.startsWith('sk-')
          ? errors.invalidKey(raw, hashKey(raw))
          : errors.notSkPrefixed(raw),
      };
    return k.blocked ? { refused: errors.blocked() } : { key: k };
  };

  // Fault injection (tests): the next `count` calls to `route` answer 500 like a LiteLLM crash,
  // or are carried out with their answer lost.
  const failures = new Map<string, { count: number; mode: string }>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const fault = failures.get(path);
    if (fault && fault.count > 0) {
      failures.set(path, { ...fault, count: fault.count - 1 });
      if (fault.mode === 'lose-answer') {
        res.writeHead = () => res;
        res.end = (() => (res.socket?.destroy(), res)) as never;
      } else
        return send(res, 500, {
          error: {
            message: 'stand-in: injected failure',
            type: 'internal_server_error',
            param: 'None',
            code: '500',
          },
        });
    }

    if (path === '/health/liveliness' || path === '/health/liveness')
      return send(res, 200, "I'm alive!");
    if (path === '/health/readiness') {
      return send(res, 200, {
        status: 'connected',
        db: 'connected',
        cache: null,
        litellm_version: config.version,
        success_callbacks: [
          '_PROXY_track_cost_callback',
          '_PROXY_MaxParallelRequestsHandler_v3',
          '_PROXY_MaxBudgetLimiter',
          'ServiceLogging',
        ],
        last_updated: now().toISOString().replace('Z', ''),
      });
    }
    if (path === '/metrics') {
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
        .end(ledger.exposition(keys.all(), now().getTime()));
      return;
    }

    const inference =
      method === 'POST'
        ? (
            {
              '/v1/chat/completions': 'chat',
              '/chat/completions': 'chat',
              '/v1/embeddings': 'embedding',
              '/embeddings': 'embedding',
              '/v1/responses': 'responses',
              '/responses': 'responses',
            } as const
          )[path]
        : undefined;
    if (inference) {
      const raw = bearer(req);
      if (!raw) return sendError(res, errors.noKey());
      if (!raw.startsWith('sk-')) return sendError(res, errors.notSkPrefixed(raw));
      const body = await readJson(req);
      const model = typeof body.model === 'string' ? body.model : '';
      const proxy = { chat: proxyCompletion, embedding: proxyEmbedding, responses: proxyResponses }[
        inference
      ];
      // The bundled config's pre-call hook (compose/litellm/local_only.py), after auth.
      const hooked = (): StandinError | null => {
        if (!config.callbacks.includes(localOnlyCallback) || inference === 'embedding') return null;
        const problem = localOnlyProblem(body, inference === 'chat' ? 'acompletion' : 'aresponses');
        return problem ? localOnlyError(problem) : null;
      };
      if (raw === config.masterKey) {
        // The master key bypasses every budget and limit — which is why it never goes into an app.
        if (!config.models.some((m) => m.name === model))
          return sendError(res, errors.unknownModel(model));
        const refusedByHook = hooked();
        if (refusedByHook) return sendError(res, refusedByHook);
        const admin = keys.find(raw) ?? {
          token: hashKey(raw),
          key_alias: null,
          models: [],
          blocked: null,
          max_budget: null,
          spend: 0,
          max_parallel_requests: null,
          rpm_limit: null,
        };
        return proxy(deps, admin as never, body, res, sendError);
      }
      const k = keys.find(raw);
      if (!k) return sendError(res, errors.invalidKey(raw, hashKey(raw)));
      const refused = admit(deps, k, model);
      if (refused) {
        ledger.recordFailure(
          k,
          model,
          refused.status,
          refused.body.error.type === 'budget_exceeded' ? 'BudgetExceededError' : 'RateLimitError',
          now(),
        );
        return sendError(res, refused);
      }
      const refusedByHook = hooked();
      if (refusedByHook) return sendError(res, refusedByHook);
      return proxy(deps, k, body, res, sendError);
    }

    if (path === '/v1/models' || path === '/models') {
      const caller = anyKey(req);
      if ('refused' in caller) return sendError(res, caller.refused);
      const k = caller.key;
      const visible = config.models.filter(
        (m) => !k || k.models.length === 0 || k.models.includes(m.name),
      );
      return send(res, 200, {
        data: visible.map((m) => ({
          id: m.name,
          object: 'model',
          created: 1677610602,
          owned_by: 'openai',
        })),
        object: 'list',
      });
    }

    const lookup = /^\/(?:v1\/)?responses\/([^/]+)(\/input_items|\/cancel)?$/.exec(path);
    if (lookup && (method === 'GET' || method === 'DELETE' || lookup[2] === '/cancel')) {
      const caller = anyKey(req);
      if ('refused' in caller) return sendError(res, caller.refused);
      return responseLookup(
        deps,
        req,
        decodeURIComponent(lookup[1]!),
        lookup[2] ?? '',
        res,
        sendError,
      );
    }

    const denied = requireMaster(req);
    if (denied) return sendError(res, denied);

    if ((path === '/v1/model/info' || path === '/model/info') && method === 'GET')
      return send(res, 200, { data: config.models.map(modelInfoRow) });
    if (path === '/get/litellm_model_cost_map' && method === 'GET') return send(res, 200, costMap);
    if (path === '/model/new' && method === 'POST') {
      const r = addDbModel(config, costMap, await readJson(req), now());
      return isError(r) ? sendError(res, r) : send(res, 200, r);
    }
    if (path === '/model/delete' && method === 'POST') {
      const r = deleteDbModel(config, await readJson(req));
      return isError(r) ? sendError(res, r) : send(res, 200, r);
    }
    if (path === '/key/generate' && method === 'POST') {
      const body = await readJson(req);
      if (body.__invalid) return sendError(res, errors.badRequest('Invalid JSON body'));
      const r = keys.generate(body);
      return isError(r) ? sendError(res, r) : send(res, 200, generateAnswer(r.raw, r.record));
    }
    if (path === '/key/info' && method === 'GET') {
      const k = keys.find(q.get('key') ?? bearer(req) ?? '');
      return k
        ? send(res, 200, { key: k.token, info: infoRow(k) })
        : sendError(res, errors.keyNotFound());
    }
    if (path === '/key/list' && method === 'GET') {
      const page = Math.max(1, Number(q.get('page') ?? 1));
      const size = Number(q.get('size') ?? 10);
      if (size > 100)
        return sendError(
          res,
          errors.validation(['query', 'size'], 'Input should be less than or equal to 100'),
        );
      const all = keys.all();
      const slice = all.slice((page - 1) * size, page * size);
      return send(res, 200, {
        keys:
          q.get('return_full_object') === 'true' ? slice.map(fullRow) : slice.map((k) => k.token),
        total_count: all.length,
        current_page: page,
        total_pages: Math.max(1, Math.ceil(all.length / size)),
      });
    }
    if (path === '/key/update' && method === 'POST') {
      const body = await readJson(req);
      if (typeof body.key !== 'string')
        return sendError(res, errors.badRequest('key is required', 'key'));
      const r = keys.update(body.key, body);
      return isError(r) ? sendError(res, r) : send(res, 200, updateAnswer(r.record, r.changed));
    }
    if (path === '/key/delete' && method === 'POST') {
      const body = await readJson(req);
      const asked = Array.isArray(body.keys) ? (body.keys as string[]) : [];
      const aliases = Array.isArray(body.key_aliases) ? (body.key_aliases as string[]) : [];
      const tokens = [...asked, ...aliases.map((a) => keys.findByAlias(a)?.token ?? `alias:${a}`)];
      const gone = keys.delete(tokens);
      return gone.length === 0
        ? sendError(res, errors.noKeysToDelete())
        : send(res, 200, { deleted_keys: [...asked, ...aliases] });
    }
    if ((path === '/key/block' || path === '/key/unblock') && method === 'POST') {
      const body = await readJson(req);
      const k = keys.find(typeof body.key === 'string' ? body.key : '');
      if (!k) return sendError(res, errors.keyNotFound());
      k.blocked = path === '/key/block';
      k.updated_at = now().toISOString();
      return send(res, 200, fullRow(k));
    }
    const regen = /^\/key\/([^/]+)\/regenerate$/.exec(path);
    if (regen && method === 'POST') return sendError(res, errors.regenerateEnterprise());
    const reset = /^\/key\/([^/]+)\/reset_spend$/.exec(path);
    if (reset && method === 'POST') {
      const k = keys.find(decodeURIComponent(reset[1]!));
      if (!k) return sendError(res, errors.keyNotFound());
      const body = await readJson(req);
      const previous = k.spend;
      k.spend = typeof body.reset_to === 'number' ? body.reset_to : 0;
      return send(res, 200, {
        key_hash: k.token,
        spend: k.spend,
        previous_spend: previous,
        max_budget: k.max_budget,
        budget_reset_at: k.budget_reset_at,
      });
    }
    if (path === '/spend/logs' && method === 'GET') {
      const key = q.get('api_key');
      const hash = key?.startsWith('sk-') ? hashKey(key) : key;
      return send(
        res,
        200,
        ledger.logs.filter((l) => !hash || l.api_key === hash),
      );
    }
    if (path === '/spend/logs/ui' && method === 'GET') {
      const r = spendLogsPage(ledger.logs, q);
      return isError(r) ? sendError(res, r) : send(res, 200, r);
    }
    if (path === '/global/spend' && method === 'GET') {
      return send(res, 200, {
        spend: keys.all().reduce((a, k) => a + k.spend, 0),
        max_budget: 0.0,
      });
    }
    if (path === '/global/spend/keys' && method === 'GET') {
      const limit = Number(q.get('limit') ?? 5);
      return send(
        res,
        200,
        keys
          .all()
          .sort((a, b) => b.spend - a.spend)
          .slice(0, limit)
          .map((k) => ({
            api_key: k.token,
            key_alias: k.key_alias,
            key_name: k.key_name,
            total_spend: k.spend,
          })),
      );
    }
    if (path === '/__standin/clock' && method === 'POST') {
      const body = await readJson(req);
      offsetMs += Number(body.advanceMs ?? 0);
      return send(res, 200, { now: now().toISOString() });
    }
    if (path === '/__standin/fail' && method === 'POST') {
      const body = await readJson(req);
      failures.set(String(body.route), {
        count: Number(body.count ?? 1),
        mode: typeof body.mode === 'string' ? body.mode : '500',
      });
      return send(res, 200, { failing: String(body.route) });
    }
    if (path === '/__standin/flush' && method === 'POST') {
      flush();
      return send(res, 200, { flushed: true });
    }
    send(res, 404, { detail: 'Not Found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A client gone mid-stream: nothing left to answer.
      if (res.headersSent) return void res.destroy();
      send(res, 500, { error: { message: String(e), type: 'None', param: 'None', code: '500' } });
    });
  });
  return {
    server,
    keys,
    ledger,
    flush,
    close: () =>
      new Promise<void>((resolve) => {
        if (batch) clearInterval(batch);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

// Run as a program (the integration image's entry point), not when imported by a test.
if (process.argv[1] && /litellm-standin\.(c?js|ts)$/.test(process.argv[1])) {
  const config = loadStandinConfig(process.argv.slice(2), process.env);
  const s = createLiteLlmStandin(config);
  s.server.listen(config.port, process.env.STANDIN_HOST ?? '127.0.0.1', () => {
    process.stdout.write(
      `litellm stand-in listening on ${process.env.STANDIN_HOST ?? '127.0.0.1'}:${config.port} (${config.models.length} models)\n`,
    );
  });
  const stop = () => void s.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
