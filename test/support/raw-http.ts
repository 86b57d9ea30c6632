import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP/1.1 request written byte for byte: the request target exactly as given (no URL class
 * in between to resolve dot segments, fold case or re-encode), so a test can send the spellings an
 * attacker would. `servername` makes it TLS with that SNI (certificate not verified: loopback only).
 */
export const rawRequest = (o: {
  port: number;
  target: string;
  method?: string;
  host: string;
  servername?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const head = [
      `${o.method ?? 'GET'} ${o.target} HTTP/1.1`,
      `Host: ${o.host}`,
      'Connection: close',
      ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      ...(o.body === undefined ? [] : [`Content-Length: ${Buffer.byteLength(o.body)}`]),
    ].join('\r\n');
    const socket = o.servername
      ? tlsConnect({
          host: '127.0.0.1',
          port: o.port,
          servername: o.servername,
          rejectUnauthorized: false,
        })
      : tcpConnect({ host: '127.0.0.1', port: o.port });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${o.target} in 10 s`)));
    socket.on(o.servername ? 'secureConnect' : 'connect', () =>
      socket.write(`${head}\r\n\r\n${o.body ?? ''}`),
    );
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m)
        return reject(
          new Error(`no HTTP answer to ${o.target}: ${JSON.stringify(text.slice(0, 80))}`),
        );
      resolve({ status: Number(m[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
