import type { GpuWeekReport } from '../shared/gpu';

/**
 * Per-minute summaries of each card (the last 7 days, for the week chart): the hottest reading
 * of the minute, and the mean fan and power. Pure: fed the live reports' values with their time,
 * it hands back each minute once it has closed.
 */
export interface GpuMinute {
  /** Minutes since the epoch (UTC). */
  minute: number;
  busId: string;
  index: number;
  tempMaxC: number | null;
  fanMeanPercent: number | null;
  powerMeanW: number | null;
  /** Mean memory used (absent in minutes written before the lifecycle). */
  memoryMeanMiB?: number | null;
  /** The local models' lifecycle during the minute: all awake, some asleep, all asleep. */
  life?: LifeClass | null;
}

/** The models' lifecycle, as the week's power is split by it (null: no wake service). */
export type LifeClass = 'awake' | 'some-asleep' | 'asleep';

export const weekMinutes = 7 * 24 * 60;

type Acc = {
  minute: number;
  index: number;
  temps: number[];
  fans: number[];
  powers: number[];
  memory: number[];
  life: LifeClass | null;
};

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;

export class GpuMinuteFolder {
  private readonly open = new Map<string, Acc>();

  /** One card's reading; returns the summary of a minute that this reading closed, if any. */
  add(
    at: number,
    card: {
      busId: string;
      index: number;
      temperatureC: number | null;
      fanPercent: number | null;
      powerW: number | null;
      memoryUsedMiB?: number | null;
    },
    life: LifeClass | null = null,
  ): GpuMinute | null {
    const minute = Math.floor(at / 60_000);
    const cur = this.open.get(card.busId);
    let closed: GpuMinute | null = null;
    if (cur && cur.minute !== minute) closed = summarize(card.busId, cur);
    const acc =
      cur && cur.minute === minute
        ? cur
        : { minute, index: card.index, temps: [], fans: [], powers: [], memory: [], life };
    // A minute is as asleep as its last reading says (a wake inside it makes it awake).
    acc.life = life;
    if (card.temperatureC !== null) acc.temps.push(card.temperatureC);
    if (card.memoryUsedMiB !== undefined && card.memoryUsedMiB !== null)
      acc.memory.push(card.memoryUsedMiB);
    if (card.fanPercent !== null) acc.fans.push(card.fanPercent);
    if (card.powerW !== null) acc.powers.push(card.powerW);
    this.open.set(card.busId, acc);
    return closed;
  }
}

const summarize = (busId: string, a: Acc): GpuMinute => ({
  minute: a.minute,
  busId,
  index: a.index,
  tempMaxC: a.temps.length === 0 ? null : Math.max(...a.temps),
  fanMeanPercent: mean(a.fans),
  powerMeanW: mean(a.powers),
  // Only when known: a line a minute per card stays as small as before the lifecycle.
  ...(a.memory.length > 0 ? { memoryMeanMiB: mean(a.memory) } : {}),
  ...(a.life !== null ? { life: a.life } : {}),
});

/** The week as columns per card (uPlot's shape: seconds, then one array per field). */
export const weekSeries = (rows: readonly GpuMinute[]): GpuWeekReport['gpus'] => {
  const cards = new Map<string, GpuWeekReport['gpus'][number]>();
  for (const r of rows) {
    let c = cards.get(r.busId);
    if (!c) {
      c = {
        busId: r.busId,
        index: r.index,
        t: [],
        tempMaxC: [],
        fanMeanPercent: [],
        powerMeanW: [],
      };
      cards.set(r.busId, c);
    }
    c.t.push(r.minute * 60);
    c.tempMaxC.push(r.tempMaxC);
    c.fanMeanPercent.push(r.fanMeanPercent);
    c.powerMeanW.push(r.powerMeanW);
  }
  return [...cards.values()].sort((a, b) => a.index - b.index);
};
