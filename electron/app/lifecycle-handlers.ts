import { GatewayError, toErrorInfo } from '../core/gateway-error';
import { idleMinutesProblem, vramMarginProblem } from '../core/lifecycle-settings';
import type { ContractHandlers } from '../shared/contract';
import type { LifecycleReport, LifecycleSnapshot } from '../shared/lifecycle';
import type { App } from './create-app';

type LifecycleChannel = Extract<keyof ContractHandlers, `lifecycle.${string}`>;

const bad = (field: string, what: string, reason: string) =>
  Promise.reject(new GatewayError('BAD_INPUT', `${what} ${reason}`, { field, reason }));

const report = (s: LifecycleSnapshot): LifecycleReport => ({ lifecycle: s, error: null });

/**
 * The models' lifecycle (the wake service): the Models view's states, the tray's and the
 * dashboard's Free the GPU and Resume, `hagw models sleep|wake|resume|set`. Ranges are checked
 * here, before the call, and again by the service.
 */
export const lifecycleHandlers = (
  gw: Pick<App, 'models'>,
): Pick<ContractHandlers, LifecycleChannel> => {
  // Read at each call: a composition without a wake service still builds its handlers.
  const w = () => gw.models.lifecycle;
  return {
    // Read-only: a stack without a wake service (no GPU) says so instead of failing the view.
    'lifecycle.get': () =>
      Promise.resolve()
        .then(() => w().snapshot())
        .then(report, (e: unknown) => ({ lifecycle: null, error: toErrorInfo(e).message })),
    'lifecycle.sleep': async (models) => report(await w().sleep(models)),
    'lifecycle.resume': async () => report(await w().resume()),
    'lifecycle.wake': async (model) => report(await w().wake(model)),
    'lifecycle.setModel': async (model, change) => {
      if (change.idleMinutes !== undefined) {
        const why = idleMinutesProblem(change.idleMinutes);
        if (why) return bad('idleMinutes', 'the idle time', why);
      }
      return report(await w().setModel(model, change));
    },
    'lifecycle.setMargin': async (percent) => {
      const why = vramMarginProblem(percent);
      if (why) return bad('percent', 'the VRAM margin', why);
      return report(await w().setMargin(percent));
    },
  };
};
