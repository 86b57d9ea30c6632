// What `hagw models` and the dashboard's Models view show: LiteLLM's routes next to what vLLM and
// Ollama actually serve, with prices and the apps allowed to call each route.
import { z } from 'zod';

export const ModelDeployment = z.object({
  /** Where LiteLLM sends the calls (litellm_params.api_base); null for a cloud provider's default. */
  apiBase: z.string().nullable(),
  /** Whether that server lists the model in its /v1/models now; null when it was not asked. */
  serving: z.boolean().nullable(),
});
export type ModelDeployment = z.infer<typeof ModelDeployment>;

export const ModelRow = z.object({
  name: z.string(),
  kind: z.enum(['local', 'cloud']),
  servedBy: z.enum(['vllm', 'ollama']).nullable(),
  /** LiteLLM's litellm_params.model (provider/model); null for a served model with no route. */
  route: z.string().nullable(),
  inputCostPerToken: z.number().nullable(),
  outputCostPerToken: z.number().nullable(),
  /** App key aliases whose allowlist names this route. */
  apps: z.array(z.string()),
  /** What is wrong, said so that it can be fixed: served but not routed, routed to nothing, 0/0. */
  problem: z.string().nullable(),
  /** One per LiteLLM deployment sharing this name (its router balances across them). */
  deployments: z.array(ModelDeployment),
  /** Added with `hagw models add` (LiteLLM's database), so `hagw models remove` can take it out. */
  removable: z.boolean(),
});
export type ModelRow = z.infer<typeof ModelRow>;

export const ModelsReport = z.object({
  models: z.array(ModelRow),
  error: z.string().nullable(),
});
export type ModelsReport = z.infer<typeof ModelsReport>;

export const AuditCall = z.object({
  at: z.string(),
  app: z.string().nullable(),
  model: z.string(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  status: z.enum(['success', 'error']),
  durationMs: z.number().nullable(),
  cost: z.number(),
});
export type AuditCall = z.infer<typeof AuditCall>;

export const AuditReport = z.object({
  calls: z.array(AuditCall),
  /** LiteLLM writes spend logs in batches (proxy_batch_write_at): the newest seconds may be missing. */
  stale: z.boolean(),
  error: z.string().nullable(),
});
export type AuditReport = z.infer<typeof AuditReport>;

/** LiteLLM's spend-log table now and its size once 30 days are kept (the dashboard's audit view). */
export const SpendLogGrowthView = z.object({
  rows: z.number(),
  bytes: z.number(),
  rowsPerDay: z.number(),
  projectedBytes: z.number(),
  freeBytes: z.number().nullable(),
  /** The doctor's warning with its fix, or null while the projection fits the disk. */
  warning: z.string().nullable(),
});
export type SpendLogGrowthView = z.infer<typeof SpendLogGrowthView>;

/** The dashboard's audit filters; `since` as `hagw audit --since` takes it (30m, 24h, 7d; 30d at most). */
export interface AuditQuery {
  since: string;
  app?: string;
  model?: string;
  status?: 'success' | 'error';
}
