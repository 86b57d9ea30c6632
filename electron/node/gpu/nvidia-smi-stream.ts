import type { Disposable } from '../../core/disposable';
import type { ChildSpawner, Clock, RunningChild, Timers } from '../../core/ports';
import {
  gpuQueryFields,
  legacyGpuQueryFields,
  type GpuSample,
  parseNvsmiLine,
} from '../../core/nvsmi-line';

/** The whole lines a stream's chunks make; a partial last line waits for the rest of it. */
const lineBuffer = () => {
  let rest = '';
  return (chunk: string): string[] => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    return lines;
  };
};

export interface GpuBatch {
  samples: GpuSample[];
  lost: string[];
  at: number;
}

export type StreamProblem =
  | { kind: 'not-found'; message: string }
  | { kind: 'silent'; message: string }
  | { kind: 'exited'; message: string }
  | { kind: 'garbage'; message: string };

export interface NvidiaSmiStreamOptions {
  executable: string;
  intervalMs: number;
  clock: Clock;
  timers: Timers;
  spawner: ChildSpawner;
  env?: NodeJS.ProcessEnv;
  /** How long the first line may take (a cold driver, a busy host); later lines get 3 intervals. */
  startupGraceMs?: number;
  onBatch: (b: GpuBatch) => void;
  onProblem: (p: StreamProblem) => void;
}

/**
 * One long-lived `nvidia-smi --query-gpu=... --format=csv,noheader,nounits -lms N` child (a spawn
 * per poll costs ~20 ms and a wedged driver can hang it), read line by line, off the event loop's
 * critical path. Watchdog: no line for 3 intervals (10 s for the first) -> kill and respawn. Exit -> respawn with
 * backoff (1 s doubling to 30 s). Drivers that reject the clocks_event_reasons names get the older
 * clocks_throttle_reasons ones.
 */
export class NvidiaSmiStream implements Disposable {
  private child: RunningChild | null = null;
  private sawLine = false;
  private stopped = false;
  private legacy = false;
  private backoffMs = 1000;
  private watchdog: Disposable | null = null;
  private retry: Disposable | null = null;
  private flushTimer: Disposable | null = null;
  private pending: GpuBatch = { samples: [], lost: [], at: 0 };

  constructor(private readonly o: NvidiaSmiStreamOptions) {}

  start(): this {
    this.spawnChild();
    return this;
  }

  dispose(): void {
    this.stopped = true;
    this.watchdog?.dispose();
    this.retry?.dispose();
    this.flushTimer?.dispose();
    this.child?.kill();
  }

  private spawnChild(): void {
    if (this.stopped) return;
    const fields = this.legacy ? legacyGpuQueryFields : gpuQueryFields;
    const args = [
      `--query-gpu=${fields.join(',')}`,
      '--format=csv,noheader,nounits',
      '-lms',
      String(this.o.intervalMs),
    ];
    const out = lineBuffer();
    const err = lineBuffer();
    let invalidField = false;
    this.sawLine = false;
    let child: RunningChild | null = null;
    child = this.o.spawner.spawn(this.o.executable, args, this.o.env, {
      stdout: (chunk) => {
        if (this.child !== child) return;
        const lines = out(chunk);
        for (const line of lines) {
          if (/is not a valid field to query/.test(line)) invalidField = true;
          else this.onLine(line);
        }
        this.sawLine ||= lines.length > 0;
        this.armWatchdog();
      },
      // Which stream carries "GPU is lost" for a card lost mid-stream is not recorded here: stderr
      // is read for it too (only that line; the rest of stderr is not a reading).
      stderr: (chunk) => {
        if (this.child !== child) return;
        for (const line of err(chunk)) {
          if (/is not a valid field to query/.test(line)) invalidField = true;
          else if (/GPU is lost/.test(line)) this.onLine(line);
        }
      },
      error: (code) => {
        if (code !== 'ENOENT') return;
        this.watchdog?.dispose();
        this.o.onProblem({
          kind: 'not-found',
          message: `${this.o.executable} not found: install the NVIDIA driver, or set HAGW_NVIDIA_SMI.`,
        });
        this.stopped = true;
      },
      exit: (code, signal) => {
        if (this.child !== child) return;
        this.child = null;
        this.watchdog?.dispose();
        if (this.stopped) return;
        if (invalidField && !this.legacy) {
          this.legacy = true;
          this.spawnChild();
          return;
        }
        this.flush();
        this.o.onProblem({
          kind: 'exited',
          message: `nvidia-smi exited (${signal ?? `code ${String(code)}`}); restarting it in ${Math.round(this.backoffMs / 1000)} s.`,
        });
        this.retry = this.o.timers.setTimeout(() => this.spawnChild(), this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
      },
    });
    this.child = child;
    this.armWatchdog();
  }

  private armWatchdog(): void {
    this.watchdog?.dispose();
    const ms = this.sawLine
      ? 3 * this.o.intervalMs
      : Math.max(3 * this.o.intervalMs, this.o.startupGraceMs ?? 10_000);
    this.watchdog = this.o.timers.setTimeout(() => {
      this.o.onProblem({
        kind: 'silent',
        message: `nvidia-smi printed nothing for ${(ms / 1000).toFixed(1)} s (a wedged driver?); restarting it.`,
      });
      this.child?.kill();
    }, ms);
  }

  private onLine(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    const now = this.o.clock.now();
    const parsed = parseNvsmiLine(line, now);
    switch (parsed.kind) {
      case 'sample':
        // Index 0 again means a new interval: the previous batch is complete.
        if (this.pending.samples.some((s) => s.index >= parsed.sample.index)) this.flush();
        this.backoffMs = 1000;
        this.pending.samples.push(parsed.sample);
        break;
      case 'lost':
        this.pending.lost.push(parsed.busId);
        break;
      case 'header':
        this.o.onProblem({
          kind: 'garbage',
          message: 'nvidia-smi printed a header although none was asked for; ignored.',
        });
        return;
      case 'garbage':
        this.o.onProblem({
          kind: 'garbage',
          message: `Unreadable nvidia-smi line (${parsed.reason}): ${line.slice(0, 80)}`,
        });
        return;
    }
    this.pending.at = now;
    // All GPUs of one interval arrive together: flush shortly after the last of them.
    this.flushTimer?.dispose();
    this.flushTimer = this.o.timers.setTimeout(
      () => this.flush(),
      Math.min(200, this.o.intervalMs / 4),
    );
  }

  private flush(): void {
    this.flushTimer?.dispose();
    if (this.pending.samples.length === 0 && this.pending.lost.length === 0) return;
    const batch = this.pending;
    this.pending = { samples: [], lost: [], at: 0 };
    this.o.onBatch(batch);
  }
}
