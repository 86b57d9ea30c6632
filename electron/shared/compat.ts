import { z } from 'zod';

/** Every check `hagw compat` runs, in the order it runs them; the id names what it checks. */
export const compatCheckIds = [
  'models',
  'chat',
  'chat.length',
  'stream',
  'stream.usage',
  'tools',
  'json-mode',
  'json-schema',
  'responses',
  'responses.stream',
  'errors.model',
  'errors.auth',
  'errors.budget',
  'embeddings',
] as const;
export type CompatCheckId = (typeof compatCheckIds)[number];

export const CompatCheck = z.object({
  id: z.enum(compatCheckIds),
  status: z.enum(['pass', 'fail', 'skip']),
  /** pass: what was seen; fail: expected vs got; skip: why. */
  detail: z.string(),
  ms: z.number(),
});
export type CompatCheck = z.infer<typeof CompatCheck>;

/** `hagw compat --json`, and what the dashboard's Compatibility panel shows per service. */
export const CompatReport = z.object({
  /** The base URL checked (ends in /v1). */
  target: z.string(),
  checks: z.array(CompatCheck),
  /** Time to the first streamed token, null when the stream check did not get one. */
  ttftMs: z.number().nullable(),
});
export type CompatReport = z.infer<typeof CompatReport>;

/** The last result per service (or "gateway" for a plain run), kept in compat.json. */
export const CompatHistory = z.object({
  results: z.array(
    z.object({
      service: z.string(),
      /** The image that was serving (repo@digest), when known. */
      image: z.string().nullable(),
      at: z.string(),
      report: CompatReport,
    }),
  ),
});
export type CompatHistory = z.infer<typeof CompatHistory>;

export const compatFailed = (r: CompatReport): CompatCheck[] =>
  r.checks.filter((c) => c.status === 'fail');
