import { z } from 'zod';

export const AlertDto = z.object({
  id: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  source: z.string(),
  title: z.string(),
  message: z.string(),
  since: z.string(),
  snoozedUntil: z.string().nullable(),
  actions: z.array(z.object({ id: z.string(), label: z.string() })),
  target: z.string().nullable(),
});
export type AlertDto = z.infer<typeof AlertDto>;

/** `hagw alerts --json` and the dashboard's alert list. */
export const AlertsReport = z.object({ alerts: z.array(AlertDto) });
export type AlertsReport = z.infer<typeof AlertsReport>;
