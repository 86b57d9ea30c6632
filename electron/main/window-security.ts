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

/** Where the app's one page lives: hagw-app://ui/index.html, or the Vite dev server. */
export interface AppPage {
  url: string;
  devServerUrl: string | null;
}

/**
 * Exactly the app's own page (any #view fragment) on its own scheme. No file: URL ever is: the
 * renderer is not served from file:// (on Windows file://host/share/… is even a remote share).
 */
export const isAppUrl = (url: string, page: AppPage): boolean => {
  try {
    const u = new URL(url);
    const own = new URL(page.url);
    if (u.protocol === own.protocol && own.protocol !== 'file:')
      return u.host === own.host && u.pathname === own.pathname && u.search === '';
    if (page.devServerUrl) return u.origin === new URL(page.devServerUrl).origin;
    return false;
  } catch {
    return false;
  }
};

/** HAGW_DEV_SERVER_URL only in an unpackaged development run, and only on loopback. */
export const devServerFor = (isPackaged: boolean, env: NodeJS.ProcessEnv): string | null => {
  const url = env.HAGW_DEV_SERVER_URL;
  if (isPackaged || !url) return null;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? url : null;
  } catch {
    return null;
  }
};

/** The hosts the app itself links to; anything else is never opened. */
export const linkedHosts = [
  'docs.litellm.ai',
  'docs.vllm.ai',
  'github.com',
  'docs.ntfy.sh',
  // Release notes an update links to (PostgreSQL's are not on GitHub).
  'www.postgresql.org',
];

/**
 * A link the app may hand to the browser: https, no credentials in it, and a host the app links
 * to (its docs) or the gateway's own host.
 */
export const isOpenableLink = (url: string, extraHosts: readonly string[] = []): boolean => {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' &&
      u.username === '' &&
      u.password === '' &&
      [...linkedHosts, ...extraHosts].includes(u.hostname)
    );
  } catch {
    return false;
  }
};

/** Items 5, 13 and 14: deny permission requests, navigation away from the app and new windows. */
export const hardenWebContents = (
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  page: AppPage,
  openExternal: (url: string) => void,
  extraHosts: () => readonly string[] = () => [],
): void => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, page)) event.preventDefault();
  });
  // Sub-frames too (will-navigate sees only the main frame): no frame may load a foreign page.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, page)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, page)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to docs open in the user's browser, never inside the app.
    if (isOpenableLink(url, extraHosts())) openExternal(url);
    return { action: 'deny' };
  });
};

export const hardenSession = (
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void => {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
};
