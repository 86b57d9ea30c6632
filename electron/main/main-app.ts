import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  IpcMain,
  IpcMainInvokeEvent,
  Menu,
  MenuItemConstructorOptions,
  Protocol,
  Session,
  Tray,
} from 'electron';
import { join } from 'node:path';
import { DisposableStore, toDisposable } from '../core/disposable';
import { toErrorInfo } from '../core/gateway-error';
import { type TrayAction, type TrayExtras, buildTrayMenu } from '../core/tray-menu';
import { resolveConfig } from '../app/app-environment';
import { createContractHandlers } from '../app/contract-handlers';
import { channelCall } from '../app/channel-call';
import { type App as Application, createApp } from '../app/create-app';
import type { Clock, Timers } from '../core/ports';
import { createSupervisor } from '../app/create-supervisor';
import type { Supervisor } from '../app/supervisor';
import type { StackSnapshot } from '../shared/stack';
import { appPageUrl, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc-registry';
import { toMenuTemplate } from './tray-presenter';
import type { ContractHandlers } from '../app/contract-handlers';
import type { LoginItem } from '../app/app-environment';
import { existsSync } from 'node:fs';
import {
  hardenSession,
  type AppPage,
  hardenWebContents,
  isAppUrl,
  secureWebPreferences,
} from './window-security';

/** The Electron objects the shell uses, injected (podman-desktop's `new Main(app)`) so tests can stub them. */
export interface ElectronParts {
  app: Pick<App, 'whenReady' | 'on' | 'quit' | 'requestSingleInstanceLock'>;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  session: () => Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  /** The default session's protocol: the renderer is served on hagw-app:// (app-protocol.ts). */
  protocol: Pick<Protocol, 'handle' | 'unhandle'>;
  createTray: (
    iconPath: string,
  ) => Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  openExternal: (url: string) => void;
  notify: (title: string, body: string) => void;
  /** Electron's clipboard.writeText: the tray's "Copy key for ▸". */
  copyText: (text: string) => void;
  /** Start at login: app.setLoginItemSettings, or an XDG autostart entry on Linux. */
  loginItem: LoginItem;
  /** How to get a tray icon when this desktop shows none (core/tray-support.ts), else null. */
  trayHint: () => Promise<string | null>;
  clock: Clock;
  timers: Timers;
}

export interface MainOptions {
  appRoot: string;
  env: NodeJS.ProcessEnv;
  devServerUrl: string | null;
  createApp?: typeof createApp;
  createSupervisor?: typeof createSupervisor;
}

export class MainApp {
  private readonly store = new DisposableStore();
  private gateway: Application | null = null;
  private window: BrowserWindow | null = null;
  private tray: ReturnType<ElectronParts['createTray']> | null = null;
  private quitting = false;
  private supervisor: Supervisor | null = null;
  private progress: string | null = null;
  private snapshot: StackSnapshot | null = null;
  private handlers: ContractHandlers | null = null;
  /** The tray's extras (keys in the vault, live alerts), refreshed on each alerts.changed. */
  private extras: TrayExtras = {};
  private trayHint: string | null = null;

  constructor(
    private readonly electron: ElectronParts,
    private readonly options: MainOptions,
  ) {}

  start(): void {
    const { app } = this.electron;
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return;
    }
    app.on('second-instance', () => this.showWindow());
    // A tray app keeps running with no window open.
    app.on('window-all-closed', () => undefined);
    app.on('before-quit', () => {
      this.quitting = true;
    });
    app.on('will-quit', () => this.store.dispose());
    void app.whenReady().then(() => this.ready());
  }

  private ready(): void {
    hardenSession(this.electron.session());
    const unserve = serveRenderer(
      this.electron.protocol,
      join(this.options.appRoot, 'dist', 'renderer'),
    );
    this.store.add(toDisposable(unserve));
    const config = resolveConfig(this.options.appRoot, this.options.env);
    const clock = this.electron.clock;
    const timers = this.electron.timers;
    const gw = this.store.add(
      (this.options.createApp ?? createApp)(config, {
        env: this.options.env,
        clock,
        timers,
      }),
    );
    this.gateway = gw;
    const sup = this.store.add(
      (this.options.createSupervisor ?? createSupervisor)(gw, {
        what: 'the tray app',
        clock,
        timers,
        warn: (line) => console.warn(line),
      }),
    );
    this.supervisor = sup;
    const handlers = createContractHandlers(gw, sup, {
      loginItem: this.electron.loginItem,
      trayHint: () => this.trayHint,
    });
    this.handlers = handlers;
    this.store.add(registerIpc(this.electron.ipcMain, handlers, (e) => this.trusted(e)));
    this.tray = this.electron.createTray(this.icon('stopped'));
    this.store.add(toDisposable(() => this.tray?.destroy()));
    this.tray.on('click', () => this.showWindow());
    // The window hears every contract event through the supervisor's one fan-out.
    this.store.add(
      sup.events.onAny((event, payload) => {
        if (this.window && !this.window.isDestroyed()) this.window.webContents.send(event, payload);
      }),
    );
    this.store.add(
      sup.events.on('stack.changed', (snapshot) => {
        this.snapshot = snapshot;
        this.render();
      }),
    );
    this.store.add(
      sup.events.on('stack.progress', (line) => {
        this.progress = line;
        this.render();
      }),
    );
    this.store.add(sup.events.on('gpu.changed', () => this.render()));
    this.store.add(
      sup.events.on('alerts.changed', (report) => {
        this.extras = { ...this.extras, alerts: report.alerts };
        void this.refreshKeys();
        void this.refreshLifecycle();
      }),
    );
    void this.refreshKeys();
    void this.refreshLifecycle();
    void this.syncLoginItem(gw);
    // No tray on this desktop: the window is the app, and it says how to get the icon.
    void this.electron.trayHint().then((hint) => {
      this.trayHint = hint;
      if (hint) this.showWindow();
    });
    // Desktop notifications are one more push channel: the router decides, this only shows.
    this.store.add(
      sup.addChannel({
        id: 'desktop',
        name: 'desktop',
        send: (m) => {
          this.electron.notify(
            m.state === 'resolved' ? `Resolved: ${m.title}` : m.title,
            m.message,
          );
          return Promise.resolve();
        },
      }),
    );
    this.render();
    void sup.start();
  }

  private render(): void {
    const gw = this.gateway;
    if (!gw) return;
    const s = this.snapshot ?? gw.stack.controller.snapshot();
    if (s.operation === null) this.progress = null;
    const model = buildTrayMenu(
      s,
      this.progress,
      this.supervisor?.gpu() ?? null,
      gw.gpu.loadAdvice(),
      this.extras,
    );
    this.tray?.setImage(this.icon(model.icon));
    this.tray?.setToolTip(model.tooltip);
    this.tray?.setContextMenu(
      this.electron.buildMenu(toMenuTemplate(model, (a, args) => void this.run(a, args))),
    );
  }

  /**
   * Start at login is on by default once setup has run (the stack's .env exists) and the operator
   * has not said otherwise; the login item is then made to match the setting on every start.
   */
  private async syncLoginItem(gw: Application): Promise<void> {
    try {
      let s = await gw.settings.read();
      if (s.startAtLogin === undefined && existsSync(gw.config.envFile))
        s = await gw.settings.update((x) => ({ ...x, startAtLogin: x.startAtLogin ?? true }));
      if (s.startAtLogin !== undefined) await this.electron.loginItem.set(s.startAtLogin);
    } catch (e) {
      console.warn(`hagw: start at login: ${toErrorInfo(e).message}`);
    }
  }

  /** The aliases whose raw key the vault holds: the entries of "Copy key for ▸". */
  private async refreshKeys(): Promise<void> {
    const gw = this.gateway;
    if (!gw) return;
    // No LiteLLM (stack stopped) or no vault yet: the tray says "no keys yet", nothing breaks.
    const report = await Promise.resolve()
      .then(() => gw.keys.service.list())
      .catch(() => null);
    const keys = (report?.keys ?? [])
      .filter((k) => k.inVault && k.alias !== null)
      .map((k) => k.alias ?? '')
      .sort();
    this.extras = { ...this.extras, keys };
    this.render();
  }

  /** Which models are awake, for the tray's Models lines and its Free the GPU / Resume switch. */
  private async refreshLifecycle(): Promise<void> {
    const handlers = this.handlers;
    if (!handlers) return;
    const report = await channelCall(handlers)('lifecycle.get').catch(() => null);
    this.extras = { ...this.extras, lifecycle: report?.lifecycle ?? null };
    this.render();
  }

  private async run(action: TrayAction, args: readonly string[] = []): Promise<void> {
    const handlers = this.handlers;
    if (!handlers) return;
    try {
      // Every tray action that the dashboard also has is its contract channel, dispatched as the
      // window's calls are: the same schema, the same handler (Restart waits for healthy).
      const call = channelCall(handlers);
      switch (action) {
        case 'stack.up':
        case 'stack.down':
        case 'stack.restart':
          await call(action);
          return;
        case 'window.show':
          this.showWindow();
          return;
        case 'quit':
          this.electron.notify(
            'Homelab AI Gateway',
            'The stack keeps running; your projects can still reach it.',
          );
          this.electron.app.quit();
          return;
        case 'quit.stop-stack':
          await call('stack.down');
          this.electron.app.quit();
          return;
        case 'key.copy': {
          const alias = args[0] ?? '';
          const created = await call('keys.copy', alias);
          this.electron.copyText(created.snippets.env);
          // The key itself never goes into a notification: only what was copied, and for whom.
          this.electron.notify(
            'Homelab AI Gateway',
            `Copied the .env lines for ${alias} (OPENAI_BASE_URL and OPENAI_API_KEY).`,
          );
          return;
        }
        case 'alert.act': {
          const report = await call('alerts.act', args[0], args[1]);
          this.extras = { ...this.extras, alerts: report.alerts };
          this.render();
          return;
        }
        case 'gpu.free':
        case 'gpu.resume': {
          const report = await (action === 'gpu.free'
            ? call('lifecycle.sleep', 'all')
            : call('lifecycle.resume'));
          this.extras = { ...this.extras, lifecycle: report.lifecycle };
          this.render();
          this.electron.notify(
            'Homelab AI Gateway',
            action === 'gpu.free'
              ? 'Freeing the GPU: every model sleeps once its requests finish. Resume brings them back.'
              : 'Models resumed: requests are served again.',
          );
          return;
        }
      }
    } catch (e) {
      this.electron.notify('Homelab AI Gateway', toErrorInfo(e).message);
    }
  }

  private showWindow(): void {
    if (!this.window || this.window.isDestroyed()) this.window = this.createWindow();
    this.window.show();
    this.window.focus();
  }

  private createWindow(): BrowserWindow {
    const win = this.electron.createWindow({
      width: 960,
      height: 680,
      show: false,
      title: 'Homelab AI Gateway',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(
        join(this.options.appRoot, 'dist', 'preload', 'preload.cjs'),
      ),
    });
    hardenWebContents(win.webContents, this.page(), this.electron.openExternal, () =>
      this.gatewayHost(),
    );
    // Closing the window only hides it: the tray is the app.
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    void win.loadURL(this.options.devServerUrl ?? this.page().url);
    return win;
  }

  private trusted(event: IpcMainInvokeEvent): boolean {
    const url = event.senderFrame?.url ?? '';
    return (
      this.window !== null && event.sender === this.window.webContents && isAppUrl(url, this.page())
    );
  }

  private page(): AppPage {
    return { url: appPageUrl, devServerUrl: this.options.devServerUrl };
  }

  /** The gateway's own URL may be opened in the browser (its host, when one is configured). */
  private gatewayHost(): string[] {
    const url = this.gateway?.config.gatewayUrl;
    try {
      return url ? [new URL(url).hostname] : [];
    } catch {
      return [];
    }
  }

  private icon(name: string): string {
    return join(this.options.appRoot, 'resources', 'tray', `${name}.png`);
  }
}
