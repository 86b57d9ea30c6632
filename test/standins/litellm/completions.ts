import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { KeyRecord, KeyStore } from './key-store';
import { errors, type StandinError } from './litellm-errors';
import { reachableBase, type StandinConfig, type StandinModel } from './standin-config';
import type { UsageLedger } from './usage-ledger';

export interface CompletionDeps {
  config: StandinConfig;
  keys: KeyStore;
  ledger: UsageLedger;
  now: () => Date;
  /** Spend waiting for the next batch write, as LiteLLM's DB writer holds it. */
  queueSpend: (token: string, amount: number) => void;
}

const usd = (m: StandinModel, prompt: number, completion: number): number =>
  prompt * m.inputCost + completion * m.outputCost;

/** The checks LiteLLM's auth + pre-call hooks make, in their order. */
export const admit = (d: CompletionDeps, k: KeyRecord, model: string): StandinError | null => {
  if (k.blocked) return errors.blocked();
  if (k.models.length > 0 && !k.models.includes(model)) return errors.modelDenied(model, k.models);
  if (!d.config.models.some((m) => m.name === model)) return errors.unknownModel(model);
  if (k.max_budget !== null && k.spend >= k.max_budget)
    return errors.budgetExceeded(k.spend, k.max_budget, d.config.budgetStatus);
  const nowMs = d.now().getTime();
  if (k.max_parallel_requests !== null && d.ledger.parallel(k.token) >= k.max_parallel_requests) {
    return errors.rateLimited(k.token, k.max_parallel_requests, resetAt(nowMs), 1);
  }
  const count = d.ledger.countRequest(k.token, nowMs);
  if (k.rpm_limit !== null && count > k.rpm_limit) {
    return errors.rateLimited(
      k.token,
      k.rpm_limit,
      resetAt(nowMs),
      Math.ceil((60_000 - (nowMs % 60_000)) / 1000),
    );
  }
  return null;
};

const resetAt = (nowMs: number): string =>
  new Date(Math.floor(nowMs / 60_000) * 60_000 + 60_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');

export type SendError = (res: ServerResponse, e: StandinError) => void;

/**
 * An upstream refusal as LiteLLM relays it: its own envelope, the provider's words inside, the
 * status kept (a vLLM 400 stays a 400 the openai client raises as BadRequestError).
 */
export const relayUpstreamError = async (upstream: Response): Promise<StandinError> => {
  const text = await upstream.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    // not JSON: the text itself
  }
  const kind =
    upstream.status === 400
      ? 'BadRequestError'
      : upstream.status === 404
        ? 'NotFoundError'
        : 'APIError';
  return {
    status: upstream.status,
    body: {
      error: {
        message: `litellm.${kind}: Hosted_vllmException - ${message}`,
        type: null,
        param: null,
        code: String(upstream.status),
      },
    },
  };
};

/**
 * Where a deployment is called: Ollama's OpenAI API is under /v1. Tests talk to 127.0.0.1 only, so
 * a deployment anywhere else (a cloud provider with no api_base) fails like an unreachable host.
 */
export const upstreamUrl = (d: CompletionDeps, model: StandinModel, route: string): string => {
  const reach = reachableBase(model.apiBase, d.config.apiBaseOverride);
  const base =
    model.provider.startsWith('ollama') && !d.config.apiBaseOverride ? `${reach}/v1` : reach;
  const host = /^https?:\/\/([^/:]+)/.exec(base)?.[1] ?? '';
  if (!/^(127\.\d+\.\d+\.\d+|localhost)$/.test(host))
    throw new Error(`stand-in: refusing to call ${base || '(no api_base)'}: not loopback`);
  return `${base}${route}`;
};

