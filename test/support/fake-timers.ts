import { toDisposable } from '../../electron/core/disposable';
import type { Clock, Timers } from '../../electron/core/ports';

/** A clock and timers that move only when the test says so. */
export class FakeTime implements Clock, Timers {
  private t: number;
  private seq = 0;
  private readonly pending = new Map<
    number,
    { at: number; fn: () => void; every: number | null }
  >();

  constructor(start = Date.UTC(2026, 11, 1, 12, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn, every: null });
    return toDisposable(() => this.pending.delete(id));
  }

  setInterval(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn, every: ms });
    return toDisposable(() => this.pending.delete(id));
  }

  /** Runs every timer that falls due, in order, while time moves forward by ms. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.pending.entries()]
        .filter(([, p]) => p.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [id, p] = next;
      this.t = p.at;
      if (p.every === null) this.pending.delete(id);
      else p.at += p.every;
      p.fn();
    }
    this.t = end;
  }

  get timerCount(): number {
    return this.pending.size;
  }
}

export const flushPromises = async (rounds = 5): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
};

/**
 * Waits until `ok()` holds, for real I/O that a fake clock cannot move (a file write). A deadline
 * of seconds, never a fixed window: it returns as soon as the condition holds.
 */
export const waitFor = async (
  ok: () => boolean,
  what: string,
  deadlineMs = 10_000,
): Promise<void> => {
  const end = Date.now() + deadlineMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};
