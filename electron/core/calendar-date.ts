// Calendar days as the person at the machine counts them: "today" is the local date, and a typed
// date must exist on the calendar (Date would roll 2026-02-30 over into March).

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of `ms` in the process's local time zone. */
export const localDate = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** True for a YYYY-MM-DD that names a real day. */
export const isCalendarDate = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
};
