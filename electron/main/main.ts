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
  session,
  shell,
} from 'electron';
import { fileURLToPath } from 'node:url';
import { systemClock, systemTimers } from '../node/system-clock';
import { MainApp } from './main-app';
import { devServerFor } from './window-security';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

new MainApp(
  {
    app,
    ipcMain,
    session: () => session.defaultSession,
    createTray: (icon) => new Tray(nativeImage.createFromPath(icon)),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    createWindow: (options) => new BrowserWindow(options),
    openExternal: (url) => void shell.openExternal(url),
    notify: (title, body) => new Notification({ title, body }).show(),
    copyText: (text) => void clipboard.writeText(text),
    clock: systemClock,
    timers: systemTimers,
  },
  { appRoot, env: process.env, devServerUrl: devServerFor(app.isPackaged, process.env) },
).start();
