import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleObservations } from '../../electron/core/lifecycle-alerts';
import { LifecycleSnapshot } from '../../electron/shared/lifecycle';

const snapshot = (models: Record<string, unknown>[]) =>
  LifecycleSnapshot.parse({
    models: models.map((m) => ({
      name: 'local-chat',
      state: 'asleep',
      level: 1,
      canSleep: true,
      enableWith: null,
      pinned: false,
      idleMinutes: 15,
      vramMiB: 1,
      lastUsedAt: null,
      lastWakeMs: null,
      held: 0,
      inFlight: 0,
      lastError: null,
      wakeFailed: false,
      ...m,
    })),
    cardMiB: 1,
    marginPercent: 5,
    budgetMiB: 1,
    freed: false,
    counts: { held: 0, expired: 0, failedWakes: 0, wakes: 0, sleeps: 0 },
  });

test('a failed wake is a warning naming the model, with the restart of its service', () => {
  const [o, ...rest] = lifecycleObservations(
    snapshot([
      {
        wakeFailed: true,
        state: 'stopped',
        lastError: 'vLLM at http://vllm:8000 refused the connection',
      },
      { name: 'local-embed', lastError: 'sleep mode is off' },
    ]),
  );
  assert.equal(rest.length, 0, 'a sleep that failed is not a wake that failed');
  assert.equal(o?.id, 'models:wake-failed:local-chat');
  assert.equal(o?.title, 'local-chat could not wake');
  assert.match(
    o?.message ?? '',
    /refused the connection\. Requests for local-chat get a 503 .*hagw stack restart vllm/,
  );
  assert.deepEqual([o?.actions?.[0]?.id, o?.target], ['restart-service', 'vllm']);
});

test('no wake service, or every wake fine: nothing', () => {
  assert.deepEqual(lifecycleObservations(null), []);
  assert.deepEqual(lifecycleObservations(snapshot([{}])), []);
});
