import type { Clock, Timers } from '../../core/ports';
import type { AppConfig } from '../../app/app-environment';
import { readStackEnv } from '../../app/stack-env';
import { startBatchService } from '../../batch/batch-service';
import { wholeIn } from '../cli-numbers';
import { type CliIo, CliExit } from '../cli-output';
import { untilSignal } from '../until-signal';

/**
 * `hagw batch serve`: the OpenAI Batch API and its worker, until SIGTERM. The stack's batch
 * container runs exactly this; outside compose it serves development and the tests. Configured by
 * the environment (the container's, or the stack's .env for HAGW_BATCH_SECRET on the host).
 */
export const batchServeCommand = async (
  config: Pick<AppConfig, 'litellmUrl' | 'vllmUrl' | 'envFile' | 'wakerUrl'>,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  a: { port: number | undefined; clock: Clock; timers: Timers },
): Promise<number> => {
  const secret = env.HAGW_BATCH_SECRET ?? (await readStackEnv(config)).HAGW_BATCH_SECRET;
  if (!secret)
    throw new CliExit(
      1,
      'no HAGW_BATCH_SECRET: run "hagw setup" (it writes one into the stack\'s .env) or set the variable.',
    );
  const port = a.port ?? wholeIn(env.HAGW_BATCH_PORT, 'HAGW_BATCH_PORT', 1, 65535) ?? 4100;
  const yieldTo = env.HAGW_BATCH_YIELD_TO?.trim();
  if (yieldTo !== undefined && yieldTo !== '' && yieldTo !== 'none' && yieldTo !== 'vllm')
    throw new CliExit(
      2,
      `HAGW_BATCH_YIELD_TO is "none" (never wait for vLLM's queue) or "vllm" (the default); got ${JSON.stringify(yieldTo.slice(0, 40))}.`,
    );
  const service = await startBatchService(
    {
      host: env.HAGW_BATCH_HOST?.trim() || '127.0.0.1',
      port,
      redisUrl: env.HAGW_REDIS_URL?.trim() || 'redis://127.0.0.1:6379',
      litellmUrl: config.litellmUrl,
      vllmUrl: yieldTo === 'none' ? null : config.vllmUrl,
      // Unset in the environment: no wake service to ask (a stack without one).
      wakerUrl: env.HAGW_WAKER_URL?.trim() ? config.wakerUrl : null,
      secret,
      concurrency: wholeIn(env.HAGW_BATCH_CONCURRENCY, 'HAGW_BATCH_CONCURRENCY', 1, 64) ?? 2,
      maxWaiting: wholeIn(env.HAGW_BATCH_MAX_WAITING, 'HAGW_BATCH_MAX_WAITING', 0, 10_000) ?? 0,
      lockMs: wholeIn(env.HAGW_BATCH_LOCK_MS, 'HAGW_BATCH_LOCK_MS', 1000, 600_000) ?? 30_000,
      redisWaitMs:
        (wholeIn(env.HAGW_BATCH_REDIS_WAIT_S, 'HAGW_BATCH_REDIS_WAIT_S', 0, 3600) ?? 60) * 1000,
    },
    { clock: a.clock, timers: a.timers, log: (line) => io.err(line) },
  );
  const addr = service.server.address();
  io.err(
    `hagw batch: serving /v1/files and /v1/batches on ${typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : port} (LiteLLM ${config.litellmUrl})`,
  );
  const signal = await untilSignal();
  io.err(`hagw batch: ${signal}, finishing the lines in flight`);
  await service.close();
  return 0;
};
