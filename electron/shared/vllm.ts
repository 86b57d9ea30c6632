import { z } from 'zod';

/** vLLM's /v1/models: the OpenAI list plus root (HF repo or path) and max_model_len. */
export const VllmModelsResponse = z.looseObject({
  object: z.literal('list'),
  data: z.array(
    z.looseObject({
      id: z.string(),
      object: z.literal('model'),
      owned_by: z.string(),
      root: z.string().nullable(),
      max_model_len: z.number().int().nullable(),
    }),
  ),
});
export type VllmModelsResponse = z.infer<typeof VllmModelsResponse>;

/** The vLLM metrics the app reads; each must be present in a real V1 server's /metrics. */
export const vllmMetricNames = {
  waiting: 'vllm:num_requests_waiting',
  running: 'vllm:num_requests_running',
  kvCache: 'vllm:kv_cache_usage_perc',
  promptTokens: 'vllm:prompt_tokens_total',
  generationTokens: 'vllm:generation_tokens_total',
} as const;

/** vLLM's queue depth over the last hour, with the load advice's threshold and window. */
export interface QueueHistory {
  t: number[];
  waiting: number[];
  /** More than this many waiting for `windowMinutes` is "outgrown a single card". */
  threshold: number;
  windowMinutes: number;
}
