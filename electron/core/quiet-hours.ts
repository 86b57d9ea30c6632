// Quiet hours: a local-time range in which only criticals are pushed; the rest waits for morning.
import type { QuietHours } from '../shared/notify';

const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;

const minutes = (t: string): number => {
  const m = hhmm.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** "22:00-07:00" -> the range, or a line that says what is accepted. */
export const parseQuietHours = (text: string): QuietHours | { error: string } => {
  const [start = '', end = '', ...rest] = text.split('-');
  if (rest.length > 0 || !hhmm.test(start) || !hhmm.test(end) || start === end)
    return {
      error: `quiet hours must be HH:MM-HH:MM in 24-hour local time, start and end different (22:00-07:00), or "off"; got "${text}"`,
    };
  return { start, end };
};

/** Whether `now` (epoch ms) falls in the range, in the host's local time; the end is exclusive. */
export const inQuietHours = (q: QuietHours | null, now: number): boolean => {
  if (!q) return false;
  const d = new Date(now);
  const t = d.getHours() * 60 + d.getMinutes();
  const s = minutes(q.start);
  const e = minutes(q.end);
  return s < e ? t >= s && t < e : t >= s || t < e;
};
