import type { GpuReport } from '../shared/gpu';
import { GpuMonitor } from '../node/gpu/gpu-monitor';
import type { App } from './create-app';
import { nodeChildSpawner } from '../node/platform/node-child-spawner';
import { NodeProcessRunner } from '../node/platform/node-process-runner';
import { systemClock, systemTimers } from '../node/platform/system-clock';

/** One reading through the same stream reader the tray uses (for the CLI's one-shot commands). */
export const readGpuOnce = async (
  gw: Pick<App, 'config' | 'env' | 'gpu'>,
  timeoutMs = 8000,
): Promise<GpuReport> => {
  // The operator's thresholds, read now; a settings file that does not read leaves the defaults.
  await gw.gpu.limits.report().catch(() => undefined);
  const monitor = await new GpuMonitor({
    executable: gw.config.nvidiaSmi ?? 'nvidia-smi',
    intervalMs: 1000,
    runner: new NodeProcessRunner(),
    clock: systemClock,
    timers: systemTimers,
    spawner: nodeChildSpawner,
    env: gw.env,
    limits: () => gw.gpu.limits.current(),
  }).start();
  try {
    return await monitor.firstReport(timeoutMs);
  } finally {
    monitor.dispose();
  }
};