/** POSTs to the route's vLLM; a connection failure is LiteLLM's APIConnectionError 500. */
export const forward = async (
  d: CompletionDeps,
  k: KeyRecord,
  model: StandinModel,
  route: string,
  body: unknown,
  res: ServerResponse,
  sendError: SendError,
): Promise<Response | null> => {
  try {
    const upstream = await fetch(upstreamUrl(d, model, route), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(model.apiKey ? { authorization: `Bearer ${model.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (upstream.ok) return upstream;
    d.ledger.recordFailure(k, model.name, upstream.status, 'BadRequestError', d.now());
    sendError(res, await relayUpstreamError(upstream));
  } catch (e) {
    d.ledger.recordFailure(k, model.name, 500, 'APIConnectionError', d.now());
    sendError(res, errors.upstream(String((e as { cause?: { code?: string } }).cause?.code ?? e)));
  }
  return null;
};

/** What a successful call costs the key, and the spend-log row LiteLLM writes for it. */
export const spendFor = (
  d: CompletionDeps,
  k: KeyRecord,
  model: StandinModel,
  call: {
    id: string;
    callType: string;
    started: Date;
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  },
): void => {
  const { usage } = call;
  const spend = usd(model, usage.prompt_tokens, usage.completion_tokens);
  d.keys.touch(k.token);
  d.queueSpend(k.token, spend);
  d.ledger.recordSuccess(k, {
    request_id: call.id,
    call_type: call.callType,
    api_key: k.token,
    spend,
    total_tokens: usage.total_tokens,
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    startTime: call.started.toISOString(),
    endTime: d.now().toISOString(),
    model: model.upstreamModel,
    model_group: model.name,
    custom_llm_provider: model.provider,
    api_base: model.apiBase,
    status: 'success',
    metadata: { user_api_key: k.token, user_api_key_alias: k.key_alias, usage_object: usage },
  });
};

/** Forwards an embeddings call and spends its prompt tokens. */
export const proxyEmbedding = async (
  d: CompletionDeps,
  k: KeyRecord,
  body: Record<string, unknown>,
  res: ServerResponse,
  sendError: SendError,
): Promise<void> => {
  const model = d.config.models.find((m) => m.name === body.model)!;
  const started = d.now();
  const upstream = await forward(
    d,
    k,
    model,
    '/embeddings',
    { ...body, model: model.upstreamModel },
    res,
    sendError,
  );
  if (!upstream) return;
  const json = (await upstream.json()) as { usage?: { prompt_tokens?: number } };
  const prompt = json.usage?.prompt_tokens ?? 0;
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ ...json, model: model.name }));
  spendFor(d, k, model, {
    id: `embd-${randomUUID()}`,
    callType: 'aembedding',
    started,
    usage: { prompt_tokens: prompt, completion_tokens: 0, total_tokens: prompt },
  });
};

/** Forwards to vLLM (stream or not), then spends from the usage vLLM reported. */
export const proxyCompletion = async (
  d: CompletionDeps,
  k: KeyRecord,
  body: Record<string, unknown>,
  res: ServerResponse,
  sendError: SendError,
): Promise<void> => {
  const model = d.config.models.find((m) => m.name === body.model)!;
  const started = d.now();
  const done = d.ledger.begin(k.token);
  const stream = body.stream === true;
  const upstreamBody = {
    ...body,
    model: model.upstreamModel,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
  const upstream = await forward(d, k, model, '/chat/completions', upstreamBody, res, (r, e) => {
    done();
    sendError(r, e);
  });
  if (!upstream) return;
  let usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const id = `chatcmpl-${randomUUID()}`;
  if (!stream) {
    const json = (await upstream.json()) as { usage?: typeof usage };
    usage = json.usage ?? usage;
    res
      .writeHead(upstream.status, {
        'content-type': 'application/json',
        'x-litellm-model-id': model.name,
      })
      .end(JSON.stringify({ ...json, id, model: model.name }));
  } else {
    res.writeHead(upstream.status, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    const reader: ReadableStreamDefaultReader<Uint8Array> = upstream.body!.getReader();
    const wantUsage =
      (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    let pending = '';
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      const value = next.value;
      pending += Buffer.from(value).toString('utf8');
      const events = pending.split('\n\n');
      pending = events.pop() ?? '';
      for (const ev of events) {
        const data = ev.replace(/^data: /, '');
        if (data !== '[DONE]') {
          const chunk = JSON.parse(data) as { usage?: typeof usage; choices?: unknown[] };
          if (chunk.usage) usage = chunk.usage;
          // LiteLLM counts usage itself; it passes the usage-only chunk on only when asked to.
          if (chunk.usage && !wantUsage && (chunk.choices?.length ?? 0) === 0) continue;
          res.write(`data: ${JSON.stringify({ ...chunk, id, model: model.name })}\n\n`);
        } else res.write('data: [DONE]\n\n');
      }
    }
    res.end();
  }
  done();
  spendFor(d, k, model, { id, callType: 'acompletion', started, usage });
};
