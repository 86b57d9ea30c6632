import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertObservations } from '../../electron/core/alert-observations';
import type { MaintenanceReport } from '../../electron/shared/settings';

const due: MaintenanceReport = {
  lastCleaned: '2026-01-01',
  nextDue: '2026-04-01',
  due: true,
  snoozedUntil: null,
  trend: [],
  days: [],
};

test('a dead service, a due cleaning and load advice each become one observation with its actions', () => {
  const o = alertObservations({
    stack: {
      state: 'partial',
      project: 'hagw',
      operation: null,
      reason: null,
      services: [
        { name: 'litellm', state: 'running', health: 'healthy', since: null, exitCode: null },
        { name: 'vllm', state: 'exited', health: 'none', since: null, exitCode: 137 },
      ],
    },
    gpu: null,
    maintenance: due,
    advisories: [{ id: 'load:outgrown-card', severity: 'warning', message: 'm' }],
  });
  assert.deepEqual(
    o.map((x) => [x.id, x.severity, (x.actions ?? []).map((a) => a.id)]),
    [
      ['load:outgrown-card', 'warning', []],
      ['stack:down:vllm', 'warning', ['open-view']],
      ['maintenance:cleaning-due', 'warning', ['mark-cleaned', 'snooze-1d', 'snooze-1w']],
    ],
  );
  assert.match(o[1]?.message ?? '', /vllm is exited \(exit 137\)/);
});

test('a snoozed reminder and a running stack say nothing', () => {
  assert.deepEqual(
    alertObservations({
      stack: { state: 'running', project: 'hagw', operation: null, reason: null, services: [] },
      gpu: null,
      maintenance: { ...due, snoozedUntil: '2026-04-08' },
    }),
    [],
  );
});
