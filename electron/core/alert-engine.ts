// The alert engine: one pure function, evaluate(observations, now, prev) -> {state, notify}.
// Notifications fire on transitions (new, or worse), repeat at a per-severity interval, respect
// snooze, and the state is persisted by the caller, so a relaunch does not notify again.

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertSource =
  | 'gpu'
  | 'stack'
  | 'maintenance'
  | 'keys'
  | 'certs'
  | 'doctor'
  | 'notify'
  | 'updates'
  | 'batch'
  | 'models';

export interface AlertAction {
  id: 'open-view' | 'snooze-1d' | 'snooze-1w' | 'mark-cleaned' | 'block-key' | 'restart-service';
  label: string;
}

/** What a rule says is wrong right now; `id` is the stable dedupe key. */
export interface Observation {
  id: string;
  severity: AlertSeverity;
  source: AlertSource;
  title: string;
  message: string;
  actions?: AlertAction[];
  /** What an action applies to (the key alias for block-key, the service for restart-service). */
  target?: string;
}

export interface AlertRecord extends Observation {
  since: number;
  lastNotifiedAt: number | null;
  notifiedSeverity: AlertSeverity | null;
  snoozedUntil: number | null;
}

export interface AlertState {
  active: Record<string, AlertRecord>;
  /** Snoozes outlive the alert: a flapping condition stays quiet until the snooze ends. */
  snoozes: Record<string, number>;
}

export const emptyAlertState = (): AlertState => ({ active: {}, snoozes: {} });

export const repeatMs: Record<AlertSeverity, number | null> = {
  critical: 60 * 60_000,
  warning: 24 * 60 * 60_000,
  info: null,
};

const rank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export interface AlertEvaluation {
  state: AlertState;
  /** Show these as desktop notifications now. */
  notify: AlertRecord[];
  /** No longer observed. */
  resolved: AlertRecord[];
}

export const evaluateAlerts = (
  prev: AlertState,
  observations: readonly Observation[],
  now: number,
): AlertEvaluation => {
  const active: Record<string, AlertRecord> = {};
  const notify: AlertRecord[] = [];
  const snoozes = Object.fromEntries(
    Object.entries(prev.snoozes).filter(([, until]) => until > now),
  );
  for (const o of observations) {
    const before = prev.active[o.id];
    const snoozedUntil = snoozes[o.id] ?? null;
    const record: AlertRecord = {
      ...o,
      since: before?.since ?? now,
      lastNotifiedAt: before?.lastNotifiedAt ?? null,
      notifiedSeverity: before?.notifiedSeverity ?? null,
      snoozedUntil,
    };
    const first = record.lastNotifiedAt === null;
    const worse =
      record.notifiedSeverity !== null && rank[o.severity] > rank[record.notifiedSeverity];
    const repeat = repeatMs[o.severity];
    const again = !first && repeat !== null && now - (record.lastNotifiedAt ?? now) >= repeat;
    if ((first || worse || again) && snoozedUntil === null) {
      record.lastNotifiedAt = now;
      record.notifiedSeverity = o.severity;
      notify.push(record);
    }
    active[o.id] = record;
  }
  const resolved = Object.values(prev.active).filter((r) => active[r.id] === undefined);
  return { state: { active, snoozes }, notify, resolved };
};

export const snoozeAlert = (s: AlertState, id: string, until: number): AlertState => ({
  active: s.active[id] ? { ...s.active, [id]: { ...s.active[id], snoozedUntil: until } } : s.active,
  snoozes: { ...s.snoozes, [id]: until },
});
