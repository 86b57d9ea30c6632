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
    const report = await this.keys.list();
    if (report.stale) return [];
    const usage = await this.keys.usage();
    if (usage.stale) return [];
    const now = this.now();
    const medians = new Map<string, number>();
    for (const u of usage.keys) {
      const history = (this.rates.get(u.tokenHash) ?? []).filter((r) => r.at >= now - 60 * 60_000);
      const sorted = history.map((r) => r.perMinute).sort((a, b) => a - b);
      medians.set(u.tokenHash, sorted[Math.floor(sorted.length / 2)] ?? 0);
      this.rates.set(u.tokenHash, [...history, { at: now, perMinute: u.callsPerMinute }]);
    }
    const logs = await this.keys.recentLogs();
    return keyObservations(report, usage.keys, {
      runawayCapPerMinute: this.runawayCapPerMinute(),
      medianCallsPerMinute: medians,
      logs,
    });
  }
}
