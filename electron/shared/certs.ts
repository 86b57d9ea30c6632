import { z } from 'zod';

/** `hagw certs --json`. */
export const CertsReport = z.object({
  sites: z.array(
    z.object({
      host: z.string(),
      port: z.number().int(),
      status: z.enum(['ok', 'expiring', 'renewal-failing', 'expired', 'unreachable']),
      notAfter: z.string().nullable(),
      daysLeft: z.number().nullable(),
      issuer: z.string().nullable(),
      lastError: z.string().nullable(),
      since: z.string(),
    }),
  ),
});
export type CertsReport = z.infer<typeof CertsReport>;
