// LiteLLM proxy payloads as the app reads them. Loose objects: tolerant of the many fields we do not
// use (LiteLLM adds some in nearly every release), strict about the ones we do. The same schemas
// check the recorded fixtures and the stand-in's answers in test/contract.
import { z } from 'zod';

const nullableNumber = z.number().nullable();
const isoOrNull = z.string().nullable();

/** Error envelope: `code` is a string ("400"), `type` decides meaning (budget_exceeded...). */
export const LiteLlmError = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.string().nullable(),
    param: z.string().nullable(),
    code: z.string(),
  }),
});
export type LiteLlmError = z.infer<typeof LiteLlmError>;

export const KeyGenerateRequest = z.looseObject({
  key_alias: z.string(),
  models: z.array(z.string()).optional(),
  max_budget: nullableNumber.optional(),
  budget_duration: z.string().nullable().optional(),
  soft_budget: nullableNumber.optional(),
  tpm_limit: nullableNumber.optional(),
  rpm_limit: nullableNumber.optional(),
  max_parallel_requests: nullableNumber.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  duration: z.string().nullable().optional(),
});
export type KeyGenerateRequest = z.infer<typeof KeyGenerateRequest>;

/** POST /key/generate and /key/{key}/regenerate: the only answers that carry the raw key. */
export const KeyGenerateResponse = z.looseObject({
  key: z.string().startsWith('sk-'),
  key_alias: z.string().nullable(),
  models: z.array(z.string()),
  spend: z.number(),
  max_budget: nullableNumber,
  budget_duration: z.string().nullable(),
  rpm_limit: nullableNumber,
  tpm_limit: nullableNumber,
  max_parallel_requests: nullableNumber,
  metadata: z.record(z.string(), z.unknown()).nullable(),
  token_id: z.string().nullable().optional(),
  token: z.string().nullable().optional(),
  blocked: z.boolean().nullable(),
  expires: isoOrNull,
});
export type KeyGenerateResponse = z.infer<typeof KeyGenerateResponse>;

/** The key row as /key/info returns it under "info" (token removed) and /key/block returns it. */
export const KeyRow = z.looseObject({
  key_name: z.string().nullable(),
  key_alias: z.string().nullable(),
  spend: z.number(),
  models: z.array(z.string()),
  max_budget: nullableNumber,
  budget_duration: z.string().nullable(),
  budget_reset_at: isoOrNull,
  rpm_limit: nullableNumber,
  tpm_limit: nullableNumber,
  max_parallel_requests: nullableNumber,
  metadata: z.record(z.string(), z.unknown()).nullable(),
  blocked: z.boolean().nullable(),
  expires: isoOrNull,
  created_at: isoOrNull.optional(),
  last_active: isoOrNull.optional(),
});
export type KeyRow = z.infer<typeof KeyRow>;

export const KeyInfoResponse = z.looseObject({ key: z.string(), info: KeyRow });
export type KeyInfoResponse = z.infer<typeof KeyInfoResponse>;

export const KeyBlockResponse = KeyRow.extend({ token: z.string() });

/** /key/list: token hashes unless return_full_object=true, then rows with `token`. */
export const KeyListResponse = z.looseObject({
  keys: z.array(z.union([z.string(), KeyRow.extend({ token: z.string() })])),
  total_count: z.number().int(),
  current_page: z.number().int(),
  total_pages: z.number().int(),
});
export type KeyListResponse = z.infer<typeof KeyListResponse>;

