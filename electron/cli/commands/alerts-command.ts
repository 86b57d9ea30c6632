import { collectObservations, toAlertsReport } from '../../node/alert-sources';
import type { Gateway } from '../../node/gateway';
import { readGpuOnce } from '../../node/gpu-snapshot';
import { type CliIo, printJson } from '../cli-output';

/** `hagw alerts [--json]`: what the tray would alert about now; it consumes no notification. */
export const alertsCommand = async (
  gw: Gateway,
  io: CliIo,
  o: { json: boolean },
): Promise<number> => {
  const [, gpu] = await Promise.all([
    gw.stack.refresh(),
    readGpuOnce(gw, 5000),
    gw.certs().catch(() => null),
    gw.doctor().catch(() => null),
  ]);
  const report = toAlertsReport(await gw.alerts.peek(await collectObservations(gw, gpu)));
  if (o.json) printJson(io, report);
  else
    io.out(
      report.alerts.length === 0
        ? 'No alerts.'
        : report.alerts.map((a) => `${a.severity}: ${a.title} — ${a.message}`).join('\n'),
    );
  return 0;
};
