// vLLM's sleep-mode endpoints (VLLM_SERVER_DEV_MODE=1 and --enable-sleep-mode): POST /sleep,
// POST /wake_up, POST /collective_rpc, POST /reset_prefix_cache, GET /is_sleeping
// (vllm/entrypoints/serve/dev/sleep/api_router.py; docs/features/sleep_mode.md). Every answer is
// turned into one of a few outcomes the wake service can act on.
import { GatewayError } from '../../core/gateway-error';
import { httpRequest } from './http-json';

export type SleepOutcome =
  | { ok: true }
  /** The endpoints are missing (no dev mode) or the engine refuses (no --enable-sleep-mode). */
  | { ok: false; unsupported: string }
  /** Nothing listens: the container is stopped or restarting. */
  | { ok: false; down: string }
  | { ok: false; error: string };

export interface VllmSleepClient {
  isSleeping(url: string): Promise<boolean | SleepOutcome>;
  sleep(url: string, level: 1 | 2): Promise<SleepOutcome>;
  /** Level 2 reallocated the weights empty: reload them, and drop the stale prefix cache. */
  wakeUp(url: string, level: 0 | 1 | 2): Promise<SleepOutcome>;
}

export const enableSleepWith =
  'start vLLM with VLLM_SERVER_DEV_MODE=1 and --enable-sleep-mode (HAGW_VLLM_SLEEP_MODE=1 in the stack .env)';

const outcome = async (call: Promise<{ status: number; text: string }>): Promise<SleepOutcome> => {
  try {
    const r = await call;
    if (r.status === 200) return { ok: true };
    if (r.status === 404) return { ok: false, unsupported: 'dev mode is off (404)' };
    if (r.status === 500 && /sleep mode/i.test(r.text))
      return { ok: false, unsupported: 'sleep mode is off' };
    return { ok: false, error: `vLLM answered ${r.status}: ${r.text.slice(0, 200)}` };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof GatewayError && e.code === 'UNREACHABLE') return { ok: false, down: message };
    return { ok: false, error: message };
  }
};

export const createVllmSleepClient = (o: { timeoutMs: number }): VllmSleepClient => {
  const post = (url: string, path: string, body?: unknown) =>
    httpRequest(`vLLM at ${url}`, `${url}${path}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: o.timeoutMs,
    });
  return {
    isSleeping: async (url) => {
      let answer: { status: number; text: string } | null = null;
      const r = await outcome(
        httpRequest(`vLLM at ${url}`, `${url}/is_sleeping`, { timeoutMs: 5_000 }).then((a) => {
          answer = a;
          return a;
        }),
      );
      if (!r.ok || !answer) return r;
      try {
        return (
          (JSON.parse((answer as { text: string }).text) as { is_sleeping?: unknown })
            .is_sleeping === true
        );
      } catch {
        return { ok: false, error: 'vLLM answered /is_sleeping with something not JSON' };
      }
    },
    sleep: (url, level) => outcome(post(url, `/sleep?level=${level}`)),
    wakeUp: async (url, level) => {
      const woke = await outcome(post(url, '/wake_up'));
      if (!woke.ok || level < 2) return woke;
      const reloaded = await outcome(post(url, '/collective_rpc', { method: 'reload_weights' }));
      if (!reloaded.ok) return reloaded;
      // A missing /reset_prefix_cache (older vLLM) is harmless: the cache was dropped with the KV.
      await outcome(post(url, '/reset_prefix_cache'));
      return { ok: true };
    },
  };
};
