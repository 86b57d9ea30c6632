import type { z } from 'zod';
import { GatewayError } from '../../core/gateway-error';
import { parsePrometheusText } from '../../core/prometheus-text';
import {
  HealthReadinessResponse,
  KeyBlockResponse,
  KeyDeleteResponse,
  KeyGenerateResponse,
  KeyInfoResponse,
  KeyListResponse,
  KeyUpdateResponse,
  LiteLlmError,
  ModelCostMap,
  ModelDeleteResponse,
  ModelInfoResponse,
  ModelNewResponse,
  ModelsResponse,
  SpendLogsUiResponse,
  type ModelNewRequest,
  SpendLogsResponse,
  type KeyGenerateRequest,
  type MetricSample,
} from '../../shared/litellm';
import { httpRequest } from './http-json';

export interface LiteLlmClientOptions {
  baseUrl: string;
  /** Read on each call, so a key written by `hagw setup` is picked up without a restart. */
  masterKey: () => Promise<string | null>;
  timeoutMs?: number;
  maxAnswerBytes?: number;
}

/** LiteLLM answers budget errors with 400 in some versions and 429 in others: decide by type. */
const codeFor = (status: number, type: string | null): string => {
  if (type === 'budget_exceeded') return 'LITELLM_BUDGET_EXCEEDED';
  if (type === 'key_model_access_denied') return 'LITELLM_MODEL_DENIED';
  if (status === 401 || status === 403) return 'LITELLM_AUTH';
  if (status === 404) return 'LITELLM_NOT_FOUND';
  if (status === 429) return 'LITELLM_RATE_LIMITED';
  if (status >= 500) return 'LITELLM_SERVER';
  return 'LITELLM_BAD_REQUEST';
};

/** 100 keys a page: 100,000 keys, far more than any homelab has. */
export const maxKeyPages = 1000;
/** No LiteLLM answer the app reads is anywhere near this; a larger one is a fault, not data. */
export const maxAnswerBytes = 32 * 1024 * 1024;

