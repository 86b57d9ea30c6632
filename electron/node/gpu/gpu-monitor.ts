import { type Disposable, DisposableStore, toDisposable } from '../../core/disposable';
import type { SteadyWindow } from '../../core/dust-tracker';
import type { GpuAlertLimits } from '../../core/gpu-alert-limits';
import { SteadyWindowTracker } from '../../core/steady-window-tracker';
import { firstLine } from '../../core/gateway-error';
import {
  evaluateGpuHealth,
  type GpuHealthState,
  initialGpuHealth,
  type GpuFinding,
} from '../../core/gpu-health';
import { GpuHistory } from '../../core/gpu-history';
import { toGpuReport } from '../../core/gpu-report';
import {
  fallbackThresholds,
  type GpuThresholds,
  normalizeBusId,
  parseThresholdsXml,
} from '../../core/gpu-thresholds';
import type { GpuSample } from '../../core/nvsmi-line';
import type { ChildSpawner, Clock, ProcessRunner, Timers } from '../../core/ports';
import { parseNvsmiLine } from '../../core/nvsmi-line';
import type { GpuHistoryReport, GpuReport } from '../../shared/gpu';
import { NvidiaSmiStream } from './nvidia-smi-stream';

export interface GpuMonitorOptions {
  executable: string;
  intervalMs: number;
  runner: ProcessRunner;
  clock: Clock;
  timers: Timers;
  spawner: ChildSpawner;
  env?: NodeJS.ProcessEnv;
  /** The operator's alert thresholds, asked on every reading (they change from Settings). */
  limits?: () => GpuAlertLimits;
}

/** The bus ids of "GPU is lost" lines: what nvidia-smi prints, alone, for a card already gone. */
const lostBusIds = (text: string, now: number): string[] =>
  text.split('\n').flatMap((l) => {
    const p = parseNvsmiLine(l.trim(), now);
    return p.kind === 'lost' ? [p.busId] : [];
  });

/** The live GPU view: stream -> health rules -> report, with the last good sample kept when stale. */
export class GpuMonitor implements Disposable {
  private readonly store = new DisposableStore();
  private readonly listeners = new Set<(r: GpuReport) => void>();
  private health: GpuHealthState = initialGpuHealth();
  private findings: GpuFinding[] = [];
  private thresholds = new Map<string, GpuThresholds>();
  private latest = new Map<string, GpuSample>();
  private lost: string[] = [];
  private error: string | null = null;
  private gotFirst = false;
  private readonly tracker = new SteadyWindowTracker();
  private readonly hour = new GpuHistory();
  private readonly windowListeners = new Set<(busId: string, w: SteadyWindow) => void>();

  constructor(private readonly o: GpuMonitorOptions) {}

  async start(): Promise<this> {
    // Thresholds are not in --query-gpu: read them once from the XML report.
    const xml = await this.o.runner.run(this.o.executable, ['-q', '-x'], {
      timeoutMs: 10_000,
      env: this.o.env,
    });
    const lostAtStart = lostBusIds(`${xml.stdout}\n${xml.stderr}`, this.o.clock.now());
    if (xml.code === 0) this.thresholds = parseThresholdsXml(xml.stdout);
    else if (lostAtStart.length > 0) this.onLost(lostAtStart, this.o.clock.now());
    else if (xml.code === 127) {
      this.error = `${this.o.executable} not found: install the NVIDIA driver, or set HAGW_NVIDIA_SMI.`;
      this.publish();
      return this;
    }
    this.store.add(
      new NvidiaSmiStream({
        executable: this.o.executable,
        intervalMs: this.o.intervalMs,
        clock: this.o.clock,
        timers: this.o.timers,
        spawner: this.o.spawner,
        env: this.o.env,
        onBatch: (b) => {
          if (b.samples.length === 0 && b.lost.length > 0) {
            this.onLost(b.lost, b.at);
            return;
          }
          const r = evaluateGpuHealth(this.health, {
            samples: b.samples,
            lost: b.lost,
            thresholds: this.thresholds,
            limits: this.o.limits?.(),
            now: b.at,
          });
          this.health = r.state;
          this.findings = r.findings;
          for (const s of b.samples) {
            this.latest.set(normalizeBusId(s.busId), s);
            // Keyed by the bus id as the report writes it, so the live points join the same series.
            this.hour.add(s);
            this.trackLoad(s);
          }
          this.lost = b.lost;
          this.error = null;
          this.gotFirst = true;
          this.publish();
        },
        onProblem: (p) => {
          if (p.kind === 'garbage') return;
          // While a card is lost, that is the error a person needs; the respawns are a detail.
          if (p.kind === 'exited' && this.lost.length > 0) return;
          this.error = firstLine(p.message);
          this.publish();
        },
      }).start(),
    );
    // Re-publish on a timer so a stalled stream shows as stale even with no new line.
    this.store.add(this.o.timers.setInterval(() => this.publish(), this.o.intervalMs));
    return this;
  }

