import type { AlertsReport } from '../shared/alerts';
import { type AlertGateway, collectObservations, toAlertsReport } from './alert-sources';
import { FailureLine } from '../node/platform/failure-line';
import type { Gateway } from './gateway';
import { readGpuOnce } from './gpu-snapshot';
import type { Warn } from '../node/storage/state-file';

/**
 * Every part read once (stack, one GPU reading, certificates, the doctor) and the live alerts
 * from them, consuming no notification: `hagw alerts` and `hagw monitor --once`.
 */
export const alertsOnce = async (
  gw: AlertGateway & Pick<Gateway, 'config' | 'env' | 'certs' | 'doctor' | 'gpuAlerts'>,
  warn: Warn,
): Promise<AlertsReport> => {
  // A part that cannot be read leaves its alerts out, and says so on stderr.
  const failures = new FailureLine(warn);
  const [, gpu] = await Promise.all([
    gw.stack.refresh(),
    readGpuOnce(gw, 8000),
    failures.or('the certificate probe', () => gw.certs(), null),
    failures.or('the doctor', () => gw.doctor(), null),
  ]);
  return toAlertsReport(await gw.alerts.peek(await collectObservations(gw, gpu, failures)));
};
