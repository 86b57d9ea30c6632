// /model/new, /model/delete and /model/info over the stand-in's routes, with the shapes recorded in
// test/fixtures/litellm/model_*.json: a config.yaml route is never in LiteLLM's model table, so
// deleting one is the "not found in db" 400, and neither call works with store_model_in_db off.
import { randomUUID } from 'node:crypto';
import { err, type StandinError } from './litellm-errors';
import { splitProvider, type StandinConfig, type StandinModel } from './standin-config';

type Json = Record<string, unknown>;
type CostMap = Record<
  string,
  { litellm_provider?: string; input_cost_per_token?: number; output_cost_per_token?: number }
>;

const notInDb = () =>
  err(
    500,
    `{'error': "Set \`'STORE_MODEL_IN_DB='True'\` in your env to enable this feature."}`,
    'auth_error',
    'None',
  );

/** What LiteLLM's cost map prices this provider/model at, as litellm.get_model_info finds it. */
const mapPrice = (map: CostMap, provider: string, model: string) =>
  map[model]?.litellm_provider === provider ? map[model] : map[`${provider}/${model}`];

export const modelInfoRow = (m: StandinModel) => ({
  model_name: m.name,
  litellm_params: {
    model: `${m.provider}/${m.upstreamModel}`,
    api_base: m.apiBase || null,
    input_cost_per_token: m.inputCost,
    output_cost_per_token: m.outputCost,
  },
  model_info: {
    id: m.id,
    db_model: m.dbModel,
    mode: m.mode,
    litellm_provider: m.provider,
    input_cost_per_token: m.inputCost,
    output_cost_per_token: m.outputCost,
    // What LiteLLM's model map knows for hosted_vllm: nothing (the fixture's null).
    supports_function_calling: null,
  },
});

export const addDbModel = (
  config: StandinConfig,
  costMap: CostMap,
  body: Json,
  now: Date,
): StandinError | Json => {
  if (!config.storeModelInDb) return notInDb();
  const params = (body.litellm_params ?? {}) as Json;
  const info = (body.model_info ?? {}) as Json;
  if (typeof body.model_name !== 'string' || typeof params.model !== 'string')
    return err(400, 'model_name and litellm_params.model are required', 'None', 'None');
  const [provider, upstream] = splitProvider(params.model);
  const priced = mapPrice(costMap, provider, upstream);
  const num = (v: unknown, fallback: number | undefined) =>
    typeof v === 'number' ? v : (fallback ?? 0);
  const id = randomUUID();
  config.models.push({
    name: body.model_name,
    id,
    provider,
    dbModel: true,
    ...(typeof params.api_key === 'string' ? { apiKey: params.api_key } : {}),
    upstreamModel: upstream,
    apiBase: typeof params.api_base === 'string' ? params.api_base.replace(/\/+$/, '') : '',
    inputCost: num(
      params.input_cost_per_token ?? info.input_cost_per_token,
      priced?.input_cost_per_token,
    ),
    outputCost: num(
      params.output_cost_per_token ?? info.output_cost_per_token,
      priced?.output_cost_per_token,
    ),
    mode: typeof info.mode === 'string' ? info.mode : 'chat',
  });
  // The stored row: LiteLLM encrypts every litellm_params string with the salt key.
  const sealed = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'string' ? Buffer.from(`sealed:${k}`).toString('base64url') : v,
    ]),
  );
  return {
    model_id: id,
    model_name: body.model_name,
    litellm_params: sealed,
    model_info: { ...info, id, db_model: true },
    created_at: now.toISOString(),
    created_by: 'default_user_id',
    updated_at: now.toISOString(),
    updated_by: 'default_user_id',
  };
};

export const deleteDbModel = (config: StandinConfig, body: Json): StandinError | Json => {
  const id = typeof body.id === 'string' ? body.id : '';
  const i = config.models.findIndex((m) => m.id === id && m.dbModel);
  if (i < 0)
    return err(400, `{'error': 'Model with id=${id} not found in db'}`, 'auth_error', 'None');
  if (!config.storeModelInDb) return notInDb();
  config.models.splice(i, 1);
  return { message: `Model: ${id} deleted successfully` };
};
