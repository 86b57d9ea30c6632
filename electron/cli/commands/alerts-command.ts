import { observe } from '../../node/alert-center';
import type { Gateway } from '../../node/gateway';
import { readGpuOnce } from '../../node/gpu-snapshot';
import { type CliIo, printJson } from '../cli-output';

/** `hagw alerts [--json]`: what the tray would alert about now; it consumes no notification. */
export const alertsCommand = async (
  gw: Gateway,
  io: CliIo,
  o: { json: boolean },
): Promise<number> => {
  const [stack, gpu, maintenance, keys] = await Promise.all([
    gw.stack.refresh(),
    readGpuOnce(gw, 5000),
    gw.maintenance.status(),
    // LiteLLM down: no key observations (never alert from stale data).
    gw.keyWatch.observations().catch(() => []),
  ]);
  const alerts = await gw.alerts.peek([...observe({ stack, gpu, maintenance }), ...keys]);
  const shown = alerts.map((a) => ({
    id: a.id,
    severity: a.severity,
    source: a.source,
    title: a.title,
    message: a.message,
    since: new Date(a.since).toISOString(),
    snoozedUntil: a.snoozedUntil ? new Date(a.snoozedUntil).toISOString() : null,
  }));
  if (o.json) printJson(io, { alerts: shown });
  else
    io.out(
      shown.length === 0
        ? 'No alerts.'
        : shown.map((a) => `${a.severity}: ${a.title} — ${a.message}`).join('\n'),
    );
  return 0;
};
