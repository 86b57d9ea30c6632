import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  emptyAlertState,
  evaluateAlerts,
  snoozeAlert,
  type Observation,
} from '../../electron/core/alert-engine';

const fan: Observation = {
  id: 'gpu:fan-not-spinning:09:00.0',
  severity: 'critical',
  source: 'gpu',
  title: 'GPU fan',
  message: 'fan 0 % at 70 °C',
};
const min = 60_000;

test('notifies on the transition, not on every evaluation; repeats critical hourly', () => {
  let s = emptyAlertState();
  const sent: number[] = [];
  for (let t = 0; t <= 125 * min; t += min) {
    const r = evaluateAlerts(s, [fan], t);
    s = r.state;
    if (r.notify.length) sent.push(t / min);
  }
  assert.deepEqual(sent, [0, 60, 120]);
});

test('a warning that becomes critical notifies again at once', () => {
  const w = evaluateAlerts(emptyAlertState(), [{ ...fan, severity: 'warning' }], 0);
  const c = evaluateAlerts(w.state, [fan], min);
  assert.equal(c.notify.length, 1);
  assert.equal(evaluateAlerts(c.state, [fan], 2 * min).notify.length, 0);
});

test('resolved when no longer observed; a new occurrence notifies again', () => {
  const a = evaluateAlerts(emptyAlertState(), [fan], 0);
  const gone = evaluateAlerts(a.state, [], min);
  assert.deepEqual(
    gone.resolved.map((r) => r.id),
    [fan.id],
  );
  assert.equal(evaluateAlerts(gone.state, [fan], 2 * min).notify.length, 1);
});

test('snooze silences it until the snooze ends, even if it flaps meanwhile', () => {
  const a = evaluateAlerts(emptyAlertState(), [fan], 0);
  const s = snoozeAlert(a.state, fan.id, 24 * 60 * min);
  const flap = evaluateAlerts(evaluateAlerts(s, [], min).state, [fan], 2 * min);
  assert.equal(flap.notify.length, 0);
  assert.equal(evaluateAlerts(flap.state, [fan], 24 * 60 * min + 1).notify.length, 1);
});

test('the state survives a relaunch: the same alert from persisted state does not notify again', () => {
  const a = evaluateAlerts(emptyAlertState(), [fan], 0);
  const restored = JSON.parse(JSON.stringify(a.state)) as typeof a.state;
  assert.equal(evaluateAlerts(restored, [fan], 5 * min).notify.length, 0);
});

test('info notifies once and never repeats', () => {
  const info: Observation = { ...fan, id: 'maintenance:due', severity: 'info' };
  let s = emptyAlertState();
  let count = 0;
  for (let t = 0; t < 10 * 24 * 60 * min; t += 60 * min) {
    const r = evaluateAlerts(s, [info], t);
    s = r.state;
    count += r.notify.length;
  }
  assert.equal(count, 1);
});
