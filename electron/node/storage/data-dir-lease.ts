import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type Disposable, DisposableStore, toDisposable } from '../../core/disposable';
import type { Clock, Timers } from '../../core/ports';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { withFileMutex } from './file-mutex';
import { processAlive, processStart } from '../platform/process-alive';

const LeaseFile = z.object({
  owner: z.string(),
  pid: z.number(),
  host: z.string(),
  what: z.string(),
  renewedAt: z.number(),
  /** The holder's start (processStart): a live pid that started at another time is not it. */
  start: z.string().nullable().optional(),
});
type LeaseFile = z.infer<typeof LeaseFile>;

export interface LeaseHolder {
  held(): boolean;
  /** Who holds it now ("hagw monitor, pid 123"), for a face to say why it sends nothing. */
  holder(): string | null;
  onChange(fn: (held: boolean) => void): Disposable;
}

/**
 * One sender per data directory: the tray app, `hagw monitor` and `hagw ui` may all run on one
 * host, and only the holder of sender.lease pushes alerts. The holder renews it every `checkMs`;
 * anyone may take a lease not renewed for `ttlMs`, or one whose process on this host is gone, so
 * a crashed holder is replaced within ttl + check (40 + 10 s by default). Read-and-write happens
 * under the data directory's mutex, so two contenders never both win.
 */
export class DataDirLease implements LeaseHolder, Disposable {
  private readonly store = new DisposableStore();
  private readonly listeners = new Set<(held: boolean) => void>();
  private readonly id = randomBytes(8).toString('hex');
  private readonly path: string;
  private isHeld = false;
  private current: LeaseFile | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly what: string,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly o: {
      checkMs: number;
      ttlMs: number;
      alive?: (pid: number) => boolean;
      startOf?: (pid: number) => string | null;
      /** A release that fails (the lease then lapses after its ttl, as after a crash). */
      warn?: (line: string) => void;
    },
  ) {
    this.path = join(dataDir, 'sender.lease');
  }

  /** Tries at once, then on every check; resolves after the first try. */
  async start(): Promise<this> {
    this.store.add(this.timers.setInterval(() => void this.check(), this.o.checkMs));
    await this.check();
    return this;
  }

  held(): boolean {
    return this.isHeld;
  }

  holder(): string | null {
    return this.current ? `${this.current.what}, pid ${this.current.pid}` : null;
  }

  onChange(fn: (held: boolean) => void): Disposable {
    this.listeners.add(fn);
    return toDisposable(() => this.listeners.delete(fn));
  }

  /** One check; concurrent callers share it. */
  check(): Promise<void> {
    this.checking ??= this.claim().finally(() => (this.checking = null));
    return this.checking;
  }

  /** Gives the lease up (a clean exit hands over at once, not after the ttl). */
  async release(): Promise<void> {
    this.store.dispose();
    if (!this.isHeld) return;
    this.set(false, null);
    await withFileMutex(this.lockDir(), async () => {
      const now = await this.read();
      if (now?.owner === this.id) await rm(this.path, { force: true });
    }).catch((e: unknown) =>
      this.o.warn?.(
        `hagw: handing the alert lease over failed (${e instanceof Error ? e.message : String(e)}); another app takes it once it lapses`,
      ),
    );
  }

  dispose(): void {
    void this.release();
  }

  private lockDir(): string {
    return join(this.dataDir, '.sender.lock');
  }

  private async read(): Promise<LeaseFile | null> {
    const text = await readFileIfExists(this.path).catch(() => null);
    if (text === null) return null;
    try {
      const parsed = LeaseFile.safeParse(JSON.parse(text));
      // A lease that does not parse is nobody's: it is rewritten, never trusted.
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async claim(): Promise<void> {
    try {
      const mine = await withFileMutex(this.lockDir(), async () => {
        const now = this.clock.now();
        const lease = await this.read();
        const alive = this.o.alive ?? processAlive;
        const startOf = this.o.startOf ?? processStart;
        // The holder is gone when its pid is, or when that pid now names a process that started
        // at another time (pid 1, or a pid reused after a crash).
        const gone = (l: LeaseFile) => {
          if (!alive(l.pid)) return true;
          const started = l.start ? startOf(l.pid) : null;
          return started !== null && started !== l.start;
        };
        const free =
          lease === null ||
          lease.owner === this.id ||
          now - lease.renewedAt > this.o.ttlMs ||
          // Renewed "in the future" (a clock set back, a crafted file) never ages: stale.
          lease.renewedAt - now > this.o.checkMs ||
          (lease.host === hostname() && gone(lease));
        if (!free) return lease;
        const next: LeaseFile = {
          owner: this.id,
          pid: process.pid,
          host: hostname(),
          what: this.what,
          renewedAt: now,
          start: startOf(process.pid),
        };
        // Renewed every check: whole on disk (rename), but not worth an fsync each time.
        await writeFileAtomic(this.path, `${JSON.stringify(next)}\n`, 0o600, false);
        return next;
      });
      this.set(mine?.owner === this.id, mine);
    } catch {
      // The data directory is unwritable or the mutex is busy: not the sender this round.
      this.set(false, this.current);
    }
  }

  private set(held: boolean, lease: LeaseFile | null): void {
    this.current = lease;
    if (held === this.isHeld) return;
    this.isHeld = held;
    for (const fn of [...this.listeners]) fn(held);
  }
}