  /** Only "GPU is lost" lines: the health rules get the lost cards and no samples. */
  private onLost(lost: string[], at: number): void {
    const r = evaluateGpuHealth(this.health, {
      samples: [],
      lost,
      thresholds: this.thresholds,
      limits: this.o.limits?.(),
      now: at,
    });
    this.health = r.state;
    this.findings = r.findings;
    this.lost = lost;
    this.error = `GPU ${lost.map(normalizeBusId).join(', ')} is lost (nvidia-smi: "GPU is lost"); reboot to recover it.`;
    this.gotFirst = true;
    this.publish();
  }

  report(): GpuReport {
    const now = this.o.clock.now();
    const stale = new Set(
      [...this.latest].filter(([, s]) => now - s.at > 3 * this.o.intervalMs).map(([bus]) => bus),
    );
    return toGpuReport({
      latest: [...this.latest.values()].sort((a, b) => a.index - b.index),
      lostBusIds: this.lost,
      thresholds: this.thresholds,
      findings: this.findings,
      staleBusIds: stale,
      error: this.error,
    });
  }

  /** The last hour per card, for the live chart, with each card's slowdown threshold. */
  history(): GpuHistoryReport['gpus'] {
    return this.hour.series().map((c) => ({
      ...c,
      slowdownC: (this.thresholds.get(normalizeBusId(c.busId)) ?? fallbackThresholds).slowdownC,
    }));
  }

  /** A steady-load window per card, at most one every 5 minutes: the dust tracker's input. */
  onSteadyWindow(fn: (busId: string, w: SteadyWindow) => void): Disposable {
    this.windowListeners.add(fn);
    return toDisposable(() => this.windowListeners.delete(fn));
  }

  private trackLoad(s: GpuSample): void {
    const hit = this.tracker.add(s);
    if (hit) for (const l of this.windowListeners) l(hit.busId, hit.window);
  }

  onReport(fn: (r: GpuReport) => void): Disposable {
    this.listeners.add(fn);
    return toDisposable(() => this.listeners.delete(fn));
  }

  /** The first report with samples, or with an error, within `timeoutMs`. */
  firstReport(timeoutMs: number): Promise<GpuReport> {
    if (this.gotFirst || this.error) return Promise.resolve(this.report());
    return new Promise((resolve) => {
      const timer = this.o.timers.setTimeout(() => {
        sub.dispose();
        this.error ??= `${this.o.executable} printed no reading within ${Math.round(timeoutMs / 1000)} s.`;
        resolve(this.report());
      }, timeoutMs);
      const sub = this.onReport((r) => {
        if (!this.gotFirst && !r.error) return;
        timer.dispose();
        sub.dispose();
        resolve(r);
      });
    });
  }

  dispose(): void {
    this.store.dispose();
    this.listeners.clear();
    this.windowListeners.clear();
  }

  private publish(): void {
    const r = this.report();
    for (const l of this.listeners) l(r);
  }
}
