import { parseDate } from '../../core/cleaning-reminder';
import type { App } from '../../app/create-app';
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
  gw: Pick<App, 'gpu' | 'alerts'>,
  io: CliIo,
  o: {
    action: string | undefined;
    arg: string | undefined;
    date: string | undefined;
    json: boolean;
  },
): Promise<number> => {
  let report: MaintenanceReport;
  switch (o.action ?? 'status') {
    case 'status':
      report = await gw.gpu.maintenance.status();
      break;
    case 'cleaned': {
      const date = parseDate(o.date ?? gw.gpu.maintenance.today(), gw.gpu.maintenance.today());
      if (typeof date !== 'string') throw new CliExit(2, date.error);
      report = await gw.gpu.maintenance.cleaned(date);
      break;
    }
    case 'snooze':
      if (o.arg !== '1d' && o.arg !== '1w')
        throw new CliExit(2, 'usage: hagw maintenance snooze 1d|1w');
      report = await gw.gpu.maintenance.snooze(o.arg);
      // The same two writes as the dashboard's Snooze on the alert, so the faces agree on it.
      await gw.alerts.center.snooze(
        'maintenance:cleaning-due',
        (o.arg === '1d' ? 1 : 7) * 86_400_000,
      );
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
