// The wake service's view of the local models (GET /lifecycle on it), as every face shows it.
import { z } from 'zod';

export const ModelLifeState = z.enum(['awake', 'asleep', 'stopped', 'waking', 'sleeping']);
export type ModelLifeState = z.infer<typeof ModelLifeState>;

export const ModelLifecycleView = z.object({
  name: z.string(),
  state: ModelLifeState,
  /** The level it sleeps at; 0 while awake. */
  level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** False: its vLLM runs without sleep mode, so it is always awake (`enableWith` says how). */
  canSleep: z.boolean(),
  /** The setting that enables sleep mode, when it is off. */
  enableWith: z.string().nullable(),
  pinned: z.boolean(),
  idleMinutes: z.number(),
  /** VRAM it holds awake. */
  vramMiB: z.number(),
  lastUsedAt: z.string().nullable(),
  /** How long its last wake took. */
  lastWakeMs: z.number().nullable(),
  held: z.number(),
  inFlight: z.number(),
  /** The last failed wake or sleep, in words. */
  lastError: z.string().nullable(),
  /** Its last wake failed (held requests got a 503): the alert names it until a wake succeeds. */
  wakeFailed: z.boolean(),
});
export type ModelLifecycleView = z.infer<typeof ModelLifecycleView>;

export const LifecycleSnapshot = z.object({
  models: z.array(ModelLifecycleView),
  cardMiB: z.number(),
  marginPercent: z.number(),
  budgetMiB: z.number(),
  /** "Free the GPU" is on: every model sleeps and requests are refused until Resume. */
  freed: z.boolean(),
  /** What the service counted since it started. */
  counts: z.object({
    held: z.number(),
    expired: z.number(),
    failedWakes: z.number(),
    wakes: z.number(),
    sleeps: z.number(),
  }),
});
export type LifecycleSnapshot = z.infer<typeof LifecycleSnapshot>;

/** What the faces get: the snapshot, or why there is none (no wake service in this stack). */
export const LifecycleReport = z.object({
  lifecycle: LifecycleSnapshot.nullable(),
  error: z.string().nullable(),
});
export type LifecycleReport = z.infer<typeof LifecycleReport>;
