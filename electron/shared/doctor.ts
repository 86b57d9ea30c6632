import { z } from 'zod';

/** `hagw doctor --json`. */
export const DoctorReport = z.object({
  findings: z.array(
    z.object({
      id: z.string(),
      severity: z.enum(['critical', 'warning', 'info']),
      service: z.string().nullable(),
      message: z.string(),
      fix: z.string(),
    }),
  ),
});
export type DoctorReport = z.infer<typeof DoctorReport>;
