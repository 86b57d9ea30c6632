import { z } from 'zod';

// The OpenAI Files and Batches API shapes the batch service answers with (the official clients
// parse them), and the operator's view of them (`hagw batch list --json`, the dashboard).

export const batchStatuses = [
  'validating',
  'failed',
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/** The statuses a batch never leaves. */
export const finishedBatchStatuses: readonly BatchStatus[] = [
  'failed',
  'completed',
  'expired',
  'cancelled',
];

/** The endpoints a batch line may call: the two the gateway serves. */
export const batchEndpoints = ['/v1/chat/completions', '/v1/embeddings'] as const;
export type BatchEndpoint = (typeof batchEndpoints)[number];

export const BatchErrorItem = z.object({
  code: z.string(),
  message: z.string(),
  param: z.string().nullable(),
  line: z.number().int().nullable(),
});
export type BatchErrorItem = z.infer<typeof BatchErrorItem>;

export const BatchRequestCounts = z.object({
  total: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
});
export type BatchRequestCounts = z.infer<typeof BatchRequestCounts>;

/** OpenAI's batch object; times are Unix seconds. */
export const BatchObject = z.object({
  id: z.string(),
  object: z.literal('batch'),
  endpoint: z.string(),
  errors: z.object({ object: z.literal('list'), data: z.array(BatchErrorItem) }).nullable(),
  input_file_id: z.string(),
  completion_window: z.string(),
  status: z.enum(batchStatuses),
  output_file_id: z.string().nullable(),
  error_file_id: z.string().nullable(),
  created_at: z.number().int(),
  in_progress_at: z.number().int().nullable(),
  expires_at: z.number().int().nullable(),
  finalizing_at: z.number().int().nullable(),
  completed_at: z.number().int().nullable(),
  failed_at: z.number().int().nullable(),
  expired_at: z.number().int().nullable(),
  cancelling_at: z.number().int().nullable(),
  cancelled_at: z.number().int().nullable(),
  request_counts: BatchRequestCounts,
  metadata: z.record(z.string(), z.string()).nullable(),
});
export type BatchObject = z.infer<typeof BatchObject>;

/** OpenAI's file object. */
export const FileObject = z.object({
  id: z.string(),
  object: z.literal('file'),
  bytes: z.number().int(),
  created_at: z.number().int(),
  expires_at: z.number().int().optional(),
  filename: z.string(),
  purpose: z.enum(['batch', 'batch_output']),
  status: z.enum(['uploaded', 'processed', 'error']),
});
export type FileObject = z.infer<typeof FileObject>;

/** One batch as the operator sees it: every key's, with the key's hash (LiteLLM's token). */
export const BatchView = BatchObject.extend({
  /** sha256 of the key that created it: LiteLLM's token, so /key/list names the app. */
  owner: z.string(),
  /** The app's key alias, joined from LiteLLM's key list (null when that key is gone). */
  app: z.string().nullable(),
});
export type BatchView = z.infer<typeof BatchView>;

/** `hagw batch list --json` and the dashboard's Batches view. */
export const BatchesReport = z.object({
  batches: z.array(BatchView),
  /** Why the list is empty when it could not be read (the batch service is not running). */
  error: z.string().nullable(),
});
export type BatchesReport = z.infer<typeof BatchesReport>;

/** OpenAI's error body: what every non-2xx answer of the batch service carries. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
