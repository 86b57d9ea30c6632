import type { Clock, Timers } from '../core/ports';
import { parsePrometheusText, sumMetricOrNull } from '../core/prometheus-text';
import { vllmMetricNames } from '../shared/vllm';
import { httpRequest } from './http-json';

/**
 * Batch lines give way to interactive traffic: while vLLM has more than `maxWaiting` requests
 * queued (vllm:num_requests_waiting), the worker takes no new line and asks again a second later.
 * vLLM unreachable (an Ollama-only stack, a restart) does not hold batches up: LiteLLM's own
 * errors and the retries deal with that.
 */
export class YieldGate {
  private lastAt = -Infinity;
  private lastWaiting: number | null = null;
  /** Lines that waited at the gate, for the log and the bench. */
  held = 0;

  constructor(
    private readonly o: {
      vllmUrl: string | null;
      maxWaiting: number;
      clock: Clock;
      timers: Timers;
      pollMs?: number;
    },
  ) {}

  async whenClear(): Promise<void> {
    let counted = false;
    for (;;) {
      const waiting = await this.waiting();
      if (waiting === null || waiting <= this.o.maxWaiting) return;
      if (!counted) this.held++;
      counted = true;
      await new Promise<void>((r) => this.o.timers.setTimeout(r, this.o.pollMs ?? 1000));
    }
  }

  /** vLLM's queue, read at most every half poll interval however many lines ask. */
  private async waiting(): Promise<number | null> {
    if (!this.o.vllmUrl) return null;
    const now = this.o.clock.now();
    if (now - this.lastAt < (this.o.pollMs ?? 1000) / 2) return this.lastWaiting;
    this.lastAt = now;
    try {
      const r = await httpRequest(`vLLM at ${this.o.vllmUrl}`, `${this.o.vllmUrl}/metrics`, {
        timeoutMs: 3000,
      });
      this.lastWaiting =
        r.status === 200
          ? sumMetricOrNull(parsePrometheusText(r.text), vllmMetricNames.waiting)
          : null;
    } catch {
      this.lastWaiting = null;
    }
    return this.lastWaiting;
  }
}
