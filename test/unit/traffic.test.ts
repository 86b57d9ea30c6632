import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binIndex, callsPerMinute, tokenHistogram } from '../../renderer/src/traffic';
import type { AuditCall } from '../../electron/shared/models';

const call = (at: string, prompt: number, completion = 0): AuditCall => ({
  at,
  app: 'bot',
  model: 'local-chat',
  promptTokens: prompt,
  completionTokens: completion,
  status: 'success',
  durationMs: 100,
  cost: 0,
});

test('calls per minute: the last hour in 60 buckets, oldest first; older calls fall out', () => {
  const now = Date.parse('2026-12-03T08:00:30Z');
  const { t, n } = callsPerMinute(
    [
      call('2026-12-03T08:00:10Z', 1),
      call('2026-12-03T08:00:50Z', 1),
      call('2026-12-03T07:59:00Z', 1),
      call('2026-12-03T07:01:00Z', 1),
      call('2026-12-03T06:59:59Z', 1),
    ],
    now,
  );
  assert.equal(t.length, 60);
  assert.equal(t.at(-1), Date.parse('2026-12-03T08:00:00Z') / 1000);
  assert.equal(n.at(-1), 2);
  assert.equal(n.at(-2), 1);
  assert.equal(n[0], 1, '07:01 is the oldest bucket');
  assert.equal(
    n.reduce((a, b) => a + b, 0),
    4,
    '06:59 is over an hour ago',
  );
});

test('tokens per call in power-of-two bins: the long tail gets its own bars', () => {
  assert.deepEqual([0, 127, 128, 255, 256, 5000].map(binIndex), [0, 0, 1, 1, 2, 6]);
  const bins = tokenHistogram([call('x', 30, 20), call('x', 150, 20), call('x', 4000, 1000)]);
  assert.deepEqual(
    bins.map((b) => [b.from, b.to, b.count]),
    [
      [0, 127, 1],
      [128, 255, 1],
      [256, 511, 0],
      [512, 1023, 0],
      [1024, 2047, 0],
      [2048, 4095, 0],
      [4096, 8191, 1],
    ],
  );
  assert.deepEqual(tokenHistogram([]), []);
});
