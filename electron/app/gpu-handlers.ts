import { parseDate } from '../core/cleaning-reminder';
import { GatewayError } from '../core/gateway-error';
import { weekSeries } from '../core/gpu-minutes';
import { lifecycleEnergy } from '../core/lifecycle-energy';
import type { ContractHandlers } from '../shared/contract';
import type { App } from './create-app';

type GpuChannel =
  | Extract<keyof ContractHandlers, `gpu.${string}` | `maintenance.${string}`>
  | 'load.queue'
  | 'settings.gpuAlerts';

const day = 86_400_000;

/**
 * The card's channels: readings, history, vLLM's queue, the cleaning reminder and the alert
 * thresholds; the dashboard, the tray and `hagw maintenance` / `hagw gpu limits` call these.
 */
export const gpuHandlers = (
  gw: Pick<App, 'gpu' | 'alerts' | 'clock'>,
): Pick<ContractHandlers, GpuChannel> => {
  // Read at each call: a face that never uses these channels need not have them wired.
  const m = () => gw.gpu.maintenance;
  return {
    'gpu.get': async () => (await gw.gpu.monitor()).report(),
    'gpu.history': async () => ({ gpus: (await gw.gpu.monitor()).history() }),
    'load.queue': () => Promise.resolve(gw.gpu.queueHistory()),
    'gpu.week': async () => {
      const rows = await gw.gpu.minutes.week(gw.clock.now());
      return { gpus: weekSeries(rows), lifecycle: lifecycleEnergy(rows) };
    },
    'maintenance.get': () => m().status(),
    'maintenance.cleaned': (date) => {
      const d = parseDate(date ?? m().today(), m().today());
      if (typeof d !== 'string')
        return Promise.reject(
          new GatewayError('BAD_INPUT', d.error, { field: 'date', reason: d.error }),
        );
      return m().cleaned(d);
    },
    // The reminder and its alert are snoozed together, whichever face asked.
    'maintenance.snooze': async (how) => {
      const report = await m().snooze(how);
      await gw.alerts.center.snooze('maintenance:cleaning-due', (how === '1d' ? 1 : 7) * day);
      return report;
    },
    'settings.gpuAlerts': (change) =>
      change === undefined
        ? gw.gpu.limits.report()
        : change === 'reset'
          ? gw.gpu.limits.reset()
          : gw.gpu.limits.set(change),
  };
};
