import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  emptyEngineState,
  localServiceOf,
  nextEngineState,
} from '../../electron/core/engine-health';

const healthy = () => 'healthy';
const counts = (total: number, failed: number) => [
  { route: 'local-chat', service: 'vllm', total, failed },
];

test('local servers by api_base: compose host names, or their ports on the host', () => {
  assert.equal(localServiceOf('http://vllm:8000/v1'), 'vllm');
  assert.equal(localServiceOf('http://vllm-coder:8001/v1'), 'vllm-coder');
  assert.equal(localServiceOf('http://127.0.0.1:11434'), 'ollama');
  assert.equal(
    localServiceOf('http://192.168.1.20:8000/v1'),
    null,
    'a second host is not ours to restart',
  );
  assert.equal(localServiceOf(undefined), null);
});

test('failures with no success while the container is healthy: dead; one success clears it', () => {
  let s = nextEngineState(emptyEngineState(), counts(10, 0), healthy).state;
  const two = nextEngineState(s, counts(12, 2), healthy);
  assert.deepEqual(two.observations, [], 'two failures are not enough');
  const dead = nextEngineState(two.state, counts(13, 3), healthy);
  assert.deepEqual(dead.observations, [], 'counted between readings: 1 more failure is not 3');
  const three = nextEngineState(dead.state, counts(16, 6), healthy);
  assert.equal(three.observations.length, 1);
  const o = three.observations[0]!;
  assert.deepEqual(
    [o.id, o.severity, o.target, o.actions?.[0]?.id],
    ['engine:dead:local-chat', 'critical', 'vllm', 'restart-service'],
  );
  s = nextEngineState(three.state, counts(17, 7), healthy).state;
  assert.ok(s.dead['local-chat'], 'another failure keeps it');
  assert.deepEqual(
    nextEngineState(s, counts(18, 7), healthy).observations,
    [],
    'a success clears it',
  );
});

test('a mixed minute, an unhealthy container or a restarted LiteLLM is no dead engine', () => {
  const s = nextEngineState(emptyEngineState(), counts(10, 0), healthy).state;
  assert.deepEqual(nextEngineState(s, counts(20, 5), healthy).observations, [], 'some succeeded');
  assert.deepEqual(
    nextEngineState(s, counts(15, 5), () => 'unhealthy').observations,
    [],
    'the stack alerts say that already',
  );
  assert.deepEqual(
    nextEngineState(s, counts(5, 5), healthy).observations,
    [],
    'counters went back',
  );
});
