// One rule for Start, Stop and Restart, shown by the tray menu and the dashboard alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTrayMenu } from '../../electron/core/tray-menu';
import { stackActions } from '../../electron/shared/stack-actions';
import type { StackSnapshot } from '../../electron/shared/stack';

const snap = (o: Partial<StackSnapshot>): StackSnapshot => ({
  state: 'stopped',
  project: 'hagw',
  operation: null,
  reason: null,
  services: [],
  ...o,
});
const svc = (state: string) => ({
  name: 'vllm',
  state,
  health: 'none',
  since: null,
  exitCode: null,
});

test('starting (from any face) offers nothing; stopped offers Start; running offers Stop and Restart', () => {
  assert.deepEqual(stackActions(snap({})), { start: true, stop: false, restart: false });
  assert.deepEqual(
    stackActions(snap({ state: 'starting', operation: 'up', services: [svc('running')] as never })),
    { start: false, stop: false, restart: false },
  );
  assert.deepEqual(stackActions(snap({ state: 'running', services: [svc('running')] as never })), {
    start: false,
    stop: true,
    restart: true,
  });
  assert.deepEqual(stackActions(snap({ state: 'docker-unavailable' })), {
    start: false,
    stop: false,
    restart: false,
  });
});

test('the tray menu shows exactly that rule', () => {
  for (const s of [
    snap({}),
    snap({ state: 'starting', operation: 'up', services: [svc('running')] as never }),
    snap({ state: 'partial', services: [svc('restarting')] as never }),
  ]) {
    const items = buildTrayMenu(s).items.filter(
      (i): i is Extract<typeof i, { kind: 'action' }> => i.kind === 'action',
    );
    const enabled = (action: string) => items.find((i) => i.action === action)?.enabled;
    const may = stackActions(s);
    assert.deepEqual(
      [enabled('stack.up'), enabled('stack.down'), enabled('stack.restart')],
      [may.start, may.stop, may.restart],
    );
  }
});
