import type { Observation } from '../core/alert-engine';
import {
  emptyEngineState,
  localServiceOf,
  nextEngineState,
  type RouteCounts,
} from '../core/engine-health';
import type { MetricSample } from '../shared/litellm';
import type { StackSnapshot } from '../shared/stack';
import type { LiteLlmClient } from '../node/services/litellm-client';

const total = 'litellm_proxy_total_requests_metric_total';
const failed = 'litellm_proxy_failed_requests_metric_total';

/** LiteLLM's request and failure counters summed per route (requested_model). */
export const routeCounts = (
  metrics: readonly MetricSample[],
  services: ReadonlyMap<string, string | null>,
): RouteCounts[] => {
  const by = new Map<string, RouteCounts>();
  for (const m of metrics) {
    if (m.name !== total && m.name !== failed) continue;
    const route = m.labels.requested_model;
    if (!route || !services.has(route)) continue;
    const c = by.get(route) ?? { route, service: services.get(route) ?? null, total: 0, failed: 0 };
    if (m.name === total) c.total += m.value;
    else c.failed += m.value;
    by.set(route, c);
  }
  return [...by.values()];
};

/**
 * The dead-engine rule fed on the alert tick: LiteLLM's /metrics and /v1/model/info against the
 * stack's container health. What LiteLLM cannot tell this tick changes nothing (the last verdict
 * stands until a reading says otherwise).
 */
export class EngineWatch {
  private state = emptyEngineState();
  private last: Observation[] = [];

  constructor(
    private readonly litellm: Pick<LiteLlmClient, 'metrics' | 'modelInfo'>,
    private readonly stack: { snapshot(): StackSnapshot },
  ) {}

  async observations(): Promise<Observation[]> {
    const read = await Promise.all([this.litellm.metrics(), this.litellm.modelInfo()]).catch(
      () => null,
    );
    if (!read) return this.last;
    const [metrics, info] = read;
    const services = new Map(
      info.data.map((r) => [r.model_name, localServiceOf(r.litellm_params.api_base ?? undefined)]),
    );
    const snapshot = this.stack.snapshot();
    const next = nextEngineState(
      this.state,
      routeCounts(metrics, services),
      (service) => snapshot.services.find((s) => s.name === service)?.health ?? null,
    );
    this.state = next.state;
    this.last = next.observations;
    return this.last;
  }
}