/** /key/update: only changed fields, and dict values arrive JSON-encoded as strings. */
export const KeyUpdateResponse = z.looseObject({
  key: z.string(),
  token: z.string().optional(),
  metadata: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

export const KeyUpdateRequest = z.looseObject({ key: z.string() });
export const KeyDeleteRequest = z.looseObject({
  keys: z.array(z.string()).optional(),
  key_aliases: z.array(z.string()).optional(),
});
export const KeyDeleteResponse = z.looseObject({ deleted_keys: z.array(z.string()) });
export const KeyBlockRequest = z.looseObject({ key: z.string() });
export const KeyRegenerateRequest = z.looseObject({ key: z.string().optional() });
export const KeyResetSpendRequest = z.looseObject({ reset_to: z.number() });
export const KeyResetSpendResponse = z.looseObject({
  key_hash: z.string(),
  spend: z.number(),
  previous_spend: z.number(),
  max_budget: nullableNumber,
  budget_reset_at: isoOrNull,
});

export const SpendLogRow = z.looseObject({
  request_id: z.string(),
  api_key: z.string(),
  spend: z.number(),
  total_tokens: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  startTime: z.string(),
  endTime: z.string(),
  model: z.string(),
  model_group: z.string().nullable().optional(),
  status: z.string().optional(),
  metadata: z.looseObject({ user_api_key_alias: z.string().nullable().optional() }).optional(),
});
export type SpendLogRow = z.infer<typeof SpendLogRow>;
export const SpendLogsResponse = z.array(SpendLogRow);
export const SpendLogsUiResponse = z.looseObject({
  data: z.array(SpendLogRow),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
});

export const GlobalSpendResponse = z.looseObject({ spend: z.number(), max_budget: nullableNumber });
export const GlobalSpendKeysResponse = z.array(
  z.looseObject({ api_key: z.string(), key_alias: z.string().nullable(), total_spend: z.number() }),
);
export const GlobalSpendLogsResponse = z.array(
  z.looseObject({ date: z.string(), spend: z.number(), api_key: z.string().optional() }),
);
export const GlobalActivityResponse = z.looseObject({
  daily_data: z.array(
    z.looseObject({ date: z.string(), api_requests: z.number(), total_tokens: z.number() }),
  ),
  sum_api_requests: z.number(),
  sum_total_tokens: z.number(),
});

const ActivityMetrics = z.looseObject({
  spend: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  successful_requests: z.number(),
  failed_requests: z.number(),
  api_requests: z.number(),
});
export const UserDailyActivityResponse = z.looseObject({
  results: z.array(z.looseObject({ date: z.string(), metrics: ActivityMetrics })),
  metadata: z.looseObject({ total_spend: z.number() }).optional(),
});

export const HealthLivelinessResponse = z.string();
export const HealthReadinessResponse = z.looseObject({
  status: z.string(),
  db: z.string(),
  litellm_version: z.string().optional(),
});
export type HealthReadinessResponse = z.infer<typeof HealthReadinessResponse>;

export const HealthResponse = z.looseObject({
  healthy_endpoints: z.array(z.looseObject({ model: z.string() })),
  unhealthy_endpoints: z.array(z.looseObject({ model: z.string(), error: z.string().optional() })),
  healthy_count: z.number().int(),
  unhealthy_count: z.number().int(),
});

export const ModelsResponse = z.looseObject({
  object: z.literal('list'),
  data: z.array(
    z.looseObject({ id: z.string(), object: z.literal('model'), owned_by: z.string() }),
  ),
});
export type ModelsResponse = z.infer<typeof ModelsResponse>;

export const ModelInfoResponse = z.looseObject({
  data: z.array(
    z.looseObject({
      model_name: z.string(),
      litellm_params: z.looseObject({
        model: z.string(),
        api_base: z.string().nullable().optional(),
      }),
      model_info: z.looseObject({
        id: z.string().optional(),
        db_model: z.boolean().optional(),
        input_cost_per_token: nullableNumber.optional(),
        output_cost_per_token: nullableNumber.optional(),
        mode: z.string().nullable().optional(),
      }),
    }),
  ),
});
export type ModelInfoResponse = z.infer<typeof ModelInfoResponse>;

/** POST /model/new: a deployment (needs store_model_in_db; LiteLLM then serves it with no restart). */
export const ModelNewRequest = z.looseObject({
  model_name: z.string(),
  litellm_params: z.looseObject({
    model: z.string(),
    api_base: z.string().optional(),
    api_key: z.string().optional(),
    input_cost_per_token: z.number().optional(),
    output_cost_per_token: z.number().optional(),
  }),
  model_info: z.looseObject({ mode: z.string().optional() }).optional(),
});
export type ModelNewRequest = z.infer<typeof ModelNewRequest>;
/** The stored row; its litellm_params values come back encrypted, so only the ids are read. */
export const ModelNewResponse = z.looseObject({ model_id: z.string(), model_name: z.string() });
export const ModelDeleteRequest = z.looseObject({ id: z.string() });
export const ModelDeleteResponse = z.looseObject({ message: z.string() });
/** LiteLLM's own price list (model_prices_and_context_window.json), keyed by model name. */
export const ModelCostMap = z.record(
  z.string(),
  z.looseObject({
    litellm_provider: z.string().optional(),
    mode: z.string().optional(),
    input_cost_per_token: z.number().optional(),
    output_cost_per_token: z.number().optional(),
  }),
);
export type ModelCostMap = z.infer<typeof ModelCostMap>;

/** A parsed Prometheus sample (the fixture's shape; the app parses the text exposition into it). */
export const MetricSample = z.object({
  name: z.string(),
  type: z.enum(['counter', 'gauge', 'histogram', 'summary', 'untyped']).optional(),
  labels: z.record(z.string(), z.string()),
  value: z.number(),
});
export type MetricSample = z.infer<typeof MetricSample>;
export const MetricSamples = z.array(MetricSample);
