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
