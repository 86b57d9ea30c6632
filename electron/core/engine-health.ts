// Healthy on paper, dead in fact: vLLM has answered /health 200 with its engine dead
// (vllm-project/vllm#39863), so the container's healthcheck stays green while every call fails.
// This rule reads LiteLLM's own counters per local route and calls an engine dead when, between
// two readings, its calls failed (at least `minFailures`) and none succeeded while the container
// that serves it reports healthy. One success clears it. Pure: the watch feeds it readings.
import type { Observation } from './alert-engine';

export interface RouteCounts {
  route: string;
  /** The compose service behind it (vllm, vllm-coder, ollama); null when not a local server. */
  service: string | null;
  total: number;
  failed: number;
}

export interface EngineState {
  counts: Record<string, { total: number; failed: number }>;
  dead: Record<string, { service: string; failures: number }>;
}

export const emptyEngineState = (): EngineState => ({ counts: {}, dead: {} });

/** The stack's models behind the wake service, by served name: the compose service of each. */
export const wakerServices: Readonly<Record<string, string>> = {
  'local-chat': 'vllm',
  'local-coder': 'vllm-coder',
  'local-embed': 'vllm-embed',
};

/** The compose service a LiteLLM api_base points at, by host name or (on the host) its port. */
export const localServiceOf = (apiBase: string | undefined): string | null => {
  // Core has no URL class (no DOM or Node typings): scheme, host and port by hand.
  const m = /^https?:\/\/([^/:?#]+)(?::(\d+))?/i.exec(apiBase ?? '');
  if (!m) return null;
  const host = (m[1] ?? '').toLowerCase();
  if (['vllm', 'vllm-coder', 'vllm-embed', 'ollama'].includes(host)) return host;
  const loopback = host === '127.0.0.1' || host === 'localhost';
  // Through the wake service (waker:4200/<model>/v1): the model's own vLLM service.
  if (host === 'waker' || (loopback && m[2] === '4200')) {
    const model = /^https?:\/\/[^/]+\/([^/]+)\//i.exec(apiBase ?? '')?.[1] ?? '';
    return wakerServices[model] ?? null;
  }
  const byPort: Record<string, string> = {
    '8000': 'vllm',
    '8001': 'vllm-coder',
    '8002': 'vllm-embed',
    '11434': 'ollama',
  };
  return loopback ? (byPort[m[2] ?? ''] ?? null) : null;
};

export const nextEngineState = (
  prev: EngineState,
  counts: readonly RouteCounts[],
  health: (service: string) => string | null,
  minFailures = 3,
): { state: EngineState; observations: Observation[] } => {
  const state: EngineState = { counts: {}, dead: { ...prev.dead } };
  for (const c of counts) {
    state.counts[c.route] = { total: c.total, failed: c.failed };
    const before = prev.counts[c.route];
    if (!c.service || !before) continue;
    // A counter that went back (LiteLLM restarted) starts the comparison again.
    if (c.total < before.total || c.failed < before.failed) continue;
    const failed = c.failed - before.failed;
    const succeeded = c.total - before.total - failed;
    if (succeeded > 0 || health(c.service) !== 'healthy') delete state.dead[c.route];
    else if (failed >= minFailures || (state.dead[c.route] && failed > 0))
      state.dead[c.route] = {
        service: c.service,
        failures: (state.dead[c.route]?.failures ?? 0) + failed,
      };
  }
  const observations = Object.entries(state.dead).map(([route, d]): Observation => ({
    id: `engine:dead:${route}`,
    severity: 'critical',
    source: 'stack',
    title: `${route} fails every call while ${d.service} reports healthy`,
    message: `${d.failures} calls to ${route} failed and none succeeded, yet the ${d.service} container's healthcheck passes: its engine is likely dead (vLLM answers /health while its engine is gone, vllm-project/vllm#39863). Restart ${d.service}; hagw status --deep tries each route.`,
    actions: [{ id: 'restart-service', label: `Restart ${d.service}` }],
    target: d.service,
  }));
  return { state, observations };
};
