import { z } from 'zod';

export const Finding = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const ModelProfile = z.object({
  name: z.string(),
  description: z.string(),
  composeProfiles: z.array(z.string()),
  env: z.record(z.string(), z.string()),
});
export type ModelProfile = z.infer<typeof ModelProfile>;

/** `hagw setup --json`. Secrets are never in it: only which keys were written or kept. */
export const SetupReport = z.object({
  envFile: z.string(),
  dryRun: z.boolean(),
  written: z.array(z.string()),
  kept: z.array(z.string()),
  backup: z.string().nullable(),
  /** What else setup changed: merged duplicate lines, a tightened data directory. */
  changes: z.array(z.string()),
  profile: ModelProfile,
  gpus: z.array(z.object({ index: z.number(), name: z.string(), memoryTotalMiB: z.number() })),
  findings: z.array(Finding),
});
export type SetupReport = z.infer<typeof SetupReport>;
