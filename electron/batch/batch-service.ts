import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { redisOutageLog, untilRedisReady } from './redis-ready';
import { defaultBatchLimits } from '../core/batch-input';
import type { Clock, Timers } from '../core/ports';
import { BatchApi } from './batch-api';
import { BatchAuth } from './batch-auth';
import { BatchKeySeal } from './batch-key-seal';
import { BatchQueues } from './batch-queues';
import { createBatchServer } from './batch-server';
import { BatchStore } from './batch-store';
import { BatchWorker, type LineCaller } from './batch-worker';
import { httpRequest } from '../node/services/http-json';
import { YieldGate } from './yield-gate';

export interface BatchServiceConfig {
  host: string;
  port: number;
  redisUrl: string;
  /** How long a start waits for Redis to answer (HAGW_BATCH_REDIS_WAIT_S, 60 s). */
  redisWaitMs?: number;
  litellmUrl: string;
  /** For the yield rule; null when there is no vLLM (Ollama only). */
  vllmUrl: string | null;
  /** The wake service, asked whether a line may wake its model; null: none in this stack. */
  wakerUrl: string | null;
  secret: string;
  concurrency: number;
  /** vLLM requests waiting above which the worker takes no new line. */
  maxWaiting: number;
  lockMs: number;
}

/** A line's call through LiteLLM with the batch's own key, so its limits and spend apply. */
export const liteLlmLineCaller =
  (litellmUrl: string): LineCaller =>
  async (endpoint, key, body) => {
    const r = await httpRequest(`LiteLLM at ${litellmUrl}`, `${litellmUrl}${endpoint}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // A long generation on a busy card takes minutes; the completion window is 24 h.
      timeoutMs: 10 * 60_000,
      maxBytes: 32 * 1024 * 1024,
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      parsed = {
        error: { message: r.text.slice(0, 500), type: 'server_error', param: null, code: null },
      };
    }
    const retryAfter = Number(r.headers.get('retry-after') ?? NaN);
    return {
      status: r.status,
      body: parsed,
      requestId: r.headers.get('x-litellm-call-id'),
      retryAfterS: Number.isFinite(retryAfter) ? retryAfter : null,
    };
  };

export interface RunningBatchService {
  server: Server;
  /** Stops taking requests and lines, waits for the lines in flight, closes Redis. */
  close(): Promise<void>;
}

/** `hagw batch serve`: the HTTP API and the worker in one process, on one Redis. */
export const startBatchService = async (
  c: BatchServiceConfig,
  deps: { clock: Clock; timers: Timers; log: (line: string) => void },
): Promise<RunningBatchService> => {
  const seal = new BatchKeySeal(c.secret);
  // BullMQ's workers block on their connection and need it to retry forever; HTTP requests must
  // fail fast instead when Redis is down, so the API has its own connection.
  const queueRedis = new Redis(c.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  const apiRedis = new Redis(c.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  for (const r of [queueRedis, apiRedis]) r.on('error', () => undefined);
  const wait = {
    url: c.redisUrl,
    waitMs: c.redisWaitMs ?? 60_000,
    timers: deps.timers,
    log: deps.log,
  };
  try {
    await untilRedisReady(queueRedis, wait);
    await untilRedisReady(apiRedis, { ...wait, log: () => undefined });
  } catch (e) {
    queueRedis.disconnect();
    apiRedis.disconnect();
    throw e;
  }
  const outage = redisOutageLog(c.redisUrl, deps.log);
  queueRedis.on('error', outage.error);
  queueRedis.on('ready', outage.ready);
  const queues = new BatchQueues(queueRedis);
  const gate = new YieldGate({
    vllmUrl: c.vllmUrl,
    wakerUrl: c.wakerUrl,
    maxWaiting: c.maxWaiting,
    clock: deps.clock,
    timers: deps.timers,
  });
  const worker = new BatchWorker({
    redis: queueRedis,
    data: new BatchStore(queueRedis),
    queues,
    seal,
    call: liteLlmLineCaller(c.litellmUrl),
    gate,
    clock: deps.clock,
    timers: deps.timers,
    options: { concurrency: c.concurrency, lockMs: c.lockMs, outputTtlS: 7 * 24 * 3600 },
    log: deps.log,
    // A Redis outage is the outage log's one line, not one per retry of every queue.
    onQueueError: (e) =>
      /ECONNREFUSED|Connection is closed|ECONNRESET|EPIPE/.test(e.message)
        ? outage.error(e)
        : deps.log(`hagw batch: queue error: ${e.message}`),
  }).start();
  const server = createBatchServer({
    api: new BatchApi({
      data: new BatchStore(apiRedis),
      queues,
      seal,
      clock: deps.clock,
      limits: defaultBatchLimits,
    }),
    auth: new BatchAuth(c.litellmUrl, deps.clock),
    maxFileBytes: defaultBatchLimits.maxFileBytes,
    ready: () =>
      apiRedis.ping().then(
        () => true,
        () => false,
      ),
    log: deps.log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(c.port, c.host, () => resolve());
  });
  return {
    server,
    close: async () => {
      server.close();
      server.closeAllConnections();
      await worker.close();
      queues.dispose();
      // Redis already gone at shutdown: nothing is lost (the queue lives in its append-only file).
      await Promise.all([queueRedis.quit(), apiRedis.quit()]).catch((e: unknown) =>
        process.stderr.write(`hagw batch: closing the Redis connections: ${String(e)}\n`),
      );
    },
  };
};
