import { request as plainRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { GatewayError } from '../../core/gateway-error';

export interface HttpAnswer {
  status: number;
  /** A header of the answer by its lower-case name, the last one when it came twice. */
  headers: { get(name: string): string | null };
  text: string;
}

const tooBig = (service: string, maxBytes: number) =>
  new GatewayError(
    'ANSWER_TOO_LARGE',
    `${service} sent an answer over ${Math.round(maxBytes / 1024 / 1024)} MB; refused (is that really LiteLLM?).`,
  );

/**
 * An HTTP request with a hard timeout and errors that say what to do. `service` names the thing
 * in the message ("LiteLLM at http://127.0.0.1:4000"). Authorization headers are never put in a
 * message. node:http, not fetch: the first fetch of a process loads undici and compiles its HTTP
 * parser (about 90 ms on a small machine), which a one-shot `hagw status` paid every time.
 * Redirects are refused, as fetch's redirect: 'error' did: a key must not follow one elsewhere.
 */
export const httpRequest = (
  service: string,
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
    /** Answers larger than this are refused while they stream in, before they fill memory. */
    maxBytes?: number;
  } = {},
): Promise<HttpAnswer> => {
  const timeoutMs = init.timeoutMs ?? 10_000;
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : plainRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (e: GatewayError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(
      () =>
        fail(
          new GatewayError(
            'TIMEOUT',
            `${service} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; check that the stack is healthy (hagw status).`,
          ),
        ),
      timeoutMs,
    );
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    const req = send(
      target,
      {
        method: init.method ?? 'GET',
        headers: {
          ...init.headers,
          ...(body === undefined ? {} : { 'content-length': String(body.byteLength) }),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return fail(
            new GatewayError(
              'UNREACHABLE',
              `${service} is unreachable (it answered with a redirect, ${status}); check the URL and that the stack is running.`,
            ),
          );
        }
        const max = init.maxBytes;
        if (max !== undefined && Number(res.headers['content-length'] ?? NaN) > max)
          return fail(tooBig(service, max));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.byteLength;
          if (max !== undefined && size > max) return fail(tooBig(service, max));
          chunks.push(c);
        });
        res.on('error', (e) => fail(unreachable(service, e)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status,
            headers: {
              get: (name) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', (e) => fail(unreachable(service, e)));
    req.end(body);
  });
};

const unreachable = (service: string, e: Error): GatewayError => {
  const code = (e as { code?: string }).code;
  if (code === 'ECONNREFUSED')
    return new GatewayError(
      'UNREACHABLE',
      `${service} refused the connection; is the stack running? (hagw stack up)`,
    );
  return new GatewayError(
    'UNREACHABLE',
    `${service} is unreachable (${code ?? e.message}); check the URL and that the stack is running.`,
  );
};
