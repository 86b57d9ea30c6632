import type { App } from '../../app/create-app';
import { channelCall } from '../../app/channel-call';
import { gpuHandlers } from '../../app/gpu-handlers';
import type { MaintenanceReport } from '../../shared/settings';
import { type CliIo, CliExit, printJson } from '../cli-output';

const format = (r: MaintenanceReport): string => {
  const lines = [
    `${r.recorded === false ? `No cleaning recorded yet (counting from today, ${r.lastCleaned}; "hagw maintenance cleaned --date YYYY-MM-DD" records the last one)` : `Last cleaned ${r.lastCleaned}`}; next cleaning due ${r.nextDue}${r.due ? ' — DUE NOW' : ''}${r.snoozedUntil ? ` (snoozed until ${r.snoozedUntil})` : ''}`,
  ];
  for (const t of r.trend) {
    const change =
      t.changePercent === null
        ? 'no baseline yet'
        : `${t.changePercent >= 0 ? '+' : ''}${t.changePercent.toFixed(1)} % vs. after the last cleaning`;
    lines.push(
      `  GPU ${t.busId}: thermal resistance ${t.recentR?.toFixed(3) ?? '—'} °C/W, ${change}${t.dustSuspected ? ' — dust suspected: clean the cooler' : ''}`,
    );
  }
  if (r.trend.length === 0)
    lines.push('  No steady-load windows measured yet (the tray measures while the stack runs).');
  return lines.join('\n');
};

/** `hagw maintenance status|cleaned [--date YYYY-MM-DD]|snooze 1d|1w [--json]`. */
export const maintenanceCommand = async (
  gw: Pick<App, 'gpu' | 'alerts' | 'clock'>,
  io: CliIo,
  o: {
    action: string | undefined;
    arg: string | undefined;
    date: string | undefined;
    json: boolean;
  },
): Promise<number> => {
  // The dashboard's channels: the same date check, and a snooze that snoozes the alert too.
  const call = channelCall(gpuHandlers(gw));
  let report: MaintenanceReport;
  switch (o.action ?? 'status') {
    case 'status':
      report = await call('maintenance.get');
      break;
    case 'cleaned':
      report = await call('maintenance.cleaned', o.date);
      break;
    case 'snooze':
      if (o.arg !== '1d' && o.arg !== '1w')
        throw new CliExit(2, 'usage: hagw maintenance snooze 1d|1w');
      report = await call('maintenance.snooze', o.arg);
      break;
    default:
      throw new CliExit(
        2,
        'usage: hagw maintenance status|cleaned [--date YYYY-MM-DD]|snooze 1d|1w [--json]',
      );
  }
  if (o.json) printJson(io, report);
  else io.out(format(report));
  return 0;
};
