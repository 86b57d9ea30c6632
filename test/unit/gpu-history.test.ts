import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GpuHistory, historyMaxPoints, historyWindowMs } from '../../electron/core/gpu-history';

const v = (value: number) => ({ kind: 'value' as const, value });
const sample = (at: number, busId = '00000000:01:00.0', index = 0) => ({
  at,
  busId,
  index,
  name: 'NVIDIA GeForce RTX 3090',
  temperatureC: v(40 + at / 60_000),
  fanPercent: { kind: 'error' as const, token: 'ERR!' },
  powerW: v(250),
});

test('the last hour per card, oldest first; a reading that is not a number is a gap (null), never 0', () => {
  const h = new GpuHistory();
  for (let at = 0; at <= 2 * historyWindowMs; at += 2000) h.add(sample(at));
  h.add(sample(2 * historyWindowMs, '00000000:02:00.0', 1));
  const [first, second] = h.series();
  assert.equal(first?.t[0], historyWindowMs / 1000, 'nothing older than an hour');
  assert.equal(first?.t.at(-1), (2 * historyWindowMs) / 1000);
  assert.equal(first?.t.length, historyWindowMs / 2000 + 1);
  assert.equal(first?.temperatureC.length, first?.t.length);
  assert.equal(first?.fanPercent[0], null);
  assert.equal(first?.powerW[0], 250);
  assert.equal(second?.index, 1);
  // series() hands out copies.
  first?.t.push(0);
  assert.equal(h.series()[0]?.t.length, historyWindowMs / 2000 + 1);
});

test('a stream faster than expected is capped by count, not only by time', () => {
  const h = new GpuHistory();
  for (let at = 0; at < 10_000; at++) h.add(sample(at));
  const [c] = h.series();
  assert.equal(c?.t.length, historyMaxPoints);
  assert.equal(c?.t.at(-1), 9.999);
});
