import { toErrorInfo } from '../../core/gateway-error';
import type { Warn } from '../storage/state-file';

/**
 * One warning line per failing background job, never a silent one: "hagw: <what> failed: <why>"
 * the first time, again only when the reason changes, and nothing more until the job has
 * succeeded once (a job that fails every 15 s must not fill the journal).
 */
export class FailureLine {
  private readonly last = new Map<string, string>();

  constructor(private readonly warn: Warn) {}

  /** The rejection handler for one run of `what`. */
  report(what: string): (e: unknown) => void {
    return (e) => {
      const why = toErrorInfo(e).message;
      if (this.last.get(what) === why) return;
      this.last.set(what, why);
      this.warn(`hagw: ${what} failed: ${why}`);
    };
  }

  /** Runs `fn`; a failure is reported, a success lets the next failure be told again. */
  run(what: string, fn: () => Promise<unknown>): void {
    fn().then(() => this.last.delete(what), this.report(what));
  }

  /** `fn`'s result, or `fallback` with the failure reported. */
  async or<T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const v = await fn();
      this.last.delete(what);
      return v;
    } catch (e) {
      this.report(what)(e);
      return fallback;
    }
  }
}
