import type { AlertsReport } from '../shared/alerts';
import { type AlertGateway, collectObservations, toAlertsReport } from './alert-sources';
import type { Gateway } from './gateway';
import { readGpuOnce } from './gpu-snapshot';

/**
 * Every part read once (stack, one GPU reading, certificates, the doctor) and the live alerts
 * from them, consuming no notification: `hagw alerts` and `hagw monitor --once`.
 */
export const alertsOnce = async (
  gw: AlertGateway & Pick<Gateway, 'config' | 'env' | 'certs' | 'doctor' | 'gpuAlerts'>,
): Promise<AlertsReport> => {
  const [, gpu] = await Promise.all([
    gw.stack.refresh(),
    readGpuOnce(gw, 8000),
    gw.certs().catch(() => null),
    gw.doctor().catch(() => null),
  ]);
  return toAlertsReport(await gw.alerts.peek(await collectObservations(gw, gpu)));
};
