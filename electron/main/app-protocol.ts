// The renderer over its own privileged scheme, not file:// (Electron's security checklist, item 18:
// https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols).
// The packaging turns the grantFileProtocolExtraPrivileges fuse off, and since electron/electron
// PR #40801 that fuse stops file:// pages from loading `<script type="module" crossorigin>`: the
// packaged window would come up blank. hagw-app://ui/ serves the built renderer folder and nothing
// else. Types only from 'electron': main.ts passes the real protocol module in.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';

export const appScheme = 'hagw-app';
export const appHost = 'ui';
/** The app's one page. */
export const appPageUrl = `${appScheme}://${appHost}/index.html`;

/**
 * Standard (relative URLs resolve, the origin is hagw-app://ui so 'self' in the CSP means it) and
 * secure (treated like https); fetch for module scripts. Nothing more: no CORS, no service
 * workers, no bypass of the CSP.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The file a hagw-app:// request names inside `root`, or null: another scheme or host, a path
 * that does not decode, holds a NUL or a backslash, or leaves the folder once resolved (dot
 * segments, encoded or not). "/" is the page.
 */
export const resolveAppPath = (root: string, requestUrl: string): string | null => {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${appScheme}:` || u.host !== appHost) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
  return file.startsWith(base + sep) ? file : null;
};

const notFound = () => new Response('Not found', { status: 404 });

/** The handler protocol.handle runs for every hagw-app:// request. */
export const appProtocolHandler =
  (root: string, read: (file: string) => Promise<Uint8Array> = readFile) =>
  async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    const file = resolveAppPath(root, request.url);
    if (!file) return notFound();
    const type = types[extname(file).toLowerCase()];
    if (!type) return notFound();
    try {
      const body = request.method === 'HEAD' ? null : Buffer.from(await read(file));
      return new Response(body, {
        status: 200,
        headers: { 'content-type': type, 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return notFound();
    }
  };

/** Serves the renderer folder on hagw-app://ui; the returned function unregisters it. */
export const serveRenderer = (
  protocol: Pick<Protocol, 'handle' | 'unhandle'>,
  root: string,
): (() => void) => {
  protocol.handle(appScheme, appProtocolHandler(root));
  return () => protocol.unhandle(appScheme);
};
