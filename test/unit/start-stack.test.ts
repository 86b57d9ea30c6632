// "Start stack" brings the stack up and pins what it pulled; a pin that fails is said, never
// dropped (it was a silent empty list), and does not make the start a failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startStack } from '../../electron/app/start-stack';
import type { StackSnapshot } from '../../electron/shared/stack';

const up = { state: 'running', project: 'hagw', operation: null, reason: null, services: [] };
const stack = { up: () => Promise.resolve(up as unknown as StackSnapshot) };

test('pinned images are listed; a failed pin is one problem line naming the retry', async () => {
  const ok = await startStack({
    controller: stack,
    images: { pinLocal: () => Promise.resolve(['vllm']) },
  });
  assert.deepEqual([ok.pinned, ok.pinProblem], [['vllm'], null]);
  const bad = await startStack({
    controller: stack,
    images: { pinLocal: () => Promise.reject(new Error('Docker said: no such image')) },
  });
  assert.equal(bad.stack.state, 'running');
  assert.deepEqual(bad.pinned, []);
  assert.match(
    bad.pinProblem ?? '',
    /pinning its images failed: Docker said: no such image \("hagw stack pin" tries again\)/,
  );
});
