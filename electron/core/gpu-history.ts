import type { GpuSeries } from '../shared/gpu';
import type { Reading } from './gpu-reading';

/** One hour of readings per card, for the live chart: at a 2 s interval, 1,800 points. */
export const historyWindowMs = 3_600_000;
/** A hard cap whatever the interval, so a fast stream cannot grow the buffer without bound. */
export const historyMaxPoints = 3_600;

const value = (r: Reading): number | null => (r.kind === 'value' ? r.value : null);

/**
 * The last hour of temperature, fan and power per card, bounded in time and count. Pure: the
 * monitor feeds it each sample with the sample's own time.
 */
export class GpuHistory {
  private readonly cards = new Map<string, GpuSeries>();

  add(s: {
    at: number;
    busId: string;
    index: number;
    name: string;
    temperatureC: Reading;
    fanPercent: Reading;
    powerW: Reading;
  }): void {
    let c = this.cards.get(s.busId);
    if (!c) {
      c = {
        busId: s.busId,
        index: s.index,
        name: s.name,
        t: [],
        temperatureC: [],
        fanPercent: [],
        powerW: [],
      };
      this.cards.set(s.busId, c);
    }
    c.t.push(s.at / 1000);
    c.temperatureC.push(value(s.temperatureC));
    c.fanPercent.push(value(s.fanPercent));
    c.powerW.push(value(s.powerW));
    const oldest = (s.at - historyWindowMs) / 1000;
    let drop = 0;
    while (drop < c.t.length && (c.t[drop]! < oldest || c.t.length - drop > historyMaxPoints))
      drop++;
    if (drop > 0)
      for (const col of [c.t, c.temperatureC, c.fanPercent, c.powerW]) col.splice(0, drop);
  }

  /** Every card's columns, by index; copies, so a caller cannot change the buffer. */
  series(): GpuSeries[] {
    return [...this.cards.values()]
      .sort((a, b) => a.index - b.index)
      .map((c) => ({
        ...c,
        t: [...c.t],
        temperatureC: [...c.temperatureC],
        fanPercent: [...c.fanPercent],
        powerW: [...c.powerW],
      }));
  }
}
