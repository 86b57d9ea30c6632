import { alertsOnce } from '../../app/alerts-once';
import type { App } from '../../app/create-app';
import { type CliIo, printJson } from '../cli-output';

/** `hagw alerts [--json]`: what the tray would alert about now; it consumes no notification. */
export const alertsCommand = async (gw: App, io: CliIo, o: { json: boolean }): Promise<number> => {
  const report = await alertsOnce(gw, (line) => io.err(line));
  if (o.json) printJson(io, report);
  else
    io.out(
      report.alerts.length === 0
        ? 'No alerts.'
        : report.alerts.map((a) => `${a.severity}: ${a.title} — ${a.message}`).join('\n'),
    );
  return 0;
};
