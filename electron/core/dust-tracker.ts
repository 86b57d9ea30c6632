// Dust on the cooler shows as a rising thermal resistance: the same power heats the card more,
// and the fan has to work harder. R = (T_gpu - T_idle) / P, measured only in windows of steady
// power (±10 % for >= 5 min at >= 50 % of the limit), kept as daily summaries (never raw samples)
// and compared with a baseline taken in the days after the last cleaning.

import { localDate } from './calendar-date';

export interface LoadPoint {
  at: number;
  temp: number;
  fan: number | null;
  power: number;
  limit: number;
}

export interface SteadyWindow {
  at: number;
  r: number;
  fan: number | null;
  power: number;
}

const fiveMinutes = 5 * 60_000;

const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The steady-power window ending now, if the last 5 minutes are one; null otherwise. */
export const steadyWindow = (
  points: readonly LoadPoint[],
  now: number,
  idleTempC: number,
): SteadyWindow | null => {
  const win = points.filter((p) => p.at >= now - fiveMinutes);
  if (win.length < 5 || (win[0]?.at ?? now) > now - fiveMinutes + 30_000) return null;
  const mean = win.reduce((a, p) => a + p.power, 0) / win.length;
  const limit = win[0]?.limit ?? 0;
  if (limit <= 0 || mean < 0.5 * limit || win.some((p) => Math.abs(p.power - mean) > 0.1 * mean))
    return null;
  const temp = win.reduce((a, p) => a + p.temp, 0) / win.length;
  const fans = win.map((p) => p.fan).filter((f): f is number => f !== null);
  return { at: now, r: (temp - idleTempC) / mean, fan: median(fans), power: mean };
};

export interface DaySummary {
  date: string;
  busId: string;
  /** Median R of the day's windows (°C per W), the fan at those windows, how many windows. */
  r: number;
  fan: number | null;
  windows: number;
}

export interface Baseline {
  busId: string;
  r: number;
  fan: number | null;
  from: string;
}

export interface DustState {
  days: DaySummary[];
  baselines: Baseline[];
  /** Today's windows, folded into `days` when the date changes. */
  today: { date: string; busId: string; rs: number[]; fans: number[] }[];
}

export const emptyDust = (): DustState => ({ days: [], baselines: [], today: [] });

// Days are the person's local days, like the cleaning reminder's.
const dayOf = (ms: number): string => localDate(ms);
const keepDays = 400;
/** The baseline is the median of the first days with data after a cleaning. */
const baselineDays = 3;

/** Adds one steady window; when the date moved on, yesterday becomes a DaySummary. */
export const addWindow = (s: DustState, busId: string, w: SteadyWindow): DustState => {
  const date = dayOf(w.at);
  const closed = s.today
    .filter((t) => t.date !== date && t.rs.length > 0)
    .map((t): DaySummary => ({
      date: t.date,
      busId: t.busId,
      r: median(t.rs)!,
      fan: median(t.fans),
      windows: t.rs.length,
    }));
  const open = s.today.filter((t) => t.date === date);
  const mine = open.find((t) => t.busId === busId) ?? { date, busId, rs: [], fans: [] };
  const next = {
    ...mine,
    rs: [...mine.rs, w.r].slice(-200),
    fans: w.fan === null ? mine.fans : [...mine.fans, w.fan].slice(-200),
  };
  return {
    ...s,
    days: [...s.days, ...closed].slice(-keepDays * 4),
    today: [...open.filter((t) => t.busId !== busId), next],
  };
};

/** Summaries of a card since `sinceDate` (inclusive), today's partial day included. */
const daysOf = (s: DustState, busId: string): DaySummary[] => [
  ...s.days.filter((d) => d.busId === busId),
  ...s.today
    .filter((t) => t.busId === busId && t.rs.length > 0)
    .map((t) => ({
      date: t.date,
      busId,
      r: median(t.rs)!,
      fan: median(t.fans),
      windows: t.rs.length,
    })),
];

/** Forms the baseline from the first days after the cleaning, once there are enough of them. */
export const withBaseline = (s: DustState, busId: string, cleanedOn: string): DustState => {
  if (s.baselines.some((b) => b.busId === busId && b.from >= cleanedOn)) return s;
  const after = daysOf(s, busId)
    .filter((d) => d.date >= cleanedOn)
    .slice(0, baselineDays);
  if (after.length < baselineDays) return s;
  const fans = after.map((d) => d.fan).filter((f): f is number => f !== null);
  const b: Baseline = {
    busId,
    r: median(after.map((d) => d.r))!,
    fan: median(fans),
    from: after[0]!.date,
  };
  return { ...s, baselines: [...s.baselines.filter((x) => x.busId !== busId), b] };
};

export interface DustTrend {
  busId: string;
  baselineR: number | null;
  recentR: number | null;
  changePercent: number | null;
  baselineFan: number | null;
  recentFan: number | null;
  days: number;
}

/** The last 7 days against the baseline. */
export const dustTrend = (s: DustState, busId: string, today: string): DustTrend => {
  // Calendar arithmetic on the date string itself (UTC midnight), so no time zone shifts it.
  const weekAgo = new Date(new Date(`${today}T00:00:00Z`).getTime() - 6 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const recent = daysOf(s, busId).filter((d) => d.date >= weekAgo && d.date <= today);
  const b = s.baselines.find((x) => x.busId === busId) ?? null;
  const recentR = median(recent.map((d) => d.r));
  const recentFan = median(recent.map((d) => d.fan).filter((f): f is number => f !== null));
  return {
    busId,
    baselineR: b?.r ?? null,
    recentR,
    changePercent: b && recentR !== null ? ((recentR - b.r) / b.r) * 100 : null,
    baselineFan: b?.fan ?? null,
    recentFan,
    days: recent.length,
  };
};

/** Dust alert: the 7-day median R more than 12 % above the baseline AND the fan working harder. */
export const dustSuspected = (t: DustTrend): boolean =>
  t.changePercent !== null &&
  t.changePercent > 12 &&
  t.days >= 3 &&
  (t.baselineFan === null || t.recentFan === null || t.recentFan > t.baselineFan);
