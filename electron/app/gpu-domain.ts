import { DisposableStore, type Disposable } from '../core/disposable';
import { queueThreshold, type Advisory } from '../core/load-advisor';
import type { Clock, ProcessRunner, Timers } from '../core/ports';
import type { QueueHistory } from '../shared/vllm';
import type { GpuMinuteStore } from '../node/gpu/gpu-minute-store';
import { GpuMonitor } from '../node/gpu/gpu-monitor';
import { LoadWatch } from '../node/gpu/load-watch';
import { nodeChildSpawner } from '../node/platform/node-child-spawner';
import type { FailureLine } from '../node/platform/failure-line';
import type { GpuAlertSettings } from './gpu-alert-settings';
import type { MaintenanceService } from './maintenance-service';

/** The card: the live monitor, its alert limits and week history, vLLM's load, and its upkeep. */
export interface GpuDomain {
  /** The live GPU monitor, started on first use and disposed with the application. */
  monitor(): Promise<GpuMonitor>;
  /** The GPU alert thresholds the operator may move (in settings.json), within their ranges. */
  limits: GpuAlertSettings;
  /** The last week of per-minute GPU summaries (gpu-minutes/ in the data directory). */
  minutes: GpuMinuteStore;
  /** Load advisories from the live monitor and vLLM's queue (empty until the monitor runs). */
  loadAdvice(): Advisory[];
  /** vLLM's queue depth over the last hour (empty until the monitor and its load watch run). */
  queueHistory(): QueueHistory;
  /** The dust reminder and the cleaning dates (settings.json). */
  maintenance: MaintenanceService;
}

export interface GpuDomainDeps {
  executable: string;
  vllmUrl: string;
  runner: ProcessRunner;
  clock: Clock;
  timers: Timers;
  env: NodeJS.ProcessEnv;
  limits: GpuAlertSettings;
  minutes: GpuMinuteStore;
  maintenance: MaintenanceService;
  failures: Pick<FailureLine, 'run'>;
}

/**
 * The monitor starts on first use (one-shot commands never pay for it) and brings its load watch
 * and the dust windows with it; both are disposed with the domain.
 */
export const createGpuDomain = (d: GpuDomainDeps): GpuDomain & Disposable => {
  const store = new DisposableStore();
  let monitor: Promise<GpuMonitor> | null = null;
  let watch: LoadWatch | null = null;
  const start = async () => {
    const m = store.add(
      await new GpuMonitor({
        executable: d.executable,
        intervalMs: 2000,
        runner: d.runner,
        clock: d.clock,
        timers: d.timers,
        spawner: nodeChildSpawner,
        env: d.env,
        limits: () => d.limits.current(),
      }).start(),
    );
    // Steady-load windows feed the dust trend in settings.json.
    store.add(
      m.onSteadyWindow((bus, w) =>
        d.failures.run('recording a steady-load window for the dust trend', () =>
          d.maintenance.recordWindow(bus, w),
        ),
      ),
    );
    // Load advice runs with the live monitor (the app, hagw ui), not in one-shot commands.
    const w = store.add(new LoadWatch(d.vllmUrl, d.clock, d.timers).start());
    store.add(m.onReport((r) => w.onGpuReport(r)));
    watch = w;
    return m;
  };
  return {
    monitor: () => (monitor ??= start()),
    limits: d.limits,
    minutes: d.minutes,
    maintenance: d.maintenance,
    loadAdvice: () => watch?.advisories() ?? [],
    queueHistory: () => ({
      ...(watch?.queueHistory() ?? { t: [], waiting: [] }),
      threshold: queueThreshold.waiting,
      windowMinutes: queueThreshold.minutes,
    }),
    dispose: () => store.dispose(),
  };
};
