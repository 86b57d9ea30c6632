import type { Redis } from 'ioredis';
import { GatewayError } from '../core/gateway-error';
import type { Timers } from '../core/ports';

/**
 * Connects, and waits (bounded) for Redis to answer: a batch service started before Redis serves
 * once it does, and one whose Redis never comes says so and exits, instead of hanging.
 */
export const untilRedisReady = async (
  r: Redis,
  o: { url: string; waitMs: number; timers: Timers; log: (line: string) => void },
): Promise<void> => {
  if (r.status === 'ready') return;
  let said = false;
  const sayOnce = (e: Error) => {
    if (said) return;
    said = true;
    o.log(
      `hagw batch: Redis at ${o.url} does not answer (${e.message}); waiting up to ${Math.round(o.waitMs / 1000)} s for it`,
    );
  };
  r.on('error', sayOnce);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = o.timers.setTimeout(() => {
        r.off('ready', ready);
        reject(
          new GatewayError(
            'REDIS_DOWN',
            `Redis at ${o.url} did not answer within ${Math.round(o.waitMs / 1000)} s: start it (the stack's redis service, or redis-server) or set HAGW_REDIS_URL, then run hagw batch serve again.`,
          ),
        );
      }, o.waitMs);
      const ready = () => {
        timer.dispose();
        resolve();
      };
      r.once('ready', ready);
      // ioredis keeps retrying on its own after a failed first connect; 'ready' ends the wait.
      r.connect().catch((e: Error) => sayOnce(e));
    });
  } finally {
    r.off('error', sayOnce);
  }
  if (said) o.log(`hagw batch: Redis at ${o.url} answers`);
};

/**
 * One line when Redis goes away and one when it is back, not one per failed retry (an outage
 * logged the same connection error 60 times in 7 s).
 */
export const redisOutageLog = (url: string, log: (line: string) => void) => {
  let down = false;
  return {
    error: (e: Error) => {
      if (down) return;
      down = true;
      log(`hagw batch: lost Redis at ${url} (${e.message}); lines wait until it is back`);
    },
    ready: () => {
      if (!down) return;
      down = false;
      log(`hagw batch: Redis at ${url} is back`);
    },
  };
};
