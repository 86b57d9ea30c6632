import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, markCleaned, reminderState, snooze } from '../../electron/core/cleaning-reminder';
import {
  addWindow,
  dustSuspected,
  dustTrend,
  emptyDust,
  steadyWindow,
  withBaseline,
  type LoadPoint,
} from '../../electron/core/dust-tracker';

const day = 86_400_000;
const t0 = Date.UTC(2026, 8, 1, 12);

test('a steady window: ±10 % power for 5 minutes at >= 50 % of the limit; a ramp is not one', () => {
  const pts = (power: (i: number) => number): LoadPoint[] =>
    Array.from({ length: 31 }, (_, i) => ({
      at: t0 + i * 10_000,
      temp: 70,
      fan: 60,
      power: power(i),
      limit: 350,
    }));
  const w = steadyWindow(
    pts(() => 250),
    t0 + 300_000,
    30,
  );
  assert.ok(w);
  assert.ok(Math.abs(w.r - 40 / 250) < 1e-9);
  assert.equal(
    steadyWindow(
      pts((i) => 150 + i * 5),
      t0 + 300_000,
      30,
    ),
    null,
    'ramping power',
  );
  assert.equal(
    steadyWindow(
      pts(() => 120),
      t0 + 300_000,
      30,
    ),
    null,
    'under half the limit',
  );
});

test('six weeks of slowly rising R under a fake clock: the dust alert comes once +12 % is passed, not before', () => {
  let s = emptyDust();
  const cleaned = '2026-09-01';
  const results: { day: number; change: number | null; suspected: boolean }[] = [];
  for (let d = 0; d < 42; d++) {
    // R rises 0.4 % a day; the fan works harder with it.
    const r = 0.16 * (1 + 0.004 * d);
    for (let k = 0; k < 4; k++)
      s = addWindow(s, '09:00.0', {
        at: t0 + d * day + k * 3_600_000,
        r,
        fan: 55 + d * 0.3,
        power: 250,
      });
    s = withBaseline(s, '09:00.0', cleaned);
    const t = dustTrend(s, '09:00.0', addDays(cleaned, d));
    results.push({ day: d, change: t.changePercent, suspected: dustSuspected(t) });
  }
  const first = results.find((x) => x.suspected);
  assert.ok(first, 'alerted');
  assert.ok(first.change !== null && first.change > 12);
  assert.ok(results.filter((x) => x.day < first.day).every((x) => !x.suspected));
  assert.ok(first.day > 25 && first.day < 40, `day ${first.day}`);
  assert.ok(s.days.length <= 42, 'daily summaries, not samples');
});

test('same R rise but the fan no harder: no dust alert (it is the room, not the cooler)', () => {
  let s = emptyDust();
  for (let d = 0; d < 40; d++) {
    for (let k = 0; k < 3; k++)
      s = addWindow(s, 'x', {
        at: t0 + d * day + k * 60_000,
        r: 0.16 * (1 + 0.005 * d),
        fan: d < 3 ? 60 : 58,
        power: 250,
      });
    s = withBaseline(s, 'x', '2026-09-01');
  }
  assert.equal(dustSuspected(dustTrend(s, 'x', addDays('2026-09-01', 39))), false);
});

test('the quarterly reminder: due after 90 days, snooze 1 day / 1 week, mark cleaned resets it', () => {
  const m = { lastCleaned: '2026-09-01', snoozedUntil: null };
  assert.equal(reminderState(m, Date.UTC(2026, 10, 29)).remind, false);
  const due = Date.UTC(2026, 10, 30, 9);
  assert.deepEqual(
    [reminderState(m, due).nextDue, reminderState(m, due).remind],
    ['2026-11-30', true],
  );
  const s1 = snooze(m, '1d', due);
  assert.equal(reminderState(s1, due + day / 2).remind, false);
  assert.equal(reminderState(s1, due + day + 1).remind, true);
  assert.equal(reminderState(snooze(m, '1w', due), due + 6 * day).remind, false);
  const c = markCleaned(s1, '2026-11-30');
  assert.deepEqual(reminderState(c, due), {
    lastCleaned: '2026-11-30',
    nextDue: '2027-02-28',
    due: false,
    snoozedUntil: null,
    remind: false,
  });
});
