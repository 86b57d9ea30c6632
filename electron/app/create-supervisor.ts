import type { Clock, Timers } from '../core/ports';
import { DataDirLease } from '../node/storage/data-dir-lease';
import type { App } from './create-app';
import { httpPushChannel } from '../node/push/http-push-channel';
import { PushRouter } from '../node/push/push-router';
import type { Warn } from '../node/storage/state-file';
import { Supervisor, type SupervisedGateway } from './supervisor';

/**
 * The supervisor every face hosts, wired the same way everywhere: pushes go to the channels in
 * channels.json through one router, and only the holder of the data directory's lease sends.
 * The lease is checked every tick (10 s at most) and lapses after four missed checks, so a dead
 * sender is replaced within a minute. `what` names the host in the lease ("hagw monitor").
 */
export const createSupervisor = (
  gw: SupervisedGateway & Pick<App, 'alerts' | 'config'>,
  o: { what: string; clock: Clock; timers: Timers; warn: Warn },
): Supervisor => {
  const tickMs = gw.config.alertTickMs;
  const checkMs = Math.min(tickMs, 10_000);
  const router = new PushRouter({
    settings: async () => {
      const f = await gw.alerts.channels.read();
      return { channels: f.channels.map((c) => httpPushChannel(c)), quietHours: f.quietHours };
    },
    clock: o.clock,
    timers: o.timers,
    warn: o.warn,
  });
  return new Supervisor({
    gw,
    clock: o.clock,
    timers: o.timers,
    warn: o.warn,
    router,
    lease: new DataDirLease(gw.config.dataDir, o.what, o.clock, o.timers, {
      checkMs,
      ttlMs: 4 * checkMs,
      warn: o.warn,
    }),
    tickMs,
  });
};
