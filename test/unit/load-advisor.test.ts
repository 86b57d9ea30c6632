import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queueAdvice, utilisationAdvice } from '../../electron/core/load-advisor';

const min = 60_000;
const series = (minutes: number, f: (m: number) => number) =>
  Array.from({ length: minutes + 1 }, (_, m) => ({ at: m * min, value: f(m) }));

test('utilisation over the last hour: saturated, idle, fine; nothing before an hour of data', () => {
  assert.equal(
    utilisationAdvice(
      series(59, () => 100),
      59 * min,
    ).averagePercent,
    null,
  );
  assert.equal(
    utilisationAdvice(
      series(60, () => 98),
      60 * min,
    ).advisory?.id,
    'load:saturated',
  );
  assert.equal(
    utilisationAdvice(
      series(60, () => 5),
      60 * min,
    ).advisory?.id,
    'load:idle',
  );
  const fine = utilisationAdvice(
    series(60, (m) => (m % 2 ? 70 : 90)),
    60 * min,
  );
  assert.deepEqual([fine.averagePercent, fine.advisory], [80, null]);
});

test('queue above 5 for 10 minutes straight: outgrown a single card; one dip resets it', () => {
  assert.equal(
    queueAdvice(
      series(10, () => 8),
      10 * min,
    )?.id,
    'load:outgrown-card',
  );
  assert.equal(
    queueAdvice(
      series(9, () => 8),
      9 * min,
    ),
    null,
    'not yet 10 minutes',
  );
  assert.equal(
    queueAdvice(
      series(10, (m) => (m === 6 ? 3 : 8)),
      10 * min,
    ),
    null,
  );
});
