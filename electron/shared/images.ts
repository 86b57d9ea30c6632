import { z } from 'zod';

export const ImagePin = z.object({
  service: z.string(),
  /** The .env variable that selects the image (VLLM_IMAGE), or null when the compose file hard-codes it. */
  variable: z.string().nullable(),
  reference: z.string(),
  pinned: z.boolean(),
  digest: z.string().nullable(),
  /** The tag a pinned image was pulled from, kept so "update and re-pin" knows what to pull. */
  source: z.string().nullable(),
});
export type ImagePin = z.infer<typeof ImagePin>;

/** `hagw stack images --json` and `hagw stack pin --json`. */
export const ImagesReport = z.object({
  images: z.array(ImagePin),
  /** Only for pin: what changed and what failed, per service. */
  pinned: z.array(z.string()).optional(),
  failed: z.array(z.object({ service: z.string(), error: z.string() })).optional(),
});
export type ImagesReport = z.infer<typeof ImagesReport>;

/** One service's update: what it ran, what it was offered, and what happened. */
export const ImageUpdate = z.object({
  service: z.string(),
  /** The tag the update pulled (the pin's source). */
  tag: z.string().nullable(),
  fromDigest: z.string().nullable(),
  toDigest: z.string().nullable(),
  fromCreated: z.string().nullable(),
  toCreated: z.string().nullable(),
  releaseNotes: z.string().nullable(),
  /** held: a digest younger than the wait (settings minImageAgeDays, 7 days), left alone. */
  outcome: z.enum(['up-to-date', 'updated', 'rolled-back', 'failed', 'held']),
  /** When a held digest may be taken (ISO). */
  eligibleAt: z.string().nullable().optional(),
  /** Checks the new image failed that the old one passed (rolled-back). */
  failedChecks: z.array(z.object({ id: z.string(), detail: z.string() })),
  /** Checks that failed before and after: reported, not held against the new image. */
  stillFailing: z.array(z.string()),
  message: z.string(),
});
export type ImageUpdate = z.infer<typeof ImageUpdate>;

/** `hagw stack update --json`. */
export const UpdateReport = z.object({ updates: z.array(ImageUpdate) });
export type UpdateReport = z.infer<typeof UpdateReport>;

/** A pinned image whose tag now points at another digest: offered, never applied on its own. */
export const UpdateOffer = z.object({
  service: z.string(),
  tag: z.string(),
  current: z.string(),
  available: z.string(),
  /** When the new digest has waited long enough to be taken (ISO): first seen + the wait. */
  eligibleAt: z.string().nullable().optional(),
});
export type UpdateOffer = z.infer<typeof UpdateOffer>;
