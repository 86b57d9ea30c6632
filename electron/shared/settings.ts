import { z } from 'zod';

export const settingsVersion = 1;

/** The one settings file in the data directory, shared by the app and the CLI. */
export const Settings = z.looseObject({
  version: z.number().int(),
  /** The tray app at login: on after first-run setup, off from Settings. Unset: not decided yet. */
  startAtLogin: z.boolean().optional(),
  /** false: never ask OSV about the pinned images (doctor and the daily check). Default on. */
  advisoryCheck: z.boolean().optional(),
  /** false: never free the GPU on its own when another program uses it heavily. Default on. */
  autoFreeGpu: z.boolean().optional(),
  /** Days a new image digest must have been public before an update takes it (default 7). */
  minImageAgeDays: z.number().int().min(0).max(365).optional(),
  /** The GPU alert thresholds the operator changed (core/gpu-alert-limits); the rest default. */
  gpuAlerts: z.record(z.string(), z.unknown()).optional(),
  maintenance: z
    .object({ lastCleaned: z.string(), snoozedUntil: z.string().nullable() })
    .optional(),
  dust: z
    .object({
      days: z.array(
        z.object({
          date: z.string(),
          busId: z.string(),
          r: z.number(),
          fan: z.number().nullable(),
          windows: z.number(),
        }),
      ),
      baselines: z.array(
        z.object({
          busId: z.string(),
          r: z.number(),
          fan: z.number().nullable(),
          from: z.string(),
        }),
      ),
      today: z.array(
        z.object({
          date: z.string(),
          busId: z.string(),
          rs: z.array(z.number()),
          fans: z.array(z.number()),
        }),
      ),
    })
    .optional(),
});
export type Settings = z.infer<typeof Settings>;

/** `hagw maintenance status --json`. */
export const MaintenanceReport = z.object({
  lastCleaned: z.string(),
  /** false: no cleaning (or first run) is recorded yet; lastCleaned is today, counted from. */
  recorded: z.boolean().optional(),
  nextDue: z.string(),
  due: z.boolean(),
  snoozedUntil: z.string().nullable(),
  trend: z.array(
    z.object({
      busId: z.string(),
      baselineR: z.number().nullable(),
      recentR: z.number().nullable(),
      changePercent: z.number().nullable(),
      baselineFan: z.number().nullable(),
      recentFan: z.number().nullable(),
      days: z.number(),
      dustSuspected: z.boolean(),
    }),
  ),
  /** Each card's daily thermal resistance (°C per W under steady load) since the last cleaning. */
  days: z.array(z.object({ date: z.string(), busId: z.string(), r: z.number() })),
});
export type MaintenanceReport = z.infer<typeof MaintenanceReport>;

const limitsShape = z.object({
  marginC: z.number(),
  spinUpC: z.number().nullable(),
  siblingGapC: z.number(),
});

/** `hagw gpu limits --json` and the Settings form: what is in force, its defaults and ranges. */
export const GpuAlertLimitsReport = z.object({
  limits: limitsShape,
  defaults: limitsShape,
  ranges: z.record(z.string(), z.object({ min: z.number(), max: z.number() })),
  labels: z.record(z.string(), z.string()),
  /** The names the operator changed from their default. */
  changed: z.array(z.string()),
  /** Stored values not used (out of range after a hand edit), each with why. */
  ignored: z.array(z.string()),
});
export type GpuAlertLimitsReport = z.infer<typeof GpuAlertLimitsReport>;
