import {
  checkGpuAlertLimits,
  defaultGpuAlertLimits,
  type GpuAlertLimits,
  gpuAlertLimitLabels,
  gpuAlertLimitRanges,
  resolveGpuAlertLimits,
} from '../core/gpu-alert-limits';
import { GatewayError } from '../core/gateway-error';
import type { Clock } from '../core/ports';
import type { GpuAlertLimitsReport } from '../shared/settings';
import type { SettingsFile } from '../node/storage/settings-file';

/**
 * The GPU alert thresholds in settings.json. The live monitor asks `current()` on every reading,
 * synchronously; it answers from memory and re-reads the file at most every `refreshMs`, so a
 * change made by `hagw gpu limits` over SSH reaches the running app within seconds.
 */
export class GpuAlertSettings {
  private resolved = resolveGpuAlertLimits(undefined);
  private stored: Record<string, unknown> = {};
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly settings: Pick<SettingsFile, 'read' | 'update'>,
    private readonly clock: Clock,
    private readonly refreshMs = 15_000,
  ) {}

  current(): GpuAlertLimits {
    if (this.clock.now() - this.readAt >= this.refreshMs && !this.reading)
      this.reading = this.load()
        .catch(() => undefined) // an unreadable file keeps the last limits; the doctor and CLI say why
        .finally(() => (this.reading = null));
    return this.resolved.limits;
  }

  async report(): Promise<GpuAlertLimitsReport> {
    await this.load();
    return this.view();
  }

  /** Refused whole, with every range, when any value is out of range: nothing half-applied. */
  async set(change: Readonly<Record<string, unknown>>): Promise<GpuAlertLimitsReport> {
    const refused = checkGpuAlertLimits(change);
    if (refused.length > 0) throw new GatewayError('BAD_INPUT', refused.join(' '));
    await this.settings.update((s) => {
      const next: Record<string, unknown> = { ...s.gpuAlerts, ...change };
      // A value back at its default is not kept: a better default later reaches this install too.
      for (const [k, v] of Object.entries(next))
        if (v === defaultGpuAlertLimits[k as keyof GpuAlertLimits]) delete next[k];
      return { ...s, gpuAlerts: next };
    });
    return this.report();
  }

  async reset(): Promise<GpuAlertLimitsReport> {
    // undefined: JSON.stringify leaves the field out of settings.json.
    await this.settings.update((s) => ({ ...s, gpuAlerts: undefined }));
    return this.report();
  }

  private async load(): Promise<void> {
    const s = await this.settings.read();
    this.stored = s.gpuAlerts ?? {};
    this.resolved = resolveGpuAlertLimits(this.stored);
    this.readAt = this.clock.now();
  }

  private view(): GpuAlertLimitsReport {
    const { limits, ignored } = this.resolved;
    return {
      limits,
      defaults: defaultGpuAlertLimits,
      ranges: gpuAlertLimitRanges,
      labels: gpuAlertLimitLabels,
      changed: (Object.keys(limits) as (keyof GpuAlertLimits)[]).filter(
        (k) => this.stored[k] !== undefined && this.stored[k] === limits[k],
      ),
      ignored,
    };
  }
}
