import { GatewayError, toErrorInfo } from '../core/gateway-error';
import type {
  ContractHandlers,
  InvokeChannel,
  InvokeResult,
  InvokeResults,
} from '../shared/contract';
import { gpuHandlers } from './gpu-handlers';
import { keyHandlers } from './key-handlers';
import { lifecycleHandlers } from './lifecycle-handlers';
import { modelHandlers } from './model-handlers';
import { notifyHandlers } from './notify-handlers';
import { argumentProblem, invokeArgs } from '../shared/contract-args';
import type { App } from './create-app';
import type { LoginItem } from '../node/platform/login-item';
import { checkGatewayNow } from './compat-session';
import type { Supervisor } from './supervisor';

export type { ContractHandlers } from '../shared/contract';

/** What the handlers use of the supervisor that hosts them. */
export type HandlerSupervisor = Pick<Supervisor, 'startStack' | 'currentAlerts' | 'updateImages'>;

/** What only the tray app's shell can do (absent in `hagw ui`). */
export interface ShellAbilities {
  loginItem?: LoginItem;
  /** How to get a tray icon on this desktop, when it shows none. */
  trayHint?: () => string | null;
}

/** The contract's one implementation; Electron's IPC and the `hagw ui` bridge both dispatch here. */
export const createContractHandlers = (
  gw: App,
  sup: HandlerSupervisor,
  shell: ShellAbilities = {},
): ContractHandlers => ({
  'status.get': () => gw.stack.status(),
  'stack.up': async () => (await sup.startStack()).stack,
  'stack.down': () => gw.stack.controller.down(),
  // As the tray's Restart: the answer comes once the services are healthy again.
  'stack.restart': (service) =>
    gw.stack.controller.restart(service, { wait: true, timeoutMs: 300_000 }),
  // The app shows at most the last 500 lines; the renderer cannot ask for the whole history.
  'stack.images': async () => ({ images: await gw.stack.images.list() }),
  'stack.update': (service) => sup.updateImages(service === undefined ? [] : [service]),
  'compat.results': async () => ({ results: await gw.safety.compat.list() }),
  'compat.run': () => checkGatewayNow(gw),
  'setup.run': (dryRun) => gw.stack.setup({ dryRun: dryRun === true }),
  ...gpuHandlers(gw),
  ...keyHandlers(gw.keys),
  'certs.get': () => gw.safety.certs(),
  'doctor.run': () => gw.safety.doctor(),
  'alerts.list': () => sup.currentAlerts(),
  'alerts.act': async (id, action) => {
    const alert = (await sup.currentAlerts()).alerts.find((a) => a.id === id);
    if (!alert || !alert.actions.some((a) => a.id === action))
      throw new GatewayError('BAD_INPUT', `Alert ${id} has no action ${action}.`);
    const day = 86_400_000;
    if (action === 'block-key' && alert.target)
      await gw.keys.service.setBlocked(alert.target, true);
    else if (action === 'restart-service' && alert.target)
      await gw.stack.controller.restart(alert.target, { wait: true, timeoutMs: 300_000 });
    else if (action === 'mark-cleaned')
      await gw.gpu.maintenance.cleaned(gw.gpu.maintenance.today());
    else if (action === 'snooze-1d' || action === 'snooze-1w') {
      if (alert.source === 'maintenance')
        await gw.gpu.maintenance.snooze(action === 'snooze-1d' ? '1d' : '1w');
      await gw.alerts.center.snooze(alert.id, action === 'snooze-1d' ? day : 7 * day);
    }
    return sup.currentAlerts();
  },
  ...notifyHandlers(gw),
  ...modelHandlers(gw),
  ...lifecycleHandlers(gw),
  'remote.get': () => gw.remote.status(),
  // The dashboard starts a tunnel whose secret is already in the .env; it never takes one.
  'remote.enable': (kind) => gw.remote.enableWithStoredSecret(kind),
  'remote.disable': (kind) => gw.remote.disable(kind),
  'app.info': async () => ({
    dataDir: gw.config.dataDir,
    envFile: gw.config.envFile,
    composeFiles: [...gw.config.composeFiles],
    gatewayUrl: await gw.stack.gatewayUrl(),
    trayHint: shell.trayHint?.() ?? null,
  }),
  'settings.startAtLogin': async (open) => {
    const { loginItem } = shell;
    if (open === undefined || !loginItem) {
      if (open !== undefined)
        throw new GatewayError(
          'BAD_INPUT',
          'Start at login belongs to the tray app: set it in its Settings view.',
        );
      return {
        startAtLogin: loginItem ? await loginItem.get() : false,
        supported: loginItem !== undefined,
      };
    }
    const on = open === true;
    await gw.settings.update((s) => ({ ...s, startAtLogin: on }));
    await loginItem.set(on);
    return { startAtLogin: await loginItem.get(), supported: true };
  },
  // At most the last 500 lines (the schema): the renderer cannot ask for the whole history.
  'stack.logs': (service, tail) => gw.stack.controller.logs(service, tail ?? 500),
});

/**
 * The one way into the handlers, for every face: the arguments are parsed against the channel's
 * schema at the trust boundary (the renderer is not trusted), a bad one is BAD_INPUT naming the
 * field, and every throw becomes data, so a failing call never leaks a stack trace across IPC.
 */
export const dispatch = async <K extends InvokeChannel>(
  handlers: Pick<ContractHandlers, K>,
  channel: K,
  args: unknown,
): Promise<InvokeResult<K>> => {
  const problem = argumentProblem(channel, args);
  if (problem)
    return {
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: problem.message,
        field: problem.field,
        reason: problem.reason,
      },
    };
  try {
    const parsed = invokeArgs[channel].parse(args) as unknown[];
    const fn = handlers[channel] as unknown as (...a: unknown[]) => Promise<InvokeResults[K]>;
    return { ok: true, value: await fn(...parsed) };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
};
