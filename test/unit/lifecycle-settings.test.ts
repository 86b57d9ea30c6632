import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  idleMinutesProblem,
  vramBudgetMiB,
  vramMarginProblem,
} from '../../electron/core/lifecycle-settings';

test('idle minutes: 0 to 1440 whole; anything else is refused with the range', () => {
  for (const ok of [0, 1, 15, 1440]) assert.equal(idleMinutesProblem(ok), null, String(ok));
  for (const bad of [-1, 1441, 1.5, Number.NaN])
    assert.match(idleMinutesProblem(bad) ?? '', /from 0 \(never sleep\) to 1440/, String(bad));
});

test('VRAM margin: 0 to 50 percent; the budget is the card less the margin', () => {
  assert.equal(vramMarginProblem(10), null);
  assert.match(vramMarginProblem(51) ?? '', /from 0 to 50/);
  assert.match(vramMarginProblem(-5) ?? '', /from 0 to 50/);
  assert.equal(vramBudgetMiB(24_576, 10), 22_118);
  assert.equal(vramBudgetMiB(24_576, 0), 24_576);
});
