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

/** `hagw status --deep`: one tiny call through LiteLLM to a local route. */
export const RouteProbe = z.object({
  route: z.string(),
  service: z.string(),
  ok: z.boolean(),
  status: z.number().nullable(),
  ms: z.number(),
  error: z.string().nullable(),
});
export type RouteProbe = z.infer<typeof RouteProbe>;

/** `hagw status --json`. */
export const StatusReport = z.object({
  stack: StackSnapshot,
  litellm: EndpointProbe,
  /** No .env in the data directory yet: the app shows its first-run window (`hagw setup`). */
  setupNeeded: z.boolean(),
  generatedAt: z.string(),
  /** Only with --deep. */
  routes: z.array(RouteProbe).optional(),
});
export type StatusReport = z.infer<typeof StatusReport>;
