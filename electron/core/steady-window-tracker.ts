import { type LoadPoint, type SteadyWindow, steadyWindow } from './dust-tracker';
import { valueOf } from './gpu-reading';
import { normalizeBusId } from './gpu-thresholds';
import type { GpuSample } from './nvsmi-line';

/**
 * Per card: the last 6 minutes of load, the coolest low-power reading (T_idle), and at most one
 * steady-load window every 5 minutes. Pure state over samples; the live monitor and the scenario
 * replays both feed it.
 */
export class SteadyWindowTracker {
  private readonly load = new Map<string, LoadPoint[]>();
  private readonly lastWindowAt = new Map<string, number>();
  private readonly idleTemp = new Map<string, number>();

  add(s: GpuSample): { busId: string; window: SteadyWindow } | null {
    const bus = normalizeBusId(s.busId);
    const temp = valueOf(s.temperatureC);
    const power = valueOf(s.powerW);
    const limit = valueOf(s.powerLimitW);
    if (temp === null || power === null || limit === null) return null;
    // T_idle: the coolest reading at low power (30 °C until one is seen).
    if (power < 0.2 * limit) this.idleTemp.set(bus, Math.min(this.idleTemp.get(bus) ?? temp, temp));
    const pts = [
      ...(this.load.get(bus) ?? []).filter((p) => p.at >= s.at - 6 * 60_000),
      { at: s.at, temp, fan: valueOf(s.fanPercent), power, limit },
    ];
    this.load.set(bus, pts);
    if (s.at - (this.lastWindowAt.get(bus) ?? 0) < 5 * 60_000) return null;
    const w = steadyWindow(pts, s.at, this.idleTemp.get(bus) ?? 30);
    if (!w) return null;
    this.lastWindowAt.set(bus, s.at);
    return { busId: bus, window: w };
  }
}
