// A recording stand-in for the parts of Electron the shell uses. The Electron binary cannot run on
// the build machines; the shell's logic (security, IPC, tray, quit) is tested against this, and its
// types are checked against the real electron.d.ts by `npm run typecheck`.
import { EventEmitter } from 'node:events';
import type { ElectronParts } from '../../electron/main/main-app';
import { FakeTime } from './fake-timers';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class StubWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
}

export class StubWindow extends EventEmitter {
  webContents = new StubWebContents();
  shown = 0;
  hidden = 0;
  loaded: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  show() {
    this.shown++;
  }
  hide() {
    this.hidden++;
  }
  focus() {}
  isDestroyed() {
    return false;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
}

export const createElectronStub = () => {
  const app = new EventEmitter() as EventEmitter & { quitCalls: number; lock: boolean };
  app.quitCalls = 0;
  app.lock = true;
  let ready: () => void = () => undefined;
  const whenReady = new Promise<void>((r) => (ready = r));
  const handlers = new Map<string, Handler>();
  const trays: {
    image: string;
    tooltip: string;
    menu: unknown;
    listeners: Record<string, () => void>;
    destroyed: boolean;
  }[] = [];
  const windows: StubWindow[] = [];
  const notifications: { title: string; body: string }[] = [];
  /** Schemes with a protocol handler now (handle adds, unhandle removes). */
  const protocols: string[] = [];
  const opened: string[] = [];
  const copied: string[] = [];
  const login = { open: false, sets: [] as boolean[] };
  const shell = { trayHint: null as string | null };
  const time = new FakeTime();
  const permissions: {
    request?: (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    check?: () => boolean;
  } = {};

  const parts: ElectronParts = {
    app: {
      whenReady: () => whenReady,
      on: ((event: string, fn: (...a: unknown[]) => void) => app.on(event, fn)) as never,
      quit: () => {
        app.quitCalls++;
        app.emit('before-quit');
        app.emit('will-quit');
      },
      requestSingleInstanceLock: () => app.lock,
    },
    ipcMain: {
      handle: ((channel: string, fn: Handler) => handlers.set(channel, fn)) as never,
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    protocol: {
      handle: (scheme: string) => void protocols.push(scheme),
      unhandle: (scheme: string) => void protocols.splice(protocols.indexOf(scheme), 1),
    },
    session: () => ({
      setPermissionRequestHandler: ((h: typeof permissions.request) =>
        (permissions.request = h)) as never,
      setPermissionCheckHandler: ((h: typeof permissions.check) =>
        (permissions.check = h)) as never,
    }),
    createTray: (image) => {
      const t = {
        image,
        tooltip: '',
        menu: null as unknown,
        listeners: {} as Record<string, () => void>,
        destroyed: false,
      };
      trays.push(t);
      return {
        setImage: (i: string) => (t.image = i),
        setToolTip: (tip: string) => void (t.tooltip = tip),
        setContextMenu: (m: unknown) => (t.menu = m),
        on: ((e: string, fn: () => void) => (t.listeners[e] = fn)) as never,
        destroy: () => void (t.destroyed = true),
      };
    },
    buildMenu: ((template: unknown) => ({ template })) as never,
    createWindow: ((options: Record<string, unknown>) => {
      const w = new StubWindow(options);
      windows.push(w);
      return w;
    }) as never,
    openExternal: (url) => void opened.push(url),
    notify: (title, body) => void notifications.push({ title, body }),
    copyText: (text) => void copied.push(text),
    loginItem: {
      set: (open: boolean) => {
        login.open = open;
        login.sets.push(open);
        return Promise.resolve();
      },
      get: () => Promise.resolve(login.open),
    },
    trayHint: () => Promise.resolve(shell.trayHint),
    clock: time,
    timers: time,
  };
  return {
    parts,
    app,
    ready,
    handlers,
    trays,
    windows,
    protocols,
    notifications,
    opened,
    copied,
    login,
    shell,
    permissions,
    time,
  };
};
