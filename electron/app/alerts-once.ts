import type { AlertsReport } from '../shared/alerts';
import { type AlertGateway, collectObservations, toAlertsReport } from './alert-sources';
import { FailureLine } from '../node/platform/failure-line';
import type { App } from './create-app';
import { readGpuOnce } from './gpu-snapshot';
import type { Warn } from '../node/storage/state-file';

/**
 * Every part read once (stack, one GPU reading, certificates, the doctor) and the live alerts
 * from them, consuming no notification: `hagw alerts` and `hagw monitor --once`.
 */
export const alertsOnce = async (
  gw: AlertGateway & Pick<App, 'config' | 'env' | 'safety' | 'gpu'>,
  warn: Warn,
): Promise<AlertsReport> => {
  // A part that cannot be read leaves its alerts out, and says so on stderr.
  const failures = new FailureLine(warn);
  const [, gpu] = await Promise.all([
    gw.stack.controller.refresh(),
    readGpuOnce(gw, 8000),
    failures.or('the certificate probe', () => gw.safety.certs(), null),
    failures.or('the doctor', () => gw.safety.doctor(), null),
  ]);
  return toAlertsReport(await gw.alerts.center.peek(await collectObservations(gw, gpu, failures)));
};
