import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A receiver on 127.0.0.1 that records every request, standing in for ntfy, Discord and a
 * webhook endpoint (their formats are checked against what it records). A path under /fail
 * answers 500, like a broken endpoint.
 */
export const startReceiver = async () => {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      got.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const fail = (req.url ?? '').startsWith('/fail');
      res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
      res.end(fail ? '{"error":"down"}' : '{"id":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    got,
    /** The JSON bodies received on one path. */
    json: (path: string) =>
      got.filter((g) => g.path === path).map((g) => JSON.parse(g.body) as Record<string, unknown>),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
};

/** The generic webhook's fields, in order, as the README documents them. */
export const documentedWebhookFields = [
  'id',
  'source',
  'severity',
  'state',
  'title',
  'message',
  'at',
  'actions',
];
