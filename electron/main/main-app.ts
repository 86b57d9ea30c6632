import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  IpcMain,
  IpcMainInvokeEvent,
  Menu,
  MenuItemConstructorOptions,
  Session,
  Tray,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DisposableStore, toDisposable } from '../core/disposable';
import { toErrorInfo } from '../core/gateway-error';
import { type TrayAction, buildTrayMenu } from '../core/tray-menu';
import { resolveConfig } from '../node/app-config';
import { createContractHandlers } from '../node/contract-handlers';
import { type Gateway, createGateway } from '../node/gateway';
import type { Timers } from '../core/ports';
import { collectObservations } from '../node/alert-sources';
import type { GpuReport } from '../shared/gpu';
import type { StackSnapshot } from '../shared/stack';
import { registerIpc } from './ipc-registry';
import { toMenuTemplate } from './tray-presenter';
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
  createTray: (
    iconPath: string,
  ) => Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  openExternal: (url: string) => void;
  notify: (title: string, body: string) => void;
  timers: Timers;
}

export interface MainOptions {
  appRoot: string;
  env: NodeJS.ProcessEnv;
  devServerUrl: string | null;
  createGateway?: typeof createGateway;
}

export class MainApp {
  private readonly store = new DisposableStore();
  private gateway: Gateway | null = null;
  private window: BrowserWindow | null = null;
  private tray: ReturnType<ElectronParts['createTray']> | null = null;
  private quitting = false;
  private progress: string | null = null;
  private gpu: GpuReport | null = null;

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
    const config = resolveConfig(this.options.appRoot, this.options.env);
    const gw = this.store.add(
      (this.options.createGateway ?? createGateway)(config, { env: this.options.env }),
    );
    this.gateway = gw;
    this.store.add(
      registerIpc(this.electron.ipcMain, createContractHandlers(gw), (e) => this.trusted(e)),
    );
    this.tray = this.electron.createTray(this.icon('stopped'));
    this.store.add(toDisposable(() => this.tray?.destroy()));
    this.tray.on('click', () => this.showWindow());
    this.store.add(gw.stack.onChange((s) => this.render(s)));
    this.store.add(
      gw.stack.onProgress((line) => {
        this.progress = line;
        this.render(gw.stack.snapshot());
        if (this.window && !this.window.isDestroyed())
          this.window.webContents.send('stack.progress', line);
      }),
    );
    this.store.add(gw.stack.watch());
    this.render(gw.stack.snapshot());
    void gw.stack.refresh();
    void gw.gpu().then((m) => {
      this.store.add(
        m.onReport((r) => {
          this.gpu = r;
          this.render(gw.stack.snapshot());
          if (this.window && !this.window.isDestroyed())
            this.window.webContents.send('gpu.changed', r);
        }),
      );
    });
    // Certificates every 5 minutes, the doctor every hour (and both now): their findings feed the alerts.
    const safety = () => {
      void gw.certs().catch(() => undefined);
    };
    safety();
    void gw.doctor().catch(() => undefined);
    this.store.add(this.electron.timers.setInterval(safety, 5 * 60_000));
    this.store.add(
      this.electron.timers.setInterval(() => void gw.doctor().catch(() => undefined), 60 * 60_000),
    );
    // Alerts: evaluated on a timer from each part's latest state; the engine decides what to show.
    this.store.add(this.electron.timers.setInterval(() => void this.alertTick(), 15_000));
  }

  private async alertTick(): Promise<void> {
    const gw = this.gateway;
    if (!gw) return;
    const observations = await collectObservations(gw, this.gpu);
    const notify = await gw.alerts.tick(observations).catch(() => []);
    for (const a of notify) this.electron.notify(a.title, a.message);
  }

  private render(s: StackSnapshot): void {
    if (s.operation === null) this.progress = null;
    const model = buildTrayMenu(s, this.progress, this.gpu);
    this.tray?.setImage(this.icon(model.icon));
    this.tray?.setToolTip(model.tooltip);
    this.tray?.setContextMenu(
      this.electron.buildMenu(toMenuTemplate(model, (a) => void this.run(a))),
    );
    if (this.window && !this.window.isDestroyed()) this.window.webContents.send('stack.changed', s);
  }

  private async run(action: TrayAction): Promise<void> {
    const gw = this.gateway;
    if (!gw) return;
    try {
      switch (action) {
        case 'stack.up':
          await gw.stack.up({ wait: true });
          return;
        case 'stack.down':
          await gw.stack.down();
          return;
        case 'stack.restart':
          await gw.stack.restart(undefined, { wait: true });
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
          await gw.stack.down();
          this.electron.app.quit();
          return;
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
    void win.loadURL(this.options.devServerUrl ?? this.page().fileUrl);
    return win;
  }

  private trusted(event: IpcMainInvokeEvent): boolean {
    const url = event.senderFrame?.url ?? '';
    return (
      this.window !== null && event.sender === this.window.webContents && isAppUrl(url, this.page())
    );
  }

  private page(): AppPage {
    return {
      fileUrl: pathToFileURL(join(this.options.appRoot, 'dist', 'renderer', 'index.html')).href,
      devServerUrl: this.options.devServerUrl,
    };
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
