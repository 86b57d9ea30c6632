// The wake service's HTTP face. LiteLLM reaches each local model through it
// (api_base http://waker:4200/<model>/v1): a request for a model that is awake goes straight
// through, streamed; one for a sleeping model is held while it wakes. The operator's routes
// (/lifecycle, master key) are on the loopback port only: Caddy never routes here.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { toErrorInfo } from '../core/gateway-error';
import type { Admission, WakeService } from './wake-service';

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  if (res.headersSent) return void res.end();
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
};

/** OpenAI's error envelope, with Retry-After when a later try can succeed. */
const refuse = (res: ServerResponse, a: Exclude<Admission, { go: true }>) =>
  json(
    res,
    a.status,
    {
      error: {
        message: a.message,
        type: a.status === 404 ? 'invalid_request_error' : 'service_unavailable',
        param: null,
        code: a.status === 404 ? 'model_not_found' : 'model_unavailable',
      },
    },
    a.retryAfterS === null ? {} : { 'retry-after': String(a.retryAfterS) },
  );

const digest = (s: string) => createHash('sha256').update(s).digest();

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new Error('body over 64 KB');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const v: unknown = text ? JSON.parse(text) : {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
  return v as Record<string, unknown>;
};

/** Headers that belong to one hop (RFC 9110 7.6.1) are not forwarded. */
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

const forward = (
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  agent: Agent,
  done: () => void,
) => {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([k]) => !hopByHop.has(k.toLowerCase())),
  );
  const up = request(target, { method: req.method, headers, agent }, (answer) => {
    const out = Object.fromEntries(
      Object.entries(answer.headers).filter(([k]) => !hopByHop.has(k.toLowerCase())),
    );
    res.writeHead(answer.statusCode ?? 502, out);
    // SSE: every chunk goes out as it comes.
    res.flushHeaders();
    answer.pipe(res);
    answer.on('end', done);
    answer.on('error', done);
  });
  up.on('error', (e) => {
    done();
    json(res, 502, {
      error: {
        message: `the model's vLLM at ${target.origin} did not answer (${(e as { code?: string }).code ?? e.message})`,
        type: 'service_unavailable',
        param: null,
        code: 'model_unreachable',
      },
    });
  });
  // The client went away mid-answer: the upstream request ends too, so in-flight drops.
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
    done();
  });
  req.pipe(up);
};

export const createWakerServer = (o: {
  service: WakeService;
  /** The master key (LITELLM_MASTER_KEY): the operator's routes need it. */
  adminKey: string;
  agent: Agent;
}): Server => {
  const { service } = o;
  const admin = (req: IncomingMessage) => {
    const got = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    return o.adminKey.length > 0 && timingSafeEqual(digest(got), digest(o.adminKey));
  };
  const operator = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (!admin(req))
      return json(res, 401, {
        error: { message: 'the master key is required', code: 'unauthorized' },
      });
    const body = req.method === 'GET' ? {} : await readJson(req);
    if (req.method === 'GET' && path === '/lifecycle') return json(res, 200, service.snapshot());
    if (req.method === 'POST' && path === '/lifecycle/sleep') {
      const names = Array.isArray(body.models) ? body.models.map(String) : [];
      service.sleep(body.all === true ? 'all' : names);
      return json(res, 200, service.snapshot());
    }
    if (req.method === 'POST' && path === '/lifecycle/resume') {
      service.resume();
      return json(res, 200, service.snapshot());
    }
    if (req.method === 'POST' && path === '/lifecycle/wake') {
      service.wake(typeof body.model === 'string' ? body.model : '');
      return json(res, 200, service.snapshot());
    }
    const model = /^\/lifecycle\/models\/([A-Za-z0-9._:-]+)$/.exec(path)?.[1];
    if (req.method === 'PUT' && model) {
      service.setModel(model, {
        idleMinutes: typeof body.idleMinutes === 'number' ? body.idleMinutes : undefined,
        pinned: typeof body.pinned === 'boolean' ? body.pinned : undefined,
      });
      return json(res, 200, service.snapshot());
    }
    if (req.method === 'PUT' && path === '/lifecycle/settings') {
      service.setMargin(Number(body.marginPercent));
      return json(res, 200, service.snapshot());
    }
    return json(res, 404, {
      error: { message: `no route ${req.method} ${path}`, code: 'not_found' },
    });
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://waker');
    const path = url.pathname;
    if (path === '/health') return json(res, 200, { status: 'ok' });
    // The batch service asks before it takes a line: a line wakes nothing an interactive request
    // waits behind.
    if (path === '/lifecycle/batch-turn')
      return json(res, 200, { go: service.batchTurn(url.searchParams.get('model') ?? '') });
    if (path.startsWith('/lifecycle')) return operator(req, res, path);
    const m = /^\/([A-Za-z0-9._:-]+)(\/v1\/.*)$/.exec(path);
    if (!m) return json(res, 404, { error: { message: `no route ${path}`, code: 'not_found' } });
    let settle: ((a: Admission) => void) | null = null;
    const pending = service.admit(m[1]!, 'interactive', (s) => (settle = s));
    // A client that hangs up while held no longer waits (the response closes unfinished).
    const gone = () => {
      if (settle) service.forget(settle);
    };
    res.on('close', gone);
    const a = await pending;
    res.off('close', gone);
    if (!a.go) return refuse(res, a);
    if (res.destroyed) return a.done();
    forward(req, res, new URL(`${m[2]}${url.search}`, a.url), o.agent, a.done);
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) =>
      json(res, 400, { error: { message: toErrorInfo(e).message, code: 'bad_request' } }),
    );
  });
};
