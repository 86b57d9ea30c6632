import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { type Disposable, DisposableStore, toDisposable } from '../core/disposable';
import { type ContractHandlers, dispatch } from '../app/contract-handlers';
import type { EventHub } from '../app/event-hub';
import { bridgeRoutes, isEventChannel, isInvokeChannel } from '../shared/contract';

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

// The same policy as the Electron window's CSP meta tag: only our own scripts, no eval, no framing.
const csp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const maxBodyChars = 1_000_000;

export interface UiServerOptions {
  port: number;
  staticDir: string;
  handlers: ContractHandlers;
  /** The supervisor's one fan-out: every contract event goes out over Server-Sent Events. */
  events: Pick<EventHub, 'onAny'>;
  token?: string;
}

export interface UiServer extends Disposable {
  url: string;
  token: string;
  server: Server;
}

/**
 * The loopback bridge behind `hagw ui`: the renderer's contract over HTTP for headless hosts.
 * Bound to 127.0.0.1 only. API calls need the per-run token (sent in a header, so a foreign page
 * cannot forge them with a form or an <img>), and a Host check refuses DNS-rebinding tricks.
 */
export const startUiServer = async (o: UiServerOptions): Promise<UiServer> => {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const store = new DisposableStore();
  const clients = new Set<ServerResponse>();
  let port = o.port;

  // The header alone: a token in a query string ends up in logs, history and Referer headers.
  const tokenOk = (req: IncomingMessage): boolean => {
    const given = Buffer.from(String(req.headers['x-hagw-token'] ?? ''));
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  };
  const hostOk = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };
  const send = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };

  const serveStatic = async (pathname: string, res: ServerResponse) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'bad percent-escape in the path', 'text/plain');
    }
    const rel = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(o.staticDir, rel));
    if (!file.startsWith(normalize(o.staticDir) + sep))
      return send(res, 404, 'not found', 'text/plain');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': mime[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    } catch {
      send(res, 404, 'not found', 'text/plain');
    }
  };

  /** The body, or null when it is over the limit (the caller answers 413). */
  const readBody = (req: IncomingMessage): Promise<string | null> =>
    new Promise((resolve, reject) => {
      let body = '';
      let over = false;
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        if (over) return;
        body += c;
        if (body.length > maxBodyChars) {
          over = true;
          body = '';
          resolve(null);
        }
      });
      req.on('end', () => resolve(over ? null : body));
      req.on('error', reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostOk(req)) return send(res, 421, JSON.stringify({ error: 'wrong Host header' }));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET') return send(res, 405, 'method not allowed', 'text/plain');
      return serveStatic(url.pathname, res);
    }
    if (!tokenOk(req))
      return send(
        res,
        401,
        JSON.stringify({
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            message: 'Open the URL that "hagw ui" printed (it carries the token).',
          },
        }),
      );
    if (url.pathname === bridgeRoutes.events && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const channel = url.pathname.slice('/api/invoke/'.length);
    if (
      req.method !== 'POST' ||
      !url.pathname.startsWith('/api/invoke/') ||
      !isInvokeChannel(channel)
    ) {
      return send(
        res,
        404,
        JSON.stringify({
          ok: false,
          error: { code: 'NO_SUCH_CHANNEL', message: `No channel ${channel}.` },
        }),
      );
    }
    let args: unknown;
    try {
      const text = await readBody(req);
      if (text === null) {
        res.setHeader('connection', 'close');
        return send(
          res,
          413,
          JSON.stringify({
            ok: false,
            error: { code: 'TOO_LARGE', message: `The body is over ${maxBodyChars} characters.` },
          }),
        );
      }
      args = text === '' ? [] : ((JSON.parse(text) as { args?: unknown }).args ?? []);
    } catch {
      return send(
        res,
        400,
        JSON.stringify({
          ok: false,
          error: { code: 'BAD_REQUEST', message: 'The body must be JSON: {"args": [...]}.' },
        }),
      );
    }
    send(res, 200, JSON.stringify(await dispatch(o.handlers, channel, args)));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      send(
        res,
        500,
        JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } }),
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  store.add(
    o.events.onAny((event, payload) => {
      // The hub only carries contract events; the check keeps the stream to the contract anyway.
      if (!isEventChannel(event)) return;
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(frame);
    }),
  );
  store.add(
    toDisposable(() => {
      for (const c of clients) c.end();
      server.close();
      server.closeAllConnections();
    }),
  );
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    server,
    dispose: () => store.dispose(),
  };
};
