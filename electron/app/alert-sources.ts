import type { AlertRecord, Observation } from '../core/alert-engine';
import {
  advisoryObservations,
  certObservations,
  doctorObservations,
  updateObservations,
} from '../core/safety-alerts';
import type { AlertsReport } from '../shared/alerts';
import type { GpuReport } from '../shared/gpu';
import { alertObservations } from '../core/alert-observations';
import { lifecycleObservations } from '../core/lifecycle-alerts';
import type { FailureLine } from '../node/platform/failure-line';
import type { App } from './create-app';

/** The parts whose latest state the alerts are made of (and the alert state itself). */
export type AlertGateway = Pick<
  App,
  'gpu' | 'keys' | 'models' | 'safety' | 'stack' | 'alerts' | 'batches'
>;

/** Everything the app alerts about, from each part's latest state; one list for tray, CLI and UI. */
export const collectObservations = async (
  gw: AlertGateway,
  gpu: GpuReport | null,
  failures: Pick<FailureLine, 'or'>,
): Promise<Observation[]> => {
  const [maintenance, keys, batches, engines, lifecycle] = await Promise.all([
    failures.or('reading the maintenance state', () => gw.gpu.maintenance.status(), null),
    // LiteLLM down: no key observations (never alert from stale data); the line says why.
    failures.or('reading the keys from LiteLLM', () => gw.keys.watch.observations(), []),
    // No batch service (not started, or not in this stack): no batch alerts.
    failures.or('reading the batch service', () => gw.batches.observations(), []),
    gw.models.engineWatch.observations(),
    // No wake service (no GPU, or the stack is down): no lifecycle alerts.
    Promise.resolve()
      .then(() => gw.models.lifecycle.snapshot())
      .catch(() => null),
  ]);
  const safety = gw.safety.latest();
  return [
    ...alertObservations({
      stack: gw.stack.controller.snapshot(),
      gpu,
      maintenance,
      advisories: gw.gpu.loadAdvice(),
    }),
    ...keys,
    ...engines,
    ...certObservations(safety.certs),
    ...doctorObservations(safety.doctor),
    ...updateObservations(safety.updates),
    ...advisoryObservations(safety.advisories),
    ...batches,
    ...lifecycleObservations(lifecycle),
    ...(gw.models.autoFree?.observations() ?? []),
  ];
};

export const toAlertsReport = (records: readonly AlertRecord[]): AlertsReport => ({
  alerts: records.map((a) => ({
    id: a.id,
    severity: a.severity,
    source: a.source,
    title: a.title,
    message: a.message,
    since: new Date(a.since).toISOString(),
    snoozedUntil: a.snoozedUntil ? new Date(a.snoozedUntil).toISOString() : null,
    actions: a.actions ?? [],
    target: a.target ?? null,
  })),
});
