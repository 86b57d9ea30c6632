// vLLM's sleep mode, as the stand-in plays it. Read from vllm-project/vllm (the index's latest
// stored versions: vllm/entrypoints/serve/dev/sleep/api_router.py at e7a47b8 and
// docs/features/sleep_mode.md at 01181dd), and from the bugs operators hit:
// - the endpoints exist only with VLLM_SERVER_DEV_MODE=1 (else 404, FastAPI's {"detail"});
// - POST /sleep?level=1|2&mode=abort: mode defaults to "abort", so requests in flight are cut
//   (finish_reason "abort"); the call answers 200 with an empty body once the engine sleeps;
// - without --enable-sleep-mode the engine refuses to sleep: a 500 (the allocator asserts);
// - POST /wake_up answers 200 once memory is back; after a level-2 sleep the weights are
//   reallocated empty and the model says garbage until POST /collective_rpc
//   {"method":"reload_weights"} (docs: "Load weights in-place"; vllm-project/vllm#16564 and
//   MetaX-MACA/vLLM-metax#131: "outputs only exclamation marks after sleep/wake");
// - GET /is_sleeping: {"is_sleeping": bool}, true until every tag is back;
// - a generation sent while asleep kills the engine (vllm-project/vllm#15483, open: "CUDA error:
//   an illegal memory access", then MQLLMEngine is dead): nothing in vLLM holds or refuses it.
// Memory and power go to a ledger file that the nvidia-smi stand-in reads, so GPU readings move
// with the lifecycle.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

export interface SleepModeOptions {
  /** VLLM_SERVER_DEV_MODE=1: the dev endpoints exist. */
  devMode: boolean;
  /** --enable-sleep-mode. */
  enabled: boolean;
  /** How long each step takes (real: sleep ~0.1-1 s, level-1 wake 0.1-0.4 s, reload seconds). */
  sleepMs: number;
  wakeMs: number;
  reloadMs: number;
  /** VRAM held awake (gpu-memory-utilization x card), and left asleep (CUDA context). */
  vramMiB: number;
  residualMiB: number;
  /** Watts the card draws for this model being resident, over its idle draw. */
  residentW: number;
  /** Folder of the ledger the nvidia-smi stand-in reads (unset: none). */
  ledgerDir?: string;
  name: string;
}

export interface SleepHooks {
  /** mode=abort: every request in flight ends with finish_reason "abort". */
  abortInFlight(): void;
  /** What a generation while asleep does to the engine. */
  killEngine(): void;
}

export interface SleepMode {
  /** Answers the dev endpoints; false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  /** Called before a generation: false when it must not run (the engine was killed). */
  admit(): boolean;
  /** True while the weights are reallocated but not reloaded: answers are garbage. */
  garbage(): boolean;
  readonly state: { sleeping: boolean; level: 0 | 1 | 2; weightsValid: boolean };
  /** Writes the ledger entry (at listen, and on every change). */
  publish(): void;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const devPaths = new Set([
  '/sleep',
  '/wake_up',
  '/is_sleeping',
  '/collective_rpc',
  '/reset_prefix_cache',
]);

export const createSleepMode = (o: SleepModeOptions, hooks: SleepHooks): SleepMode => {
  const state = { sleeping: false, level: 0 as 0 | 1 | 2, weightsValid: true };
  const publish = () => {
    if (!o.ledgerDir) return;
    mkdirSync(o.ledgerDir, { recursive: true });
    const memoryMiB = state.sleeping ? o.residualMiB : o.vramMiB;
    writeFileSync(
      join(o.ledgerDir, `${o.name}.json`),
      JSON.stringify({ name: o.name, memoryMiB, residentW: state.sleeping ? 0 : o.residentW }),
    );
  };
  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (!devPaths.has(path)) return false;
    if (!o.devMode) {
      json(res, 404, { detail: 'Not Found' });
      return true;
    }
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (path === '/is_sleeping' && req.method === 'GET') {
      json(res, 200, { is_sleeping: state.sleeping });
      return true;
    }
    if (req.method !== 'POST') {
      json(res, 405, { detail: 'Method Not Allowed' });
      return true;
    }
    if (path === '/sleep') {
      if (!o.enabled) {
        json(res, 500, {
          error: {
            message: 'Sleep mode is not enabled. Start the server with --enable-sleep-mode.',
            type: 'InternalServerError',
            param: null,
            code: 500,
          },
        });
        return true;
      }
      const level = Number(q.get('level') ?? '1') >= 2 ? 2 : 1;
      if ((q.get('mode') ?? 'abort') === 'abort') hooks.abortInFlight();
      await wait(o.sleepMs);
      // Sleeping an already sleeping engine is a no-op; a deeper level drops the weights.
      if (!state.sleeping || level > state.level) state.level = level;
      state.sleeping = true;
      if (state.level === 2) state.weightsValid = false;
      publish();
      res.writeHead(200).end();
      return true;
    }
    if (path === '/wake_up') {
      if (state.sleeping) {
        await wait(o.wakeMs);
        state.sleeping = false;
        state.level = 0;
        publish();
      }
      res.writeHead(200).end();
      return true;
    }
    if (path === '/reset_prefix_cache') {
      res.writeHead(200).end();
      return true;
    }
    // /collective_rpc
    const b = await readBody(req);
    if (b.method === 'reload_weights') {
      await wait(o.reloadMs);
      state.weightsValid = true;
    }
    json(res, 200, { results: [null] });
    return true;
  };
  return {
    handle,
    admit: () => {
      if (!state.sleeping) return true;
      hooks.killEngine();
      return false;
    },
    garbage: () => !state.weightsValid,
    state,
    publish,
  };
};

/**
 * Real vLLM's start check (the v1 GPU worker's init_device): the card's free memory must cover
 * gpu-memory-utilization x total, else it exits with this ValueError, so a model that does not
 * fit beside the awake ones cannot even start. The free memory is the card less what the other
 * stand-ins' ledger entries hold; null when it fits (or there is no ledger or card size).
 */
export const startRefusal = (o: {
  cardMiB: number;
  vramMiB: number;
  ledgerDir?: string;
  name: string;
}): string | null => {
  if (!o.ledgerDir || !(o.cardMiB > 0) || !existsSync(o.ledgerDir)) return null;
  let held = 0;
  for (const f of readdirSync(o.ledgerDir).filter(
    (n) => n.endsWith('.json') && n !== `${o.name}.json`,
  )) {
    try {
      held +=
        Number(
          (JSON.parse(readFileSync(join(o.ledgerDir, f), 'utf8')) as { memoryMiB?: unknown })
            .memoryMiB,
        ) || 0;
    } catch {
      // a file being written
    }
  }
  const free = o.cardMiB - held;
  if (free >= o.vramMiB) return null;
  const gib = (mib: number) => (mib / 1024).toFixed(2);
  return `ValueError: Free memory on device cuda:0 (${gib(free)}/${gib(o.cardMiB)} GiB) on startup is less than desired GPU memory utilization (${(o.vramMiB / o.cardMiB).toFixed(2)}, ${gib(o.vramMiB)} GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.`;
};
