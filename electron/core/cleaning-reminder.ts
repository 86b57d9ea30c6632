// The quarterly dust cleaning: "GPU fan failure on dust buildup. Quarterly cleaning isn't
// optional." Due 90 days after the last cleaning (the first run counts as one), snoozable.

import { isCalendarDate, localDate } from './calendar-date';

export interface MaintenanceSettings {
  /** YYYY-MM-DD of the last cleaning; the first run's date until the user says otherwise. */
  lastCleaned: string;
  /** ISO time until which the reminder is silent. */
  snoozedUntil: string | null;
}

export const cleaningIntervalDays = 90;

export const addDays = (date: string, days: number): string =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);

export interface ReminderState {
  lastCleaned: string;
  nextDue: string;
  due: boolean;
  snoozedUntil: string | null;
  /** Due and not snoozed: time to nag. */
  remind: boolean;
}

export const reminderState = (m: MaintenanceSettings, now: number): ReminderState => {
  const nextDue = addDays(m.lastCleaned, cleaningIntervalDays);
  const today = localDate(now);
  const due = today >= nextDue;
  const snoozed = m.snoozedUntil !== null && new Date(m.snoozedUntil).getTime() > now;
  return {
    lastCleaned: m.lastCleaned,
    nextDue,
    due,
    snoozedUntil: snoozed ? m.snoozedUntil : null,
    remind: due && !snoozed,
  };
};

export type Snooze = '1d' | '1w';

export const snooze = (m: MaintenanceSettings, how: Snooze, now: number): MaintenanceSettings => ({
  ...m,
  snoozedUntil: new Date(now + (how === '1d' ? 1 : 7) * 86_400_000).toISOString(),
});

/** "I cleaned it": a new reference date, no snooze; the dust baseline is formed again from here. */
export const markCleaned = (m: MaintenanceSettings, date: string): MaintenanceSettings => ({
  ...m,
  lastCleaned: date,
  snoozedUntil: null,
});

/** A cleaning date typed by a person: a real calendar day, not after `today` (local YYYY-MM-DD). */
export const parseDate = (text: string, today: string): string | { error: string } => {
  if (!isCalendarDate(text))
    return { error: `"${text}" is not a date; use YYYY-MM-DD, e.g. ${today}.` };
  if (text > today) return { error: `${text} is in the future; give the day you cleaned it.` };
  return text;
};
