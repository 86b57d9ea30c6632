import { type Disposable, DisposableStore } from '../../core/disposable';
import {
  type Advisory,
  queueAdvice,
  type TimedValue,
  utilisationAdvice,
} from '../../core/load-advisor';
import type { Clock, Timers } from '../../core/ports';
import { parsePrometheusText, sumMetricOrNull } from '../../core/prometheus-text';
import type { GpuReport } from '../../shared/gpu';
import { vllmMetricNames } from '../../shared/vllm';
import { httpRequest } from '../services/http-json';

const keepMs = 65 * 60_000;

/** An hour of GPU utilisation and vLLM queue depth, for the load advisories. */
export class LoadWatch implements Disposable {
  private readonly store = new DisposableStore();
  private util: TimedValue[] = [];
  private waiting: TimedValue[] = [];

  constructor(
    private readonly vllmUrl: string,
    private readonly clock: Clock,
    private readonly timers: Timers,
  ) {}

  start(pollMs = 15_000): this {
    this.store.add(this.timers.setInterval(() => void this.pollQueue(), pollMs));
    return this;
  }

  /** Mean utilisation of all cards in one report. */
  onGpuReport(r: GpuReport): void {
    const vals = r.gpus.map((g) => g.utilizationPercent).filter((v): v is number => v !== null);
    if (vals.length === 0) return;
    const now = this.clock.now();
    this.util = [
      ...this.util.filter((x) => x.at >= now - keepMs),
      { at: now, value: vals.reduce((a, b) => a + b, 0) / vals.length },
    ];
  }

  advisories(): Advisory[] {
    const now = this.clock.now();
    return [utilisationAdvice(this.util, now).advisory, queueAdvice(this.waiting, now)].filter(
      (a): a is Advisory => a !== null,
    );
  }

  /** vLLM's queue depth over the last hour, oldest first (x in seconds), for the chart. */
  queueHistory(): { t: number[]; waiting: number[] } {
    const from = this.clock.now() - 60 * 60_000;
    const recent = this.waiting.filter((x) => x.at >= from);
    return { t: recent.map((x) => x.at / 1000), waiting: recent.map((x) => x.value) };
  }

  dispose(): void {
    this.store.dispose();
  }

  private async pollQueue(): Promise<void> {
    // The sample is of the moment it was asked for, however long the answer takes.
    const now = this.clock.now();
    try {
      const r = await httpRequest(`vLLM at ${this.vllmUrl}`, `${this.vllmUrl}/metrics`, {
        timeoutMs: 5000,
      });
      if (r.status !== 200) return;
      // A family with no samples (vLLM still loading its model) is unknown: no sample, not a 0.
      const waiting = sumMetricOrNull(parsePrometheusText(r.text), vllmMetricNames.waiting);
      if (waiting === null) return;
      this.waiting = [
        ...this.waiting.filter((x) => x.at >= now - keepMs),
        { at: now, value: waiting },
      ];
    } catch {
      // vLLM down or loading: no queue sample; the stack state already says why.
    }
  }
}
