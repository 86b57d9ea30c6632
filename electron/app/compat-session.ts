import type { CompatReport } from '../shared/compat';
import type { ModelInfoResponse } from '../shared/litellm';
import { runCompat, type CompatTarget } from '../node/services/compat-check';
import type { Clock } from '../core/ports';
import type { CompatStore } from '../node/storage/compat-store';
import type { KeyService } from './key-service';
import type { LiteLlmClient } from '../node/services/litellm-client';
import { loopbackFetch } from '../node/services/loopback-fetch';

export interface CompatOptions {
  /** Any OpenAI base URL (ending in /v1); absent: the gateway through Caddy. */
  baseUrl?: string;
  key?: string;
  model?: string;
  overBudgetKey?: string;
  embeddingModel?: string;
  signal?: AbortSignal;
}

/**
 * What a compat run needs of the application's domains: the gateway's URL, temporary keys,
 * LiteLLM's routes and a clock (the App has them; the composition root passes its parts).
 */
export interface CompatSessionDeps {
  stack: { gatewayUrl(): Promise<string> };
  keys: { service: Pick<KeyService, 'withTemporaryKeys'> };
  models: { litellm: Pick<LiteLlmClient, 'modelInfo'> };
  clock: Clock;
}

type Route = ModelInfoResponse['data'][number];
const isEmbedding = (r: Route) => r.model_info.mode === 'embedding';

/** The route to check: the one asked for, else local-chat, else the first chat route. */
const pickModel = (routes: readonly Route[], asked: string | undefined): string | null =>
  asked ??
  routes.find((r) => r.model_name === 'local-chat')?.model_name ??
  routes.find((r) => !isEmbedding(r))?.model_name ??
  null;

/**
 * `hagw compat` and the update gate. A URL given: checked with the key given. No URL: the gateway
 * itself, through Caddy on this host, with two keys made for the run (one with a small budget, one
 * already over it, for errors.budget) and deleted when it ends, also when it is interrupted.
 */
export const checkCompat = async (
  gw: CompatSessionDeps,
  o: CompatOptions,
): Promise<CompatReport> => {
  const deps = { now: () => gw.clock.now(), signal: o.signal };
  if (o.baseUrl)
    return runCompat(
      {
        baseUrl: o.baseUrl,
        key: o.key ?? '',
        model: o.model ?? null,
        overBudgetKey: o.overBudgetKey ?? null,
        embeddingModel: o.embeddingModel ?? null,
        supportsTools: null,
      },
      { ...deps, fetch },
    );
  const url = (await gw.stack.gatewayUrl()).replace(/\/+$/, '');
  const routes = (await gw.models.litellm.modelInfo()).data;
  const model = pickModel(routes, o.model);
  const route = routes.find((r) => r.model_name === model);
  const fn = route?.model_info.supports_function_calling;
  const target: Omit<CompatTarget, 'key' | 'overBudgetKey'> = {
    baseUrl: `${url}/v1`,
    model,
    embeddingModel: o.embeddingModel ?? routes.find(isEmbedding)?.model_name ?? null,
    supportsTools: typeof fn === 'boolean' ? fn : null,
  };
  const stamp = gw.clock.now().toString(36);
  return gw.keys.service.withTemporaryKeys(
    [
      { alias: `hagw-compat-${stamp}`, maxBudget: 0.05 },
      { alias: `hagw-compat-${stamp}-over-budget`, maxBudget: 0 },
    ],
    ([key = '', over = '']) =>
      runCompat(
        { ...target, key, overBudgetKey: over },
        { ...deps, fetch: url.startsWith('https:') ? loopbackFetch() : fetch },
      ),
  );
};

/** "Check now" and a plain `hagw compat`: the gateway checked, and kept as its last result. */
export const checkGatewayNow = async (
  gw: CompatSessionDeps & { safety: { compat: Pick<CompatStore, 'record'> } },
  o: Omit<CompatOptions, 'baseUrl' | 'key'> = {},
): Promise<CompatReport> => {
  const report = await checkCompat(gw, o);
  await gw.safety.compat.record('gateway', null, report);
  return report;
};
