// A wake service in this process in front of vLLM stand-ins with sleep mode, on 127.0.0.1: for
// the CLI's and the dashboard's lifecycle tests (hagw reaches it with HAGW_WAKER_URL).
import { Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, systemTimers } from '../../electron/app/app-environment';
import { createVllmSleepClient } from '../../electron/node/services/vllm-sleep-client';
import { createWakerServer } from '../../electron/waker/waker-server';
import { WakeService, type WakerSettings } from '../../electron/waker/wake-service';
import { createVllmStandin, sleepOptions } from '../standins/vllm-standin';

export interface WakerWorld {
  url: string;
  service: WakeService;
  vllms: Record<string, ReturnType<typeof createVllmStandin> & { url: string }>;
  close(): Promise<void>;
}

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

export const startWakerWorld = async (
  models: { name: string; vramMiB: number; sleepMode?: boolean }[],
  o: {
    masterKey: string;
    settings?: Partial<WakerSettings>;
    ledgerDir?: string;
    /** The stand-ins' stream pace and wake time (the bench's realistic ones). */
    tokensPerS?: number;
    wakeMs?: number;
  },
): Promise<WakerWorld> => {
  const vllms: WakerWorld['vllms'] = {};
  for (const m of models) {
    const v = createVllmStandin({
      servedName: m.name,
      model: m.name,
      maxModelLen: 4096,
      tokensPerS: o.tokensPerS ?? 0,
      sleep: sleepOptions(m.sleepMode === false ? [] : ['--enable-sleep-mode'], {
        VLLM_SERVER_DEV_MODE: '1',
        STANDIN_SLEEP_MS: '20',
        STANDIN_WAKE_MS: String(o.wakeMs ?? 60),
        STANDIN_VRAM_MIB: String(m.vramMiB),
        ...(o.ledgerDir ? { STANDIN_GPU_LEDGER: o.ledgerDir } : {}),
      }),
    });
    vllms[m.name] = { ...v, url: await listen(v.server) };
  }
  let saved: WakerSettings = { marginPercent: 10, freed: false, models: {}, ...o.settings };
  const service = new WakeService(
    {
      models: models.map((m) => ({
        name: m.name,
        url: vllms[m.name]!.url,
        vramMiB: m.vramMiB,
        weightsMiB: Math.round(m.vramMiB / 3),
      })),
      cardMiB: 24_576,
      residualMiB: 480,
      quantumMs: 200,
      holdMs: 10_000,
      failBackoffMs: 30_000,
      reconcileMs: 60_000,
      stoppedWaitMs: 2_000,
    },
    {
      client: createVllmSleepClient({ timeoutMs: 5000 }),
      clock: systemClock,
      timers: systemTimers,
      cpuFreeMiB: () => 64_000,
      store: { load: () => structuredClone(saved), save: (s) => (saved = structuredClone(s)) },
      log: () => undefined,
    },
  );
  await service.start();
  const agent = new Agent({ keepAlive: true });
  const server = createWakerServer({ service, adminKey: o.masterKey, agent });
  const url = await listen(server);
  return {
    url,
    service,
    vllms,
    close: async () => {
      service.dispose();
      agent.destroy();
      for (const s of [server, ...Object.values(vllms).map((v) => v.server)]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
};
