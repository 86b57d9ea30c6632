import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { toErrorInfo } from '../core/gateway-error';
import { type BatchApi, type Caller, openAiError, type Reply } from './batch-api';
import type { BatchAuth } from './batch-auth';
import { multipartBoundary, parseMultipart } from '../node/services/multipart-form';

const jsonBodyLimit = 1024 * 1024;

/** A body over its limit; `what` says which limit, for the 413's message. */
class TooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly what: string,
  ) {
    super(`over ${limit}`);
  }
}

/** What a client may still send after a 413 before the connection is cut (a bounded drain). */
const drainBytes = 256 * 1024 * 1024;
const drainMs = 30_000;

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

const readBody = (req: IncomingMessage, limit: number, what: string): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return reject(new TooLarge(limit, what));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        reject(new TooLarge(limit, what));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const bearer = (req: IncomingMessage): string | null =>
  /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

const send = (res: ServerResponse, r: Reply): void => {
  if ('bytes' in r)
    res
      .writeHead(r.status, { 'content-type': r.type, 'content-length': r.bytes.length })
      .end(r.bytes);
  else res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.json));
};

/** LiteLLM's own words for a blocked key (user_api_key_auth), so the app hears the same thing. */
const blockedKey = () =>
  openAiError(
    401,
    'This key is blocked. Ask the gateway\'s operator to unblock it ("hagw keys unblock <name>").',
    null,
    'key_blocked',
  );

const unauthorized = () =>
  openAiError(
    401,
    'Incorrect API key provided. Use an app key from "hagw keys create" as the Bearer token.',
    null,
    'invalid_api_key',
  );

/**
 * The batch service's HTTP face: OpenAI's /v1/files and /v1/batches for app keys (Caddy routes
 * them here), /admin/batches for the operator's master key (hagw batch, the dashboard: loopback
 * and the private network only, never routed by Caddy), /health for compose.
 */
export const createBatchServer = (d: {
  api: BatchApi;
  auth: BatchAuth;
  maxFileBytes: number;
  ready: () => Promise<boolean>;
  log: (line: string) => void;
}): Server => {
  const route = async (req: IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://batch');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (path === '/health')
      return (await d.ready())
        ? { status: 200, json: { status: 'ok' } }
        : { status: 503, json: { status: 'redis unreachable' } };
    const key = bearer(req);
    if (!key) return unauthorized();

    const admin = /^\/admin\/batches(?:\/([^/]+))?(\/cancel)?$/.exec(path);
    if (admin) {
      if (!(await d.auth.isAdmin(key))) return unauthorized();
      const [, id, cancel] = admin;
      if (!id && method === 'GET') return d.api.listBatches(null, url.searchParams);
      if (id && !cancel && method === 'GET') return d.api.getBatch(null, id);
      if (id && cancel && method === 'POST') return d.api.cancel(null, id);
      return notFound(method, path);
    }

    const app = await d.auth.appKey(key);
    if ('refused' in app) return app.refused === 'blocked' ? blockedKey() : unauthorized();
    const owner = app.owner;
    // The master key lists models too, but a batch run with it would be sealed in Redis and spend
    // past every budget: the public routes take app keys only.
    if (await d.auth.isAdmin(key))
      return openAiError(
        401,
        'The master key is not accepted on the Batch API: it would bypass every budget. Use an app key from "hagw keys create".',
        null,
        'invalid_api_key',
      );
    const who: Caller = { owner, key };

    if (path === '/v1/files' && method === 'POST') {
      const boundary = multipartBoundary(req.headers['content-type']);
      if (!boundary)
        return openAiError(
          400,
          'Upload the file as multipart/form-data (fields "purpose" and "file").',
          null,
        );
      // The multipart framing around the file is small; the file itself is capped in the API.
      const parts = parseMultipart(
        await readBody(req, d.maxFileBytes + 64 * 1024, `a file (${mb(d.maxFileBytes)})`),
        boundary,
      );
      if (!parts) return openAiError(400, 'The multipart body is not well formed.', null);
      const file = parts.find((p) => p.name === 'file' && p.filename !== null);
      return d.api.createFile(who, {
        purpose: parts.find((p) => p.name === 'purpose')?.data.toString('utf8') ?? null,
        file: file ? { filename: file.filename ?? 'input.jsonl', data: file.data } : null,
      });
    }
    if (path === '/v1/files' && method === 'GET') return d.api.listFiles(who, url.searchParams);
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (file) {
      const [, id, content] = file;
      if (content && method === 'GET') return d.api.fileContent(who, id!);
      if (!content && method === 'GET') return d.api.getFile(who, id!);
      if (!content && method === 'DELETE') return d.api.deleteFile(who, id!);
      return notFound(method, path);
    }
    if (path === '/v1/batches' && method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(
          (await readBody(req, jsonBodyLimit, `a JSON body (${mb(jsonBodyLimit)})`)).toString(
            'utf8',
          ),
        );
      } catch (e) {
        if (e instanceof TooLarge) throw e;
        return openAiError(400, 'The request body is not valid JSON.', null);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        return openAiError(400, 'The request body must be a JSON object.', null);
      return d.api.createBatch(who, body as Record<string, unknown>);
    }
    if (path === '/v1/batches' && method === 'GET')
      return d.api.listBatches(owner, url.searchParams);
    const batch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batch) {
      const [, id, cancel] = batch;
      if (!cancel && method === 'GET') return d.api.getBatch(owner, id!);
      if (cancel && method === 'POST') return d.api.cancel(owner, id!);
    }
    return notFound(method, path);
  };

  return createServer((req, res) => {
    route(req).then(
      (r) => send(res, r),
      (e: unknown) => {
        if (e instanceof TooLarge) {
          // Answer, then read and drop what the client still sends (bounded): a socket cut
          // mid-upload (or closed after the answer) reads as a network error, and the openai client
          // retries it, sending the whole file again.
          send(res, openAiError(413, `The request body is over the limit for ${e.what}.`, null));
          let drained = 0;
          const cut = setTimeout(() => req.destroy(), drainMs);
          cut.unref();
          req.on('data', (c: Buffer) => {
            drained += c.length;
            if (drained > drainBytes) req.destroy();
          });
          req.on('end', () => clearTimeout(cut));
          req.on('close', () => clearTimeout(cut));
          req.resume();
          return;
        }
        // LiteLLM or Redis down: say which, as OpenAI's error body, never a stack trace.
        const msg = toErrorInfo(e).message;
        d.log(`hagw batch: ${req.method} ${req.url?.split('?')[0]}: ${msg}`);
        send(
          res,
          openAiError(
            502,
            `The batch service could not complete this: ${msg}`,
            null,
            null,
            'server_error',
          ),
        );
      },
    );
  });
};

const notFound = (method: string, path: string) =>
  openAiError(404, `Invalid URL (${method} ${path})`, null);
