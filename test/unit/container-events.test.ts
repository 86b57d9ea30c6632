import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesStackState, stackStateActions } from '../../electron/core/container-events';

test('a death, a start or a health result changes the state; health-check execs and a kill do not', () => {
  for (const a of ['die', 'start', 'destroy', 'health_status: unhealthy', 'oom', 'create'])
    assert.equal(changesStackState(a), true, a);
  for (const a of [
    'exec_create: /bin/sh -c curl',
    'exec_start: curl',
    'exec_die',
    'kill',
    'attach',
    'resize',
    'top',
  ])
    assert.equal(changesStackState(a), false, a);
  assert.ok(stackStateActions.includes('health_status'));
  assert.ok(!stackStateActions.includes('kill'));
});
