// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by
// item. Types only from 'electron': the shell passes the real objects in, tests pass stubs.
import type { Session, WebContents, WebPreferences } from 'electron';

/** Items 2-4 and 6: no Node in the renderer, isolated contexts, the OS sandbox, web security on. */
export const secureWebPreferences = (preloadPath: string): WebPreferences => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
});

/** The app's own pages: file:// in production, the Vite dev server on loopback while developing. */
export const isAppUrl = (url: string, devServerUrl: string | null): boolean => {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') return true;
    if (devServerUrl) return u.origin === new URL(devServerUrl).origin;
    return false;
  } catch {
    return false;
  }
};

/** Items 5, 13 and 14: deny permission requests, navigation away from the app and new windows. */
export const hardenWebContents = (
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  devServerUrl: string | null,
  openExternal: (url: string) => void,
): void => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to docs open in the user's browser, never inside the app.
    if (url.startsWith('https://')) openExternal(url);
    return { action: 'deny' };
  });
};

export const hardenSession = (
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void => {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
};
