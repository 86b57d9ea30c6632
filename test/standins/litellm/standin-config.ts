import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseBroken } from '../broken-releases';

export interface StandinModel {
  name: string;
  /** model_info.id: a hash for config.yaml routes, a uuid for /model/new ones. */
  id: string;
  /** The litellm_params.model prefix: hosted_vllm, ollama_chat, openai, anthropic, ... */
  provider: string;
  /** Added through /model/new (LiteLLM_ProxyModelTable), not config.yaml: only these delete. */
  dbModel: boolean;
  /** A cloud deployment's provider key, sent upstream as a bearer token. */
  apiKey?: string;
  upstreamModel: string;
  apiBase: string;
  inputCost: number;
  outputCost: number;
  /** model_info.mode: "chat" or "embedding". */
  mode: string;
}

/** A "broken release": incompatibilities LiteLLM versions have shipped, for hagw compat to catch. */
export type LiteLlmBreakage = 'budget-400' | 'error-shape';
export const liteLlmBreakages: readonly LiteLlmBreakage[] = ['budget-400', 'error-shape'];

export interface StandinConfig {
  port: number;
  masterKey: string;
  models: StandinModel[];
  /**
   * Status of budget_exceeded: 429 with type budget_exceeded on the pinned line (1.84 and later, as
   * the 1.80 -> 1.8x compat history recorded); 400 was LiteLLM 1.80's, kept as the `budget-400`
   * breakage so a rollback to such a release is still tested.
   */
  budgetStatus: number;
  /** LiteLLM writes spend every proxy_batch_write_at seconds (10 by default). */
  batchWriteMs: number;
  version: string;
  broken: LiteLlmBreakage[];
  /** general_settings.store_model_in_db (or STORE_MODEL_IN_DB): /model/new and /model/delete. */
  storeModelInDb: boolean;
  /**
   * STANDIN_API_BASE: where in-stack hosts (vllm, vllm-embed, ollama) are reached from the
   * stand-in: one URL for all, or "host=url,host=url" with "*" for the rest.
   */
  apiBaseOverride: string | null;
  /** litellm_settings.callbacks: the pre-call hooks the proxy loads (local_only among them). */
  callbacks: string[];
}

/** The compose service names an api_base may name; on host networking they do not resolve. */
const stackHosts = /^https?:\/\/(vllm-coder|vllm-embed|vllm|ollama|waker)(?=[:/]|$)/;

/** An api_base as the stand-in reaches it: in-stack hosts become STANDIN_API_BASE, others stay. */
export const reachableBase = (apiBase: string, override: string | null): string => {
  const host = stackHosts.exec(apiBase)?.[1];
  if (!override || !host) return apiBase.replace(/\/+$/, '');
  if (!override.includes('=')) return override.replace(/\/+$/, '');
  const map = new Map(
    override.split(',').map((pair) => {
      const i = pair.indexOf('=');
      return [pair.slice(0, i).trim(), pair.slice(i + 1).trim()] as const;
    }),
  );
  // "waker/<model>=url" sends one model's wake-service base somewhere of its own (tests without
  // a wake service point each model at its vLLM stand-in).
  const model = /^https?:\/\/[^/]+\/([^/]+)\//.exec(apiBase)?.[1];
  const own = host === 'waker' && model ? map.get(`waker/${model}`) : undefined;
  const to = (own ?? map.get(host) ?? map.get('*') ?? apiBase).replace(/\/+$/, '');
  // The wake service's bases carry the model in their path (waker:4200/local-chat/v1): a mapped
  // origin keeps it.
  if (host === 'waker' && /^https?:\/\/[^/]+$/.test(to))
    return `${to}${apiBase.replace(/^https?:\/\/[^/]+/, '')}`.replace(/\/+$/, '');
  return to;
};

/** "hosted_vllm/Qwen/X" -> ["hosted_vllm", "Qwen/X"]; a bare name is OpenAI's, as in LiteLLM. */
export const splitProvider = (model: string): [string, string] => {
  const i = model.indexOf('/');
  return i < 0 ? ['openai', model] : [model.slice(0, i), model.slice(i + 1)];
};

interface RawModel {
  model_name?: string;
  litellm_params?: { model?: string; api_base?: string };
  model_info?: { input_cost_per_token?: number; output_cost_per_token?: number; mode?: string };
}

/**
 * Reads the same config.yaml the real LiteLLM gets (compose/litellm/config.yaml), so prices and
 * model names cannot drift between the stack and the stand-in. STANDIN_API_BASE replaces every
 * api_base (on host networking "vllm:8000" does not resolve; 127.0.0.1:8000 does).
 */
export const loadStandinConfig = (argv: string[], env: NodeJS.ProcessEnv): StandinConfig => {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq ? eq.slice(name.length + 3) : i >= 0 ? argv[i + 1] : undefined;
  };
  const configPath = arg('config') ?? env.STANDIN_LITELLM_CONFIG;
  if (!configPath) throw new Error('litellm stand-in: pass --config <config.yaml>');
  const raw = parse(readFileSync(configPath, 'utf8')) as {
    model_list?: RawModel[];
    general_settings?: { proxy_batch_write_at?: number; store_model_in_db?: boolean };
    litellm_settings?: { callbacks?: unknown };
  };
  const masterKey = env.LITELLM_MASTER_KEY;
  if (!masterKey) throw new Error('litellm stand-in: LITELLM_MASTER_KEY is not set');
  const apiBaseOverride = env.STANDIN_API_BASE ?? null;
  const models = (raw.model_list ?? [])
    .filter((m) => m.model_name && !m.model_name.includes('*'))
    .map((m) => ({
      name: m.model_name!,
      id: createHash('sha256')
        .update(`${m.model_name}${m.litellm_params?.model ?? ''}`)
        .digest('hex'),
      provider: splitProvider(m.litellm_params?.model ?? '')[0],
      dbModel: false,
      upstreamModel: splitProvider(m.litellm_params?.model ?? '')[1],
      apiBase: (m.litellm_params?.api_base ?? '').replace(/\/+$/, ''),
      inputCost: m.model_info?.input_cost_per_token ?? 0,
      outputCost: m.model_info?.output_cost_per_token ?? 0,
      mode: m.model_info?.mode ?? 'chat',
    }));
  const broken = parseBroken(env.STANDIN_BROKEN, liteLlmBreakages);
  return {
    port: Number(arg('port') ?? env.PORT ?? 4000),
    masterKey,
    models,
    budgetStatus: broken.includes('budget-400') ? 400 : Number(env.STANDIN_BUDGET_STATUS ?? 429),
    batchWriteMs: Number(
      env.STANDIN_BATCH_WRITE_MS ?? (raw.general_settings?.proxy_batch_write_at ?? 10) * 1000,
    ),
    version: env.STANDIN_LITELLM_VERSION ?? '1.101.0',
    broken,
    storeModelInDb:
      env.STORE_MODEL_IN_DB !== undefined
        ? /^true$/i.test(env.STORE_MODEL_IN_DB)
        : raw.general_settings?.store_model_in_db === true,
    apiBaseOverride,
    callbacks: Array.isArray(raw.litellm_settings?.callbacks)
      ? raw.litellm_settings.callbacks.filter((c): c is string => typeof c === 'string')
      : [],
  };
};
