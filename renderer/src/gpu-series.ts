import type { GpuHistoryReport, GpuReport } from '../../electron/shared/gpu';

export type GpuSeries = GpuHistoryReport['gpus'][number];

const hourS = 3600;
/** Same bound as the server's buffer: an open window never holds more than this per card. */
const maxPoints = 3600;

/**
 * One live report appended to the hour the chart shows (time in seconds from this machine's
 * clock, which is the server's for the loopback dashboard and the app). A stale reading is not a
 * new point; a card not seen before starts its own series.
 */
export const appendReport = (
  hist: readonly GpuSeries[],
  report: GpuReport,
  nowS: number,
): GpuSeries[] => {
  const out = hist.map((g) => ({ ...g }));
  for (const g of report.gpus) {
    if (g.stale) continue;
    let s = out.find((x) => x.busId === g.busId);
    if (!s) {
      s = {
        busId: g.busId,
        index: g.index,
        name: g.name,
        slowdownC: g.thresholds.slowdownC,
        t: [],
        temperatureC: [],
        fanPercent: [],
        powerW: [],
      };
      out.push(s);
    }
    if (s.t.length > 0 && nowS <= s.t[s.t.length - 1]!) continue;
    // Older than an hour, or beyond the cap once this point is added: dropped from the front.
    let from = 0;
    while (from < s.t.length && (s.t[from]! < nowS - hourS || s.t.length - from >= maxPoints))
      from++;
    s.t = [...s.t.slice(from), nowS];
    s.temperatureC = [...s.temperatureC.slice(from), g.temperatureC];
    s.fanPercent = [...s.fanPercent.slice(from), g.fanPercent];
    s.powerW = [...s.powerW.slice(from), g.powerW];
  }
  return out.sort((a, b) => a.index - b.index);
};

const range = (xs: readonly (number | null)[]): [number, number] | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : [Math.min(...v), Math.max(...v)];
};

/** The chart's text alternative: each series' range over the window, with its unit. */
export const describeSeries = (g: GpuSeries): string => {
  const part = (label: string, xs: readonly (number | null)[], unit: string) => {
    const r = range(xs);
    if (!r) return `${label} not reported`;
    const [lo, hi] = r.map((x) => Math.round(x));
    return lo === hi ? `${label} ${lo} ${unit}` : `${label} ${lo}–${hi} ${unit}`;
  };
  const minutes = g.t.length < 2 ? 0 : Math.round((g.t[g.t.length - 1]! - g.t[0]!) / 60);
  return `GPU ${g.index} (${g.name}), last ${minutes} min: ${part('temperature', g.temperatureC, '°C')}${
    g.slowdownC === null ? '' : ` (slows down at ${g.slowdownC} °C)`
  }, ${part('fan', g.fanPercent, '%')}, ${part('power', g.powerW, 'W')}.`;
};
