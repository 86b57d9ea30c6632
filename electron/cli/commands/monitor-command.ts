import type { Clock, Timers } from '../../core/ports';
import { webhookBody } from '../../core/push-format';
import { alertsOnce } from '../../app/alerts-once';
import { createSupervisor } from '../../app/create-supervisor';
import type { App } from '../../app/create-app';
import type { PushMessage } from '../../shared/notify';
import type { CliIo } from '../cli-output';
import { untilSignal } from '../until-signal';

const line = (m: PushMessage): string =>
  `${m.at} ${m.state === 'resolved' ? 'resolved' : m.severity} ${m.id}: ${m.title} — ${m.message}`;

/** `hagw monitor --once`: everything evaluated once; 1 when anything is critical (cron, scripts). */
const once = async (gw: App, io: CliIo, json: boolean, now: () => number): Promise<number> => {
  const report = await alertsOnce(gw, (line) => io.err(line));
  const at = new Date(now()).toISOString();
  for (const a of report.alerts) {
    // A line of --json is exactly what a webhook receives.
    const m = webhookBody({ ...a, state: 'firing', at });
    io.out(json ? JSON.stringify(m) : line(m));
  }
  if (!json && report.alerts.length === 0) io.out('No alerts.');
  return report.alerts.some((a) => a.severity === 'critical') ? 1 : 0;
};

/**
 * `hagw monitor [--json] [--once]`: the supervisor with no UI, for a headless host (systemd user
 * unit in resources/systemd). Each alert transition is one line on stdout; who sends the pushes
 * goes to stderr. SIGTERM or SIGINT disposes everything (the nvidia-smi child included) and exits.
 */
export const monitorCommand = async (
  gw: App,
  io: CliIo,
  o: { json: boolean; once: boolean; clock: Clock; timers: Timers },
): Promise<number> => {
  if (o.once) return once(gw, io, o.json, () => o.clock.now());
  const sup = createSupervisor(gw, {
    what: 'hagw monitor',
    clock: o.clock,
    timers: o.timers,
    warn: (l) => io.err(l),
  });
  sup.onTransition((m) => io.out(o.json ? JSON.stringify(webhookBody(m)) : line(m)));
  let handover: { dispose(): void } | null = null;
  try {
    await sup.start();
    // Told after the first claim (the line below says who sends), until the monitor stops.
    handover = sup.onSending((sending) =>
      io.err(
        sending
          ? 'hagw monitor: the previous sender is gone; this monitor sends the pushes now.'
          : `hagw monitor: ${sup.holder() ?? 'another process'} sends the pushes now; this one only shows them.`,
      ),
    );
    io.err(
      sup.sending()
        ? `hagw monitor: watching ${gw.config.dataDir}; this monitor sends the pushes.`
        : `hagw monitor: watching ${gw.config.dataDir}; ${sup.holder() ?? 'another process'} sends the pushes, this one only shows them.`,
    );
    void sup.tick();
    await untilSignal();
  } finally {
    handover?.dispose();
    sup.dispose();
  }
  return 0;
};
