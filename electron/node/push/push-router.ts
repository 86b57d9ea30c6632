import type { Observation } from '../../core/alert-engine';
import { type Disposable, toDisposable } from '../../core/disposable';
import type { Clock, Timers } from '../../core/ports';
import { inQuietHours } from '../../core/quiet-hours';
import type { PushMessage, QuietHours } from '../../shared/notify';
import type { Warn } from '../storage/state-file';

/** Where a transition goes: a phone (ntfy), a Discord channel, a webhook, the desktop. */
export interface PushChannel {
  id: string;
  name: string;
  send(m: PushMessage): Promise<void>;
}

export interface PushRouterDeps {
  /**
   * The stored channels and the quiet hours, read in one go each time there is something to
   * route (a channel added from the CLI counts at once).
   */
  settings: () => Promise<{ channels: PushChannel[]; quietHours: QuietHours | null }>;
  clock: Clock;
  timers: Timers;
  warn: Warn;
  /** Waits between attempts; one attempt more than there are waits. */
  retryDelaysMs?: readonly number[];
}

interface Failing {
  name: string;
  error: string;
  /** Messages that ran out of retries on this channel since it last worked. */
  lost: number;
}

const maxQueued = 50;

/**
 * One router for every transition: each channel gets its own queue, so a channel that hangs or
 * answers 500 is retried with backoff without delaying the others or the alert tick. A failure
 * streak is logged once (no URL, it is a secret), and a channel that lost a message raises its own
 * alert until it works again. In quiet hours only criticals go out; the rest waits for the end of
 * them, and a firing that resolved in the meantime is never sent at all.
 */
export class PushRouter {
  private readonly extra = new Map<string, PushChannel>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, number>();
  private readonly failing = new Map<string, Failing>();
  private held: PushMessage[] = [];
  private disposed = false;

  constructor(private readonly deps: PushRouterDeps) {}

  /** A channel that lives in this process (the desktop), for as long as the subscription. */
  addChannel(c: PushChannel): Disposable {
    this.extra.set(c.id, c);
    return toDisposable(() => this.extra.delete(c.id));
  }

  /**
   * Queues the transitions on every channel and returns; delivery goes on in the background.
   * `localOnly`: only this process's channels (the desktop), for a face that is not the sender.
   */
  async route(messages: readonly PushMessage[], o: { localOnly?: boolean } = {}): Promise<void> {
    // Most ticks change nothing: no file to read then.
    if (messages.length === 0 && this.held.length === 0) return;
    const settings = await this.deps.settings().catch((e: unknown) => {
      this.deps.warn(`hagw: cannot read the push channels: ${(e as Error).message}`);
      return { channels: [], quietHours: null };
    });
    const quiet = inQuietHours(settings.quietHours, this.deps.clock.now());
    let now: PushMessage[];
    if (quiet) {
      this.held.push(...messages.filter((m) => m.severity !== 'critical'));
      now = messages.filter((m) => m.severity === 'critical');
    } else {
      now = [...settle(this.held), ...messages];
      this.held = [];
    }
    if (now.length === 0) return;
    const channels = [...(o.localOnly ? [] : settings.channels), ...this.extra.values()];
    for (const c of channels) for (const m of now) this.enqueue(c, m);
  }

  /** Every queue drained (tests, and a clean shutdown that wants its last message out). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /**
   * A channel that lost a message is an alert of its own, for as long as the channel exists: a
   * removed channel's alert goes with it (channels.json is read for that only when one is failing).
   */
  async observations(): Promise<Observation[]> {
    if (this.failing.size > 0) {
      const stored = await this.deps.settings().catch(() => null);
      if (stored)
        for (const id of [...this.failing.keys()])
          if (!stored.channels.some((c) => c.id === id) && !this.extra.has(id))
            this.failing.delete(id);
    }
    return [...this.failing.entries()]
      .filter(([, f]) => f.lost > 0)
      .map(([id, f]) => ({
        id: `notify:failing:${id}`,
        severity: 'warning' as const,
        source: 'notify' as const,
        title: `Push channel ${f.name} is failing`,
        message: `${f.lost} alert message${f.lost === 1 ? '' : 's'} could not be delivered to ${id} (${f.error}); check it with "hagw notify test ${id}".`,
      }));
  }

  dispose(): void {
    this.disposed = true;
  }

  private enqueue(c: PushChannel, m: PushMessage): void {
    const n = this.queued.get(c.id) ?? 0;
    if (n >= maxQueued) {
      this.fail(c, `more than ${maxQueued} messages waiting`, true);
      return;
    }
    this.queued.set(c.id, n + 1);
    const prev = this.queues.get(c.id) ?? Promise.resolve();
    const next = prev
      .then(() => this.deliver(c, m))
      .finally(() => {
        this.queued.set(c.id, (this.queued.get(c.id) ?? 1) - 1);
        if (this.queues.get(c.id) === next) this.queues.delete(c.id);
      });
    this.queues.set(c.id, next);
  }

  private async deliver(c: PushChannel, m: PushMessage): Promise<void> {
    const waits = this.deps.retryDelaysMs ?? [2_000, 10_000, 30_000];
    for (let attempt = 0; !this.disposed; attempt++) {
      try {
        await c.send(m);
        if (this.failing.delete(c.id)) this.deps.warn(`hagw: push channel ${c.id} works again.`);
        return;
      } catch (e) {
        const last = attempt >= waits.length;
        this.fail(c, (e as Error).message, last);
        if (last) return;
        await this.sleep(waits[attempt] ?? 0);
      }
    }
  }

  private fail(c: PushChannel, error: string, lost: boolean): void {
    const f = this.failing.get(c.id);
    if (!f)
      this.deps.warn(
        `hagw: push channel ${c.id} (${c.name}) failed: ${error}; retrying with backoff (logged once until it works again).`,
      );
    this.failing.set(c.id, {
      name: c.name,
      error,
      lost: (f?.lost ?? 0) + (lost ? 1 : 0),
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.timers.setTimeout(resolve, ms));
  }
}

/** Held messages, with every firing that resolved while held dropped together with its resolution. */
const settle = (held: readonly PushMessage[]): PushMessage[] => {
  const out: PushMessage[] = [];
  for (const m of held) {
    const firing =
      m.state === 'resolved' ? out.findIndex((x) => x.id === m.id && x.state === 'firing') : -1;
    if (firing >= 0) out.splice(firing, 1);
    else out.push(m);
  }
  return out;
};
