import { request } from 'node:https';
import { Readable } from 'node:stream';

/**
 * Any fetch body as bytes, the way fetch itself encodes it: a FormData upload (the openai client's
 * files.create) gets its multipart content type and boundary from that encoding.
 */
const encodeBody = async (
  body: RequestInit['body'],
  headers: Record<string, string>,
): Promise<string | Uint8Array | undefined> => {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  const encoded = new Request('http://loopback.invalid/', { method: 'POST', body });
  const type = encoded.headers.get('content-type');
  // The encoding's own type wins: a multipart body is unreadable without its boundary.
  if (type) headers['content-type'] = type;
  return new Uint8Array(await encoded.arrayBuffer());
};

/**
 * A fetch that reaches an https URL's port on this machine's loopback, with the URL's host name as
 * SNI and Host: how `hagw compat` reaches the bundled Caddy the way a LAN client does, even where
 * the LAN name does not resolve on the GPU host itself. The certificate is not verified (a LAN CA
 * is rarely in this machine's store; `hagw certs` is the check for it): only loopback is reached,
 * with keys that expire within minutes.
 */
export const loopbackFetch =
  (address = '127.0.0.1'): typeof fetch =>
  async (input, init) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    );
    const headers: Record<string, string> = { host: url.host };
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const body = await encodeBody(init?.body, headers);
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        {
          host: address,
          port: Number(url.port || 443),
          servername: url.hostname,
          path: `${url.pathname}${url.search}`,
          method: init?.method ?? 'GET',
          headers,
          rejectUnauthorized: false,
          signal: init?.signal ?? undefined,
        },
        (res) => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            for (const one of [v ?? []].flat()) out.append(k, one);
          const status = res.statusCode ?? 502;
          const empty = status === 204 || status === 304 || init?.method === 'HEAD';
          resolve(
            new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
              status,
              headers: out,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  };
