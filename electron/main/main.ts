// The Electron entry point: the only file of main/ that imports 'electron' as values. Everything
// else receives these objects through MainApp's constructor.
import {
  BrowserWindow,
  Menu,
  clipboard,
  Notification,
  Tray,
  app,
  ipcMain,
  nativeImage,
  protocol,
  session,
  shell,
} from 'electron';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { trayHint } from '../core/tray-support';
import { fileURLToPath } from 'node:url';
import { type LoginItem, XdgLoginItem } from '../app/app-environment';
import { systemClock, systemTimers } from '../app/app-environment';
import { appSchemePrivileges } from './app-protocol';
import { MainApp } from './main-app';
import { devServerFor } from './window-security';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

// Packaged, compose/ sits beside app.asar (electron-builder's extraResources): docker compose
// reads it by path, which it cannot do inside an asar archive.
const env =
  app.isPackaged && !process.env.HAGW_COMPOSE_FILE
    ? {
        ...process.env,
        HAGW_COMPOSE_FILE: join(process.resourcesPath, 'compose', 'docker-compose.yml'),
      }
    : process.env;

// Electron's login-item API covers macOS and Windows; Linux desktops read XDG autostart entries.
// The command is the AppImage itself when run from one, else this Electron with the app folder.
const loginItem: LoginItem =
  process.platform === 'linux'
    ? new XdgLoginItem(
        process.env.APPIMAGE
          ? [process.env.APPIMAGE]
          : app.isPackaged
            ? [process.execPath]
            : [process.execPath, appRoot],
      )
    : {
        set: (openAtLogin) => Promise.resolve(app.setLoginItemSettings({ openAtLogin })),
        get: () => Promise.resolve(app.getLoginItemSettings().openAtLogin),
      };

// Privileged schemes must be registered before the app is ready.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

new MainApp(
  {
    app,
    ipcMain,
    session: () => session.defaultSession,
    protocol,
    createTray: (icon) => new Tray(nativeImage.createFromPath(icon)),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    createWindow: (options) => new BrowserWindow(options),
    openExternal: (url) => void shell.openExternal(url),
    notify: (title, body) => new Notification({ title, body }).show(),
    copyText: (text) => void clipboard.writeText(text),
    loginItem,
    trayHint: () =>
      new Promise((resolve) =>
        execFile('gnome-extensions', ['list', '--enabled'], { timeout: 5000 }, (err, stdout) =>
          resolve(
            trayHint(
              process.platform,
              process.env.XDG_CURRENT_DESKTOP,
              err ? null : stdout.split('\n').filter((l) => l.trim() !== ''),
            ),
          ),
        ),
      ),
    clock: systemClock,
    timers: systemTimers,
  },
  { appRoot, env, devServerUrl: devServerFor(app.isPackaged, process.env) },
).start();
