import { parseDate } from '../core/cleaning-reminder';
import { GatewayError, toErrorInfo } from '../core/gateway-error';
import type { InvokeChannel, InvokeChannels, InvokeResult } from '../shared/contract';
import type { Gateway } from './gateway';
import type { LoginItem } from './login-item';
import { parseSince } from '../core/audit-calls';
import { parseModelSpec } from '../core/model-spec';
import { weekSeries } from '../core/gpu-minutes';
import type { TunnelKind } from '../core/remote-access';
import { checkGatewayNow } from './compat-session';
import { testChannels } from './notify-test';
import type { Supervisor } from './supervisor';

const tunnelKind = (kind: unknown): TunnelKind => {
  if (kind === 'tailscale' || kind === 'cloudflare') return kind;
  throw new GatewayError('BAD_INPUT', 'A tunnel is tailscale or cloudflare.');
};

export type ContractHandlers = {
  [K in InvokeChannel]: (
    ...args: InvokeChannels[K]['args']
  ) => Promise<InvokeChannels[K]['result']>;
};

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
  gw: Gateway,
  sup: HandlerSupervisor,
  shell: ShellAbilities = {},
): ContractHandlers => ({
  'status.get': () => gw.status(),
  'stack.up': async () => (await sup.startStack()).stack,
  'stack.down': () => gw.stack.down(),
  'stack.restart': (service?: string) => gw.stack.restart(service),
  // The app shows at most the last 500 lines; the renderer cannot ask for the whole history.
  'stack.images': async () => ({ images: await gw.images.list() }),
  'stack.update': (service?: string) =>
    sup.updateImages(service === undefined ? [] : [String(service)]),
  'compat.results': async () => ({ results: await gw.compat.list() }),
  'compat.run': () => checkGatewayNow(gw),
  'setup.run': (dryRun?: boolean) => gw.setup({ dryRun: dryRun === true }),
  'gpu.get': async () => (await gw.gpu()).report(),
  'gpu.history': async () => ({ gpus: (await gw.gpu()).history() }),
  'load.queue': () => Promise.resolve(gw.queueHistory()),
  'gpu.week': async () => ({ gpus: weekSeries(await gw.gpuMinutes.week(gw.clock.now())) }),
  'maintenance.get': () => gw.maintenance.status(),
  'maintenance.cleaned': (date?: string) => {
    const d = parseDate(date ?? gw.maintenance.today(), gw.maintenance.today());
    if (typeof d !== 'string') return Promise.reject(new GatewayError('BAD_INPUT', d.error));
    return gw.maintenance.cleaned(d);
  },
  'maintenance.snooze': (how: '1d' | '1w') =>
    how === '1d' || how === '1w'
      ? gw.maintenance.snooze(how)
      : Promise.reject(new GatewayError('BAD_INPUT', 'Snooze for 1d or 1w.')),
  'keys.list': () => gw.keys.list(),
  'keys.usage': () => gw.keys.usage(),
  'keys.create': (o) =>
    gw.keys.create({
      alias: String(o?.alias ?? ''),
      models: Array.isArray(o?.models) ? o.models.map(String) : undefined,
      budgetUsd: typeof o?.budgetUsd === 'number' ? o.budgetUsd : undefined,
      tokensPerMonth: typeof o?.tokensPerMonth === 'number' ? o.tokensPerMonth : undefined,
      rpm: typeof o?.rpm === 'number' ? o.rpm : undefined,
    }),
  // Like delete, the renderer must say "rotate": every project on the old key stops at once.
  'keys.rotate': (alias, confirm) =>
    confirm === 'rotate'
      ? gw.keys.rotate(String(alias))
      : Promise.reject(new GatewayError('BAD_INPUT', 'Rotating a key needs confirmation.')),
  'keys.copy': (alias) => gw.keys.env(String(alias)),
  'keys.setBlocked': (alias, blocked) => gw.keys.setBlocked(String(alias), blocked === true),
  'keys.updateBudget': (alias, budgetUsd) =>
    gw.keys.update(String(alias), { budgetUsd: Number(budgetUsd) }),
  // The renderer must say "delete" explicitly: a stray call cannot remove a key.
  'keys.delete': (alias, confirm) =>
    confirm === 'delete'
      ? gw.keys.remove(String(alias))
      : Promise.reject(new GatewayError('BAD_INPUT', 'Deleting a key needs confirmation.')),
  'certs.get': () => gw.certs(),
  'doctor.run': () => gw.doctor(),
  'alerts.list': () => sup.currentAlerts(),
  'alerts.act': async (id, action) => {
    const alert = (await sup.currentAlerts()).alerts.find((a) => a.id === id);
    if (!alert || !alert.actions.some((a) => a.id === action))
      throw new GatewayError('BAD_INPUT', `Alert ${String(id)} has no action ${String(action)}.`);
    const day = 86_400_000;
    if (action === 'block-key' && alert.target) await gw.keys.setBlocked(alert.target, true);
    else if (action === 'restart-service' && alert.target)
      await gw.stack.restart(alert.target, { wait: true, timeoutMs: 300_000 });
    else if (action === 'mark-cleaned') await gw.maintenance.cleaned(gw.maintenance.today());
    else if (action === 'snooze-1d' || action === 'snooze-1w') {
      if (alert.source === 'maintenance')
        await gw.maintenance.snooze(action === 'snooze-1d' ? '1d' : '1w');
      await gw.alerts.snooze(alert.id, action === 'snooze-1d' ? day : 7 * day);
    }
    return sup.currentAlerts();
  },
  'notify.list': () => gw.channels.report(),
  'notify.add': async (o) => {
    await gw.channels.add({
      type: String(o?.type ?? ''),
      url: String(o?.url ?? ''),
      token: typeof o?.token === 'string' && o.token !== '' ? o.token : undefined,
      name: typeof o?.name === 'string' ? o.name : undefined,
      // The window may confirm a LAN target; a token over plain http stays a CLI decision.
      allowPrivate: o?.allowPrivate === true,
    });
    return gw.channels.report();
  },
  'notify.remove': async (id) => {
    await gw.channels.remove(String(id));
    return gw.channels.report();
  },
  'notify.test': (id?: string) =>
    testChannels(
      gw.channels,
      id === undefined ? undefined : String(id),
      () => new Date(gw.clock.now()),
    ),
  'notify.quiet': async (range) => {
    await gw.channels.setQuietHours(range === null ? null : String(range));
    return gw.channels.report();
  },
  'batches.list': () => gw.batches.list(),
  'batches.cancel': (id) => gw.batches.cancel(String(id)),
  'models.list': () => gw.models.list(),
  'models.add': (o) => {
    const served = String(o?.served ?? '');
    const spec = parseModelSpec(served);
    if (!spec.ok) return Promise.reject(new GatewayError('BAD_INPUT', spec.error));
    // A cloud key never crosses the window: those are added where the key is, in a shell.
    if (spec.value.kind === 'cloud')
      return Promise.reject(
        new GatewayError(
          'BAD_INPUT',
          `Add cloud models from a shell that holds the key: hagw models add ${served} --api-key-env NAME.`,
        ),
      );
    const price = (v: unknown) => (typeof v === 'number' ? v : undefined);
    return gw.models.add(served, {
      ...(typeof o?.name === 'string' && o.name !== '' ? { name: o.name } : {}),
      ...(price(o?.priceIn) !== undefined ? { priceIn: price(o?.priceIn) } : {}),
      ...(price(o?.priceOut) !== undefined ? { priceOut: price(o?.priceOut) } : {}),
    });
  },
  'models.remove': (name, confirm) =>
    confirm === 'remove'
      ? gw.models.remove(String(name))
      : Promise.reject(new GatewayError('BAD_INPUT', 'Removing a model needs confirmation.')),
  'audit.list': (q) => {
    const since = parseSince(String(q?.since ?? '24h'));
    if (!since.ok) return Promise.reject(new GatewayError('BAD_INPUT', since.error));
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const status = q?.status === 'success' || q?.status === 'error' ? q.status : undefined;
    return gw.audit.list({
      sinceMs: since.value,
      ...(text(q?.app) !== undefined ? { app: text(q?.app) } : {}),
      ...(text(q?.model) !== undefined ? { model: text(q?.model) } : {}),
      ...(status !== undefined ? { status } : {}),
    });
  },
  'audit.growth': () => gw.spendLogGrowth(),
  'remote.get': () => gw.remote.status(),
  // The dashboard starts a tunnel whose secret is already in the .env; it never takes one.
  'remote.enable': (kind) => gw.remote.enableWithStoredSecret(tunnelKind(kind)),
  'remote.disable': (kind) => gw.remote.disable(kind === undefined ? undefined : tunnelKind(kind)),
  'app.info': async () => ({
    dataDir: gw.config.dataDir,
    envFile: gw.config.envFile,
    composeFiles: [...gw.config.composeFiles],
    gatewayUrl: await gw.gatewayUrl(),
    trayHint: shell.trayHint?.() ?? null,
  }),
  'settings.gpuAlerts': (change) =>
    change === undefined
      ? gw.gpuAlerts.report()
      : change === 'reset'
        ? gw.gpuAlerts.reset()
        : typeof change === 'object' && change !== null && !Array.isArray(change)
          ? gw.gpuAlerts.set(change)
          : Promise.reject(
              new GatewayError('BAD_INPUT', 'Send the thresholds to change, or "reset".'),
            ),
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
  'stack.logs': (service: string, tail = 500) =>
    gw.stack.logs(String(service), Math.min(500, Math.max(1, Number(tail) || 500))),
});

/**
 * Validates the arguments' shape at the trust boundary (the renderer is not trusted) and turns
 * every throw into data, so a failing call never leaks a stack trace across IPC.
 */
export const dispatch = async <K extends InvokeChannel>(
  handlers: ContractHandlers,
  channel: K,
  args: unknown,
): Promise<InvokeResult<K>> => {
  if (
    !Array.isArray(args) ||
    args.length > 4 ||
    !args.every(
      (a) =>
        a === undefined ||
        ['string', 'number', 'boolean'].includes(typeof a) ||
        // An object, or null: a value the contract uses ("quiet hours off").
        typeof a === 'object',
    )
  ) {
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `Invalid arguments for ${channel}.` },
    };
  }
  try {
    const fn = handlers[channel] as (...a: unknown[]) => Promise<InvokeChannels[K]['result']>;
    return { ok: true, value: await fn(...(args as unknown[])) };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
};
