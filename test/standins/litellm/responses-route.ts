// The Responses API as LiteLLM serves it for a hosted_vllm deployment: straight to vLLM's own
// /v1/responses (litellm/llms/hosted_vllm/responses/transformation.py, get_complete_url: api_base
// ending in /v1 + "/responses"), with the same key checks, budget and spend as chat
// (call_type "aresponses"), and the response id rewritten so a later GET can find the deployment:
// "resp_" + base64("litellm:custom_llm_provider:<provider>;model_id:<id>;response_id:<vLLM's id>")
// (litellm/responses/utils.py, ResponsesAPIRequestUtils._build_responses_api_response_id).
// GET/DELETE /v1/responses/{id} (and input_items, cancel) decode that id and ask the same
// deployment; an id LiteLLM did not make names no deployment and is a 400.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  forward,
  relayUpstreamError,
  spendFor,
  upstreamUrl,
  type CompletionDeps,
  type SendError,
} from './completions';
import type { KeyRecord } from './key-store';
import { errors } from './litellm-errors';
import type { StandinModel } from './standin-config';

type Json = Record<string, unknown>;

export const encodeResponseId = (m: StandinModel, id: string): string =>
  `resp_${Buffer.from(`litellm:custom_llm_provider:${m.provider};model_id:${m.id};response_id:${id}`).toString('base64')}`;

export const decodeResponseId = (
  id: string,
): { provider: string; modelId: string; responseId: string } | null => {
  if (!id.startsWith('resp_')) return null;
  const text = Buffer.from(id.slice(5), 'base64').toString('utf8');
  const m = /^litellm:custom_llm_provider:([^;]*);model_id:([^;]*);response_id:(.*)$/.exec(text);
  return m ? { provider: m[1]!, modelId: m[2]!, responseId: m[3]! } : null;
};

interface Usage {
  input_tokens?: number;
  output_tokens?: number;
}
const chatUsage = (u: Usage | undefined) => {
  const prompt = u?.input_tokens ?? 0;
  const completion = u?.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
};

/** POST /v1/responses for a key already admitted. */
export const proxyResponses = async (
  d: CompletionDeps,
  k: KeyRecord,
  body: Json,
  res: ServerResponse,
  sendError: SendError,
): Promise<void> => {
  const model = d.config.models.find((m) => m.name === body.model)!;
  const started = d.now();
  const done = d.ledger.begin(k.token);
  const upstream = await forward(
    d,
    k,
    model,
    '/responses',
    { ...body, model: model.upstreamModel },
    res,
    (r, e) => {
      done();
      sendError(r, e);
    },
  );
  if (!upstream) return;
  let usage = chatUsage(undefined);
  let vllmId = '';
  const rewrite = (r: Json): Json => {
    if (typeof r.id === 'string') vllmId = r.id;
    return { ...r, id: encodeResponseId(model, vllmId), model: model.name };
  };
  if (body.stream !== true) {
    const json = (await upstream.json()) as Json & { usage?: Usage };
    usage = chatUsage(json.usage);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rewrite(json)));
  } else {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const reader: ReadableStreamDefaultReader<Uint8Array> = upstream.body!.getReader();
    let pending = '';
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      pending += Buffer.from(next.value).toString('utf8');
      const events = pending.split('\n\n');
      pending = events.pop() ?? '';
      for (const ev of events) {
        const data = /^data: (.*)$/m.exec(ev)?.[1];
        if (!data) continue;
        const e = JSON.parse(data) as Json & { response?: Json & { usage?: Usage } };
        if (e.response) {
          if (e.response.usage) usage = chatUsage(e.response.usage);
          e.response = rewrite(e.response);
        }
        // LiteLLM re-serialises every event as `data:` lines in the same order (its streaming
        // iterator yields ResponsesAPIStreamingResponse objects), so the `event:` line is kept.
        res.write(`event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`);
      }
    }
    res.end();
  }
  done();
  spendFor(d, k, model, {
    id: vllmId || `resp-${randomUUID()}`,
    callType: 'aresponses',
    started,
    usage,
  });
};

/** GET or DELETE /v1/responses/{id}[/input_items|/cancel]: to the deployment that answered. */
export const responseLookup = async (
  d: CompletionDeps,
  req: IncomingMessage,
  id: string,
  tail: string,
  res: ServerResponse,
  sendError: SendError,
): Promise<void> => {
  const decoded = decodeResponseId(id);
  const model = decoded && d.config.models.find((m) => m.id === decoded.modelId);
  if (!decoded || !model)
    return sendError(
      res,
      errors.badRequest(
        `Invalid response_id: ${id}. It names no deployment on this proxy; use the id this proxy returned.`,
        'response_id',
      ),
    );
  try {
    const upstream = await fetch(
      upstreamUrl(d, model, `/responses/${encodeURIComponent(decoded.responseId)}${tail}`),
      { method: req.method },
    );
    if (!upstream.ok) return sendError(res, await relayUpstreamError(upstream));
    res.writeHead(200, { 'content-type': 'application/json' }).end(await upstream.text());
  } catch (e) {
    sendError(res, errors.upstream(String((e as { cause?: { code?: string } }).cause?.code ?? e)));
  }
};
