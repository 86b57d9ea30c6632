// The wake service's composition: its environment to a WakeService behind its HTTP server.
//   HAGW_WAKER_MODELS       the local models (core/waker-models.ts)
//   HAGW_GPU_MEMORY_MIB     the card's memory (hagw setup writes it from nvidia-smi)
//   HAGW_VRAM_MARGIN_PERCENT, HAGW_IDLE_MINUTES, HAGW_PINNED   first-start defaults; later
//                           changes live in HAGW_WAKER_STATE (the service's volume)
//   HAGW_WAKE_HOLD_S        how long a request is held while its model wakes (default 120; the
//                           compose file sets 300)
//   HAGW_WAKE_STOPPED_S     how long held requests wait for a stopped container to answer (a
//                           restart; vLLM loads in 30-100 s), default 240
//   LITELLM_MASTER_KEY      the operator's routes need it
import { Agent } from 'node:http';
import { readFileSync } from 'node:fs';
import {
  defaultIdleMinutes,
  defaultVramMarginPercent,
  idleMinutesProblem,
  vramMarginProblem,
} from '../core/lifecycle-settings';
import { GatewayError } from '../core/gateway-error';
import type { Clock, Timers } from '../core/ports';
import { parseWakerModels } from '../core/waker-models';
import { createVllmSleepClient } from '../node/services/vllm-sleep-client';
import { wakerSettingsFile } from '../node/storage/waker-settings-file';
import { createWakerServer } from './waker-server';
import { WakeService } from './wake-service';

const whole = (
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  problem?: (n: number) => string | null,
) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  const why = problem
    ? problem(n)
    : Number.isInteger(n) && n >= 0
      ? null
      : 'a whole number is expected';
  if (why) throw new GatewayError('BAD_CONFIG', `${name}=${raw.slice(0, 20)}: ${why}`);
  return n;
};

/** MemAvailable less 4 GiB for the host: what level-1 sleepers' weights may fill. */
const cpuFreeMiB = (): number => {
  try {
    const kb = Number(/MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    return Number.isFinite(kb) ? Math.max(0, Math.floor(kb / 1024) - 4096) : 0;
  } catch {
    return 0;
  }
};

export const runWaker = async (
  env: NodeJS.ProcessEnv,
  o: { port: number; clock: Clock; timers: Timers; log: (line: string) => void },
): Promise<{ close(): Promise<void> }> => {
  const cardMiB = whole(env, 'HAGW_GPU_MEMORY_MIB', 24_576);
  const models = parseWakerModels(env.HAGW_WAKER_MODELS ?? '', cardMiB);
  if (models.length === 0)
    throw new GatewayError(
      'BAD_CONFIG',
      'HAGW_WAKER_MODELS names no model; run "hagw setup" again',
    );
  const idle = whole(env, 'HAGW_IDLE_MINUTES', defaultIdleMinutes, idleMinutesProblem);
  const pinned = new Set((env.HAGW_PINNED ?? '').split(',').map((s) => s.trim()));
  const store = wakerSettingsFile(
    env.HAGW_WAKER_STATE ?? '/data/lifecycle.json',
    {
      marginPercent: whole(
        env,
        'HAGW_VRAM_MARGIN_PERCENT',
        defaultVramMarginPercent,
        vramMarginProblem,
      ),
      freed: false,
      models: Object.fromEntries(
        models.map((m) => [m.name, { idleMinutes: idle, pinned: pinned.has(m.name) }]),
      ),
    },
    o.log,
  );
  const service = new WakeService(
    {
      models,
      cardMiB,
      residualMiB: whole(env, 'HAGW_SLEEP_RESIDUAL_MIB', 512),
      quantumMs: whole(env, 'HAGW_WAKE_QUANTUM_MS', 2000),
      holdMs: whole(env, 'HAGW_WAKE_HOLD_S', 120) * 1000,
      failBackoffMs: whole(env, 'HAGW_WAKE_BACKOFF_S', 30) * 1000,
      reconcileMs: whole(env, 'HAGW_WAKE_RECONCILE_MS', 5000),
      stoppedWaitMs: whole(env, 'HAGW_WAKE_STOPPED_S', 240) * 1000,
    },
    {
      client: createVllmSleepClient({ timeoutMs: whole(env, 'HAGW_WAKE_TIMEOUT_S', 300) * 1000 }),
      clock: o.clock,
      timers: o.timers,
      cpuFreeMiB,
      store,
      log: o.log,
    },
  );
  await service.start();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createWakerServer({ service, adminKey: env.LITELLM_MASTER_KEY ?? '', agent });
  await new Promise<void>((resolve) =>
    server.listen(o.port, env.HAGW_WAKER_HOST ?? '0.0.0.0', resolve),
  );
  o.log(`hagw-waker: ${models.map((m) => m.name).join(', ')} on port ${o.port}`);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        service.dispose();
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
