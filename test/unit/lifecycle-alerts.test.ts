import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleObservations } from '../../electron/core/lifecycle-alerts';
import type { ModelLifecycleView } from '../../electron/shared/lifecycle';
import { lifecycleSnapshot, lifecycleView } from '../support/lifecycle-view';

const snapshot = (models: Partial<ModelLifecycleView>[]) =>
  lifecycleSnapshot(
    models.map((m) => lifecycleView('local-chat', { state: 'asleep', level: 1, ...m })),
  );

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
