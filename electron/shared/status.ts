import { z } from 'zod';
import { StackSnapshot } from './stack';

export const EndpointProbe = z.object({
  url: z.string(),
  reachable: z.boolean(),
  /** e.g. LiteLLM's version from /health/readiness; null when unknown. */
  version: z.string().nullable(),
  error: z.string().nullable(),
});
export type EndpointProbe = z.infer<typeof EndpointProbe>;

/** `hagw status --json`. */
export const StatusReport = z.object({
  stack: StackSnapshot,
  litellm: EndpointProbe,
  /** No .env in the data directory yet: the app shows its first-run window (`hagw setup`). */
  setupNeeded: z.boolean(),
  generatedAt: z.string(),
});
export type StatusReport = z.infer<typeof StatusReport>;
