// What the gateway adds to every request: chat completions through the real Caddy binary (the
// bundled Caddyfile) -> the LiteLLM stand-in -> the vLLM stand-in, against straight to the vLLM
// stand-in, on 127.0.0.1. Streaming: time to the first token, with vLLM streaming at a set pace
// (a buffering proxy would push the first token to the end). Non-streaming: autocannon, bounded
// by a request count, latency p50/p95 and requests per second.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loopbackFetch } from '../../electron/node/services/loopback-fetch';
import { repoRoot } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { percentile } from './stats';

const site = 'bench.home.arpa';
const masterKey = 'sk-bench-master-0123456789abcdef0123456789abcdef';
const build = join(repoRoot, 'test', '.build');

export interface GatewayPathOptions {
  reps: number;
  streams: number;
  requests: number;
  tokensPerS: number;
}

const waitFor = async (ok: () => Promise<boolean>, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error(`bench: ${what} did not come up within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The bundled Caddyfile, or BENCH_CADDYFILE to see what a change to it costs. */
const caddyfile = (): string =>
  process.env.BENCH_CADDYFILE ?? join(repoRoot, 'compose', 'caddy', 'Caddyfile');

const chatBody = (stream: boolean) =>
  JSON.stringify({
    model: 'local-chat',
    messages: [{ role: 'user', content: 'Say hello in five words.' }],
    max_tokens: 16,
    stream,
  });

/** Milliseconds from the request to the first content chunk of a streamed answer. */
const timeToFirstToken = async (
  f: typeof fetch,
  url: string,
  headers: Record<string, string>,
): Promise<number> => {
  const t0 = performance.now();
  const r = await f(url, { method: 'POST', headers, body: chatBody(true) });
  if (!r.ok || !r.body) throw new Error(`bench: ${url} answered ${r.status}`);
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let first: number | null = null;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    text += decoder.decode(next.value, { stream: true });
    if (first === null && /"content":"[^"]+"/.test(text)) first = performance.now() - t0;
  }
  if (first === null) throw new Error(`bench: no token streamed from ${url}`);
  return first;
};

const cannon = async (o: {
  url: string;
  headers: Record<string, string>;
  requests: number;
  servername?: string;
}) => {
  const times: number[] = [];
  const t0 = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        method: 'POST',
        headers: o.headers,
        body: chatBody(false),
        connections: 8,
        amount: o.requests,
        timeout: 10,
        servername: o.servername,
      },
      (err: unknown, r) =>
        err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(r),
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(
      `bench: ${o.url} answered ${result.non2xx} non-2xx and ${result.errors} errors of ${o.requests}`,
    );
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    // autocannon's own duration is whole seconds: too coarse for a bounded run of a second or two.
    rps: result.requests.total / ((performance.now() - t0) / 1000),
  };
};

export const benchGatewayPath = async (o: GatewayPathOptions) => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-bench-gateway-'));
  const [vllmPort, litellmPort, httpPort, httpsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const base = { PATH: process.env.PATH, HOME: dir };
  const start = (file: string, args: string[], env: Record<string, string>) => {
    const c: ChildProcess = spawn(file, args, { env: { ...base, ...env }, stdio: 'ignore' });
    return c;
  };
  const children = [
    start(
      process.execPath,
      [
        join(build, 'vllm-standin.cjs'),
        '--port',
        String(vllmPort),
        '--served-model-name',
        'local-chat',
      ],
      { STANDIN_TOKENS_PER_S: String(o.tokensPerS) },
    ),
    start(
      process.execPath,
      [
        join(build, 'litellm-standin.cjs'),
        '--config',
        join(repoRoot, 'compose', 'litellm', 'config.yaml'),
        '--port',
        String(litellmPort),
      ],
      {
        LITELLM_MASTER_KEY: masterKey,
        STANDIN_API_BASE: `http://127.0.0.1:${vllmPort}/v1`,
        STANDIN_BATCH_WRITE_MS: '1000',
      },
    ),
    start('caddy', ['run', '--config', caddyfile(), '--adapter', 'caddyfile'], {
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      HAGW_SITE_ADDRESS: site,
      HAGW_UPSTREAM: `127.0.0.1:${litellmPort}`,
      HAGW_CADDY_BIND: '127.0.0.1',
      HAGW_HTTP_PORT: String(httpPort),
      HAGW_HTTPS_PORT: String(httpsPort),
      // Caddy's fixed ports moved to free ones, so a stack running beside the bench is no clash.
      HAGW_CADDY_ADMIN: `localhost:${await freePort()}`,
      HAGW_CADDY_METRICS: `127.0.0.1:${await freePort()}`,
      HAGW_EDGE_PORT: String(await freePort()),
    }),
  ];
  const tls = loopbackFetch();
  const gatewayUrl = `https://${site}:${httpsPort}/v1/chat/completions`;
  const directUrl = `http://127.0.0.1:${vllmPort}/v1/chat/completions`;
  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${vllmPort}/health`)).ok,
      'the vLLM stand-in',
    );
    await waitFor(
      async () => (await tls(`https://${site}:${httpsPort}/health/liveliness`)).ok,
      'Caddy in front of the LiteLLM stand-in',
    );
    const generated = (await (
      await fetch(`http://127.0.0.1:${litellmPort}/key/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key_alias: 'bench' }),
      })
    ).json()) as { key: string };
    const json = { 'content-type': 'application/json' };
    const auth = { ...json, authorization: `Bearer ${generated.key}` };
    const reps = {
      ttft: { ours: [] as number[], theirs: [] as number[] },
      cannon: [] as {
        ours: Awaited<ReturnType<typeof cannon>>;
        theirs: Awaited<ReturnType<typeof cannon>>;
      }[],
    };
    for (let i = 0; i < o.reps; i++) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let n = 0; n < o.streams; n++) {
        ours.push(await timeToFirstToken(tls, gatewayUrl, auth));
        theirs.push(await timeToFirstToken(fetch, directUrl, json));
      }
      reps.ttft.ours.push(percentile(ours, 50));
      reps.ttft.theirs.push(percentile(theirs, 50));
      reps.cannon.push({
        ours: await cannon({
          url: `https://127.0.0.1:${httpsPort}/v1/chat/completions`,
          headers: { ...auth, host: site },
          requests: o.requests,
          servername: site,
        }),
        theirs: await cannon({ url: directUrl, headers: json, requests: o.requests }),
      });
    }
    return { tokensPerS: o.tokensPerS, streams: o.streams, requests: o.requests, ...reps };
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
};
