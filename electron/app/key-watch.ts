import type { Observation } from '../core/alert-engine';
import { keyObservations } from '../core/key-alerts';
import type { KeyService } from './key-service';

/**
 * The tray's view of the keys for alerts: every tick reads the list and usage once, and keeps an
 * hour of calls-per-minute per key, whose median is each key's own "usual" for the runaway rule.
 */
export class KeyWatch {
  private readonly rates = new Map<string, { at: number; perMinute: number }[]>();

  constructor(
    private readonly keys: KeyService,
    private readonly runawayCapPerMinute: () => number | null,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async observations(): Promise<Observation[]> {
    const { keys: report, usage, logs } = await this.keys.snapshot();
    if (report.stale || usage.stale) return [];
    const now = this.now();
    const medians = new Map<string, number>();
    for (const u of usage.keys) {
      const history = (this.rates.get(u.tokenHash) ?? []).filter((r) => r.at >= now - 60 * 60_000);
      // The usual rate is the median of earlier minutes: the current one must not raise its own bar,
      // and reading twice in a minute (tray tick + dashboard) must not change the answer.
      const earlier = history
        .filter((r) => r.at < now - 55_000)
        .map((r) => r.perMinute)
        .sort((a, b) => a - b);
      medians.set(u.tokenHash, earlier[Math.floor(earlier.length / 2)] ?? 0);
      const last = history.at(-1);
      this.rates.set(
        u.tokenHash,
        last && now - last.at < 55_000
          ? history
          : [...history, { at: now, perMinute: u.callsPerMinute }],
      );
    }
    return keyObservations(report, usage.keys, {
      runawayCapPerMinute: this.runawayCapPerMinute(),
      medianCallsPerMinute: medians,
      logs,
    });
  }
}
