import type { Observation } from './alert-engine';
import type { LifecycleSnapshot } from '../shared/lifecycle';
import { wakerServices } from './engine-health';

/**
 * A model whose wake failed (OOM, its container died) is an alert that names it, with the restart
 * of its service as the action; it resolves with the next wake that succeeds. The wake service
 * never retries on its own (it would loop), so the alert is how the operator learns of it.
 */
export const lifecycleObservations = (l: LifecycleSnapshot | null): Observation[] =>
  (l?.models ?? [])
    .filter((m) => m.wakeFailed)
    .map((m) => {
      const service = wakerServices[m.name];
      return {
        id: `models:wake-failed:${m.name}`,
        severity: 'warning',
        source: 'models',
        title: `${m.name} could not wake`,
        message: `${m.lastError ?? 'the wake failed'}. Requests for ${m.name} get a 503 until it wakes${service ? `; restart it (hagw stack restart ${service})` : ''}.`,
        ...(service
          ? {
              actions: [{ id: 'restart-service', label: `Restart ${service}` }],
              target: service,
            }
          : {}),
      };
    });
