import type { Disposable } from '../core/disposable';
import type { Clock, Timers } from '../core/ports';
import { parsePrometheusText, sumMetricOrNull } from '../core/prometheus-text';
import { vllmMetricNames } from '../shared/vllm';
import { httpRequest } from '../node/services/http-json';

export interface YieldGateOptions {
  vllmUrl: string | null;
  /** The wake service: a line never wakes a model while an interactive request waits. */
  wakerUrl?: string | null;
  /** vllm:num_requests_waiting above this is "interactive traffic is queueing". */
  maxWaiting: number;
  clock: Clock;
  timers: Timers;
  /** How often vLLM's queue is read while batch lines run, or while a line waits to start. */
  sampleMs?: number;
  /** After a busy reading, no new line starts until the queue has been clear this long. */
  quietMs?: number;
}

/**
 * Batch lines give way to interactive traffic: when vLLM has more than `maxWaiting` requests
 * queued (vllm:num_requests_waiting), no new line starts until the queue has been clear for
 * `quietMs`. The queue is read while batch lines run too: the moment a line ends, its slot goes to
 * the chat that waited behind it, so a reading taken only when the next line wants to start
 * would see an empty queue every time. vLLM unreachable (an Ollama-only stack, a restart) holds
 * nothing up: LiteLLM's own errors and the retries deal with that.
 */
export class YieldGate {
  private lastAt = -Infinity;
  private lastWaiting: number | null = null;
  private lastBusyAt = -Infinity;
  private inFlight = 0;
  private sampler: Disposable | null = null;
  /** Lines that waited at the gate, for the log and the bench. */
  held = 0;

  constructor(private readonly o: YieldGateOptions) {}

  private get sampleMs() {
    return this.o.sampleMs ?? 250;
  }

  async whenClear(model?: string): Promise<void> {
    let counted = false;
    for (;;) {
      await this.sample();
      const quiet = this.o.clock.now() - this.lastBusyAt >= (this.o.quietMs ?? 5000);
      if (quiet && (await this.turn(model))) return;
      if (!counted) this.held++;
      counted = true;
      await new Promise<void>((r) => this.o.timers.setTimeout(r, this.sampleMs));
    }
  }

  /** Runs a batch line's call, reading vLLM's queue all the while it is in flight. */
  async track<T>(call: Promise<T>): Promise<T> {
    if (this.inFlight++ === 0 && this.o.vllmUrl)
      this.sampler = this.o.timers.setInterval(() => void this.sample(), this.sampleMs);
    try {
      return await call;
    } finally {
      if (--this.inFlight === 0) {
        this.sampler?.dispose();
        this.sampler = null;
      }
    }
  }

  /**
   * The wake service's word: yes when the line's model is awake and keeps the card, or when no
   * interactive request waits for any model. Unreachable or unknown: yes (LiteLLM's errors and
   * the retries deal with a stack that is down).
   */
  private async turn(model: string | undefined): Promise<boolean> {
    if (!this.o.wakerUrl || !model) return true;
    try {
      const r = await httpRequest(
        `the wake service at ${this.o.wakerUrl}`,
        `${this.o.wakerUrl}/lifecycle/batch-turn?model=${encodeURIComponent(model)}`,
        { timeoutMs: 3000 },
      );
      return r.status !== 200 || (JSON.parse(r.text) as { go?: unknown }).go !== false;
    } catch {
      return true;
    }
  }

  /** One reading of vLLM's queue (at most one request per half sample interval). */
  private async sample(): Promise<void> {
    const waiting = await this.waiting();
    if (waiting !== null && waiting > this.o.maxWaiting) this.lastBusyAt = this.o.clock.now();
  }

  private async waiting(): Promise<number | null> {
    if (!this.o.vllmUrl) return null;
    const now = this.o.clock.now();
    if (now - this.lastAt < this.sampleMs / 2) return this.lastWaiting;
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
