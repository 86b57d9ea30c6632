import { z } from 'zod';

export const GpuFindingDto = z.object({
  id: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
});

export const GpuDto = z.object({
  index: z.number().int(),
  name: z.string(),
  busId: z.string(),
  /** null when the card does not report it; findings say why. Never 0 for "unknown". */
  temperatureC: z.number().nullable(),
  fanPercent: z.number().nullable(),
  powerW: z.number().nullable(),
  powerLimitW: z.number().nullable(),
  utilizationPercent: z.number().nullable(),
  memoryUsedMiB: z.number().nullable(),
  memoryTotalMiB: z.number().nullable(),
  thresholds: z.object({
    slowdownC: z.number().nullable(),
    shutdownC: z.number().nullable(),
    targetC: z.number().nullable(),
  }),
  throttle: z.object({ hwThermal: z.boolean().nullable(), swThermal: z.boolean().nullable() }),
  health: z.enum(['ok', 'warning', 'critical', 'lost']),
  /** The reading is older than 3 intervals (the stream stalled): shown, but marked. */
  stale: z.boolean(),
  findings: z.array(GpuFindingDto),
});
export type GpuDto = z.infer<typeof GpuDto>;

/** `hagw gpu --json`. */
export const GpuReport = z.object({ gpus: z.array(GpuDto), error: z.string().nullable() });
export type GpuReport = z.infer<typeof GpuReport>;

/** One card's readings as columns, as uPlot takes them: seconds, then a column per field. */
export interface GpuSeries {
  busId: string;
  index: number;
  name: string;
  t: number[];
  temperatureC: (number | null)[];
  fanPercent: (number | null)[];
  powerW: (number | null)[];
}

/** The last hour per card, each with the slowdown temperature (or the fallback) drawn as a line. */
export interface GpuHistoryReport {
  gpus: (GpuSeries & { slowdownC: number | null })[];
}

/** The last 7 days per card, a point a minute: the hottest reading, the mean fan and power. */
export interface GpuWeekReport {
  gpus: {
    busId: string;
    index: number;
    t: number[];
    tempMaxC: (number | null)[];
    fanMeanPercent: (number | null)[];
    powerMeanW: (number | null)[];
  }[];
  /** Power and memory by the models' lifecycle over the week, and what sleeping saved. */
  lifecycle?: {
    byState: {
      state: 'awake' | 'some-asleep' | 'asleep';
      minutes: number;
      meanPowerW: number | null;
      meanMemoryMiB: number | null;
    }[];
    savedWh: number | null;
  };
}
