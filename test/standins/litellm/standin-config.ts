import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseBroken } from '../broken-releases';

export interface StandinModel {
  name: string;
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
  /** Status of budget_exceeded: 400 (LiteLLM up to ~1.7x) or 429 (newer). */
  budgetStatus: number;
  /** LiteLLM writes spend every proxy_batch_write_at seconds (10 by default). */
  batchWriteMs: number;
  version: string;
  broken: LiteLlmBreakage[];
}

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
    general_settings?: { proxy_batch_write_at?: number };
  };
  const masterKey = env.LITELLM_MASTER_KEY;
  if (!masterKey) throw new Error('litellm stand-in: LITELLM_MASTER_KEY is not set');
  const models = (raw.model_list ?? [])
    .filter((m) => m.model_name && !m.model_name.includes('*'))
    .map((m) => ({
      name: m.model_name!,
      upstreamModel: (m.litellm_params?.model ?? '').replace(/^hosted_vllm\//, ''),
      apiBase: (env.STANDIN_API_BASE ?? m.litellm_params?.api_base ?? '').replace(/\/+$/, ''),
      inputCost: m.model_info?.input_cost_per_token ?? 0,
      outputCost: m.model_info?.output_cost_per_token ?? 0,
      mode: m.model_info?.mode ?? 'chat',
    }));
  const broken = parseBroken(env.STANDIN_BROKEN, liteLlmBreakages);
  return {
    port: Number(arg('port') ?? env.PORT ?? 4000),
    masterKey,
    models,
    budgetStatus: broken.includes('budget-400') ? 400 : Number(env.STANDIN_BUDGET_STATUS ?? 400),
    batchWriteMs: Number(
      env.STANDIN_BATCH_WRITE_MS ?? (raw.general_settings?.proxy_batch_write_at ?? 10) * 1000,
    ),
    version: env.STANDIN_LITELLM_VERSION ?? '1.80.11',
    broken,
  };
};