export class LiteLlmClient {
  constructor(private readonly options: LiteLlmClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** GET /health/liveliness: public, answers the JSON string "I'm alive!". */
  async liveliness(): Promise<boolean> {
    const r = await this.raw('GET', '/health/liveliness', undefined, false);
    return r.status === 200;
  }

  readiness(): Promise<HealthReadinessResponse> {
    return this.call('GET', '/health/readiness', HealthReadinessResponse, undefined, false);
  }

  models(): Promise<ModelsResponse> {
    return this.call('GET', '/v1/models', ModelsResponse);
  }

  modelInfo(): Promise<ModelInfoResponse> {
    return this.call('GET', '/v1/model/info', ModelInfoResponse);
  }

  /** A new deployment, served at once (store_model_in_db); the provider key is stored encrypted. */
  addModel(body: ModelNewRequest): Promise<z.infer<typeof ModelNewResponse>> {
    return this.call('POST', '/model/new', ModelNewResponse, body);
  }

  deleteModel(id: string): Promise<z.infer<typeof ModelDeleteResponse>> {
    return this.call('POST', '/model/delete', ModelDeleteResponse, { id });
  }

  /** LiteLLM's own price list (the route was renamed /public/litellm_model_cost_map in 1.90). */
  costMap(): Promise<ModelCostMap> {
    return this.call('GET', '/get/litellm_model_cost_map', ModelCostMap);
  }

  /** One page of spend logs between two UTC times ("YYYY-MM-DD HH:MM:SS"), newest first. */
  spendLogsPage(
    startDate: string,
    endDate: string,
    page: number,
    pageSize = 100,
  ): Promise<z.infer<typeof SpendLogsUiResponse>> {
    const q = new URLSearchParams({
      start_date: startDate,
      end_date: endDate,
      page: String(page),
      page_size: String(pageSize),
    });
    return this.call('GET', `/spend/logs/ui?${q.toString()}`, SpendLogsUiResponse);
  }

  generateKey(body: KeyGenerateRequest): Promise<z.infer<typeof KeyGenerateResponse>> {
    return this.call('POST', '/key/generate', KeyGenerateResponse, body);
  }

  keyInfo(keyOrHash: string): Promise<z.infer<typeof KeyInfoResponse>> {
    return this.call('GET', `/key/info?key=${encodeURIComponent(keyOrHash)}`, KeyInfoResponse);
  }

  /**
   * Every page of /key/list (size is capped at 100 by LiteLLM), at most maxKeyPages of them: a
   * LiteLLM that keeps answering "one more page" must not keep the CLI running forever.
   */
  async listKeys(fullObjects = true): Promise<z.infer<typeof KeyListResponse>['keys']> {
    const all: z.infer<typeof KeyListResponse>['keys'] = [];
    for (let page = 1; ; page++) {
      if (page > maxKeyPages)
        throw new GatewayError(
          'LITELLM_TOO_MANY_PAGES',
          `LiteLLM's /key/list went on past ${maxKeyPages} pages (${maxKeyPages * 100} keys); check its total_pages answer and the litellm container's logs.`,
        );
      const r = await this.call(
        'GET',
        `/key/list?page=${page}&size=100&return_full_object=${String(fullObjects)}`,
        KeyListResponse,
      );
      all.push(...r.keys);
      if (page >= r.total_pages || r.keys.length === 0) return all;
    }
  }

  /** The answer holds only the changed fields: callers re-read /key/info. */
  updateKey(
    body: Record<string, unknown> & { key: string },
  ): Promise<z.infer<typeof KeyUpdateResponse>> {
    return this.call('POST', '/key/update', KeyUpdateResponse, body);
  }

  deleteKeys(keys: string[]): Promise<z.infer<typeof KeyDeleteResponse>> {
    return this.call('POST', '/key/delete', KeyDeleteResponse, { keys });
  }

  blockKey(key: string): Promise<z.infer<typeof KeyBlockResponse>> {
    return this.call('POST', '/key/block', KeyBlockResponse, { key });
  }

  unblockKey(key: string): Promise<z.infer<typeof KeyBlockResponse>> {
    return this.call('POST', '/key/unblock', KeyBlockResponse, { key });
  }

  spendLogs(apiKeyHash?: string): Promise<z.infer<typeof SpendLogsResponse>> {
    const q = apiKeyHash ? `?api_key=${encodeURIComponent(apiKeyHash)}` : '';
    return this.call('GET', `/spend/logs${q}`, SpendLogsResponse);
  }

  async metrics(): Promise<MetricSample[]> {
    const r = await this.raw('GET', '/metrics', undefined, true);
    if (r.status !== 200) throw this.errorFor(r.status, r.text);
    return parsePrometheusText(r.text);
  }

  private async call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    auth = true,
  ): Promise<z.infer<S>> {
    const r = await this.raw(method, path, body, auth);
    if (r.status < 200 || r.status >= 300) throw this.errorFor(r.status, r.text);
    let json: unknown;
    try {
      json = JSON.parse(r.text);
    } catch {
      throw new GatewayError(
        'LITELLM_GARBAGE',
        `LiteLLM answered ${method} ${path.split('?')[0]} with something that is not JSON; check the litellm container's logs.`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new GatewayError(
        'LITELLM_GARBAGE',
        `LiteLLM's answer to ${method} ${path.split('?')[0]} has an unexpected shape (${issue?.path.join('.') ?? '?'}: ${issue?.message ?? '?'}); is this LiteLLM 1.80 or newer?`,
      );
    }
    return parsed.data;
  }

  private async raw(method: string, path: string, body: unknown, auth: boolean) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) {
      const key = await this.options.masterKey();
      if (!key) {
        throw new GatewayError(
          'LITELLM_AUTH',
          'No LiteLLM master key: run "hagw setup" or set HAGW_LITELLM_MASTER_KEY.',
        );
      }
      headers.authorization = `Bearer ${key}`;
    }
    return httpRequest(`LiteLLM at ${this.options.baseUrl}`, `${this.options.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.options.timeoutMs ?? 10_000,
      maxBytes: this.options.maxAnswerBytes ?? maxAnswerBytes,
    });
  }

  private errorFor(status: number, text: string): GatewayError {
    const parsed = (() => {
      try {
        return LiteLlmError.safeParse(JSON.parse(text));
      } catch {
        return null;
      }
    })();
    const type = parsed?.success ? parsed.data.error.type : null;
    const code = codeFor(status, type);
    const said = parsed?.success ? parsed.data.error.message : text;
    // LiteLLM answers a blocked key with 401 too: that is the key's state, not a wrong master key.
    if (code === 'LITELLM_AUTH' && /key is blocked/i.test(said)) {
      return new GatewayError(
        'LITELLM_KEY_BLOCKED',
        'LiteLLM says this key is blocked; unblock it with "hagw keys unblock <app>" (or in the dashboard).',
      );
    }
    if (code === 'LITELLM_AUTH') {
      return new GatewayError(
        code,
        `LiteLLM rejected the master key (HTTP ${status}); check LITELLM_MASTER_KEY in the stack's .env or HAGW_LITELLM_MASTER_KEY.`,
      );
    }
    const message = parsed?.success
      ? parsed.data.error.message
      : text.slice(0, 200).replace(/\s+/g, ' ') || `HTTP ${status}`;
    if (code === 'LITELLM_SERVER')
      return new GatewayError(code, `LiteLLM failed (HTTP ${status}): ${message.split('\n')[0]}`);
    return new GatewayError(code, `LiteLLM: ${message.split('\n')[0]}`);
  }
}
