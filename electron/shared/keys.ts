import { z } from 'zod';

export const KeyView = z.object({
  alias: z.string().nullable(),
  tokenHash: z.string(),
  models: z.array(z.string()),
  spend: z.number(),
  maxBudget: z.number().nullable(),
  budgetDuration: z.string().nullable(),
  budgetResetAt: z.string().nullable(),
  /** null when the key has no budget. */
  budgetUsedPercent: z.number().nullable(),
  rpmLimit: z.number().nullable(),
  tpmLimit: z.number().nullable(),
  blocked: z.boolean(),
  /** The raw key is in the local vault, so "Copy key" works. */
  inVault: z.boolean(),
});
export type KeyView = z.infer<typeof KeyView>;

/** `hagw keys list --json`; `stale` when LiteLLM did not answer and this is the last known list. */
export const KeysReport = z.object({
  keys: z.array(KeyView),
  stale: z.boolean(),
  error: z.string().nullable(),
});
export type KeysReport = z.infer<typeof KeysReport>;

export const SnippetsDto = z.object({
  env: z.string(),
  python: z.string(),
  javascript: z.string(),
  curl: z.string(),
});

/** `hagw keys create`: the raw key, printed exactly once (it is also in the vault for Copy key). */
export const CreatedKey = z.object({
  key: KeyView,
  rawKey: z.string().startsWith('sk-'),
  snippets: SnippetsDto,
  /** Rotation only: the old key could not be deleted yet (still live until the next key command). */
  warning: z.string().optional(),
});
export type CreatedKey = z.infer<typeof CreatedKey>;

export const UsageRow = z.object({
  alias: z.string().nullable(),
  tokenHash: z.string(),
  spend: z.number(),
  maxBudget: z.number().nullable(),
  budgetUsedPercent: z.number().nullable(),
  resetsIn: z.string().nullable(),
  callsPerMinute: z.number(),
  tokensPerCall: z.object({
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    max: z.number().nullable(),
  }),
  savedThisMonthUsd: z.number(),
  suggestedBudgetUsd: z.number().nullable(),
});
export type UsageRow = z.infer<typeof UsageRow>;

/** `hagw usage --json`. */
export const UsageReport = z.object({
  keys: z.array(UsageRow),
  totalSpendUsd: z.number(),
  totalSavedThisMonthUsd: z.number(),
  stale: z.boolean(),
  error: z.string().nullable(),
});
export type UsageReport = z.infer<typeof UsageReport>;
