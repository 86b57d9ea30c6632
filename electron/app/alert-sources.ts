import type { AlertRecord, Observation } from '../core/alert-engine';
import {
  advisoryObservations,
  certObservations,
  doctorObservations,
  updateObservations,
} from '../core/safety-alerts';
import type { AlertsReport } from '../shared/alerts';
import type { GpuReport } from '../shared/gpu';
import type { LifecycleSnapshot } from '../shared/lifecycle';
import { alertObservations } from '../core/alert-observations';
import { lifecycleObservations } from '../core/lifecycle-alerts';
import type { FailureLine } from '../node/platform/failure-line';
import type { App } from './create-app';

/** The parts whose latest state the alerts are made of (and the alert state itself). */
export type AlertGateway = Pick<
  App,
  'gpu' | 'keys' | 'models' | 'safety' | 'stack' | 'alerts' | 'batches'
>;

/** The wake service's snapshot, or null with none in this stack (no GPU, or the stack is down). */
export const readLifecycle = (
  gw: Pick<AlertGateway, 'models'>,
): Promise<LifecycleSnapshot | null> =>
  Promise.resolve()
    .then(() => gw.models.lifecycle.snapshot())
    .catch(() => null);

/** Everything the app alerts about, from each part's latest state; one list for tray, CLI and UI. */
export const collectObservations = async (
  gw: AlertGateway,
  gpu: GpuReport | null,
  failures: Pick<FailureLine, 'or'>,
  /** The wake service's snapshot when the caller has just read it; else it is read here. */
  knownLifecycle?: Promise<LifecycleSnapshot | null>,
): Promise<Observation[]> => {
  const [maintenance, keys, batches, engines, lifecycle] = await Promise.all([
    failures.or('reading the maintenance state', () => gw.gpu.maintenance.status(), null),
    // LiteLLM down: no key observations (never alert from stale data); the line says why.
    failures.or('reading the keys from LiteLLM', () => gw.keys.watch.observations(), []),
    // No batch service (not started, or not in this stack): no batch alerts.
    failures.or('reading the batch service', () => gw.batches.observations(), []),
    gw.models.engineWatch.observations(),
    // No wake service (no GPU, or the stack is down): no lifecycle alerts.
    knownLifecycle ?? readLifecycle(gw),
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
