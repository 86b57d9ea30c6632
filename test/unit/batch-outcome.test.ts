import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answeredLine,
  isBudgetExceeded,
  isSuccessLine,
  judgeAnswer,
  unansweredLine,
} from '../../electron/core/batch-outcome';
import { jsonFixture } from '../support/fixtures';

test('2xx succeeds, 4xx is the line error, 429 and 5xx and no answer are retried with backoff', () => {
  assert.deepEqual(judgeAnswer({ status: 200, body: {} }, 1), { kind: 'success' });
  assert.deepEqual(judgeAnswer({ status: 401, body: {} }, 1), { kind: 'error' });
  assert.deepEqual(judgeAnswer({ status: 400, body: {} }, 1), { kind: 'error' });
  assert.deepEqual(judgeAnswer({ status: 429, body: {} }, 1), { kind: 'retry', inMs: 1000 });
  assert.deepEqual(judgeAnswer({ status: 503, body: {} }, 3), { kind: 'retry', inMs: 4000 });
  assert.deepEqual(judgeAnswer({ status: 0, body: null }, 2), { kind: 'retry', inMs: 2000 });
  // Capped, and the last attempt gives up into an error line.
  assert.deepEqual(
    judgeAnswer({ status: 500, body: {} }, 5, { maxAttempts: 9, baseMs: 1000, maxMs: 8000 }),
    {
      kind: 'retry',
      inMs: 8000,
    },
  );
  assert.deepEqual(judgeAnswer({ status: 500, body: {} }, 6), { kind: 'error' });
  // Retry-After wins when it asks for longer than the backoff.
  assert.deepEqual(judgeAnswer({ status: 429, body: {}, retryAfterS: 7 }, 1), {
    kind: 'retry',
    inMs: 7000,
  });
});

test("LiteLLM's recorded budget-exceeded answers (400 and 429) are errors, never retried", () => {
  const recorded = jsonFixture('litellm/error_budget_exceeded_key_400.json');
  assert.ok(isBudgetExceeded(recorded));
  assert.deepEqual(judgeAnswer({ status: 400, body: recorded }, 1), { kind: 'error' });
  assert.deepEqual(judgeAnswer({ status: 429, body: recorded }, 1), { kind: 'error' });
  const rateLimited = jsonFixture('litellm/error_rate_limit_429.json');
  assert.ok(!isBudgetExceeded(rateLimited));
  assert.equal(judgeAnswer({ status: 429, body: rateLimited }, 1).kind, 'retry');
});

test('output and error lines have the shape of OpenAI batch files', () => {
  const ok = answeredLine({ id: 'batch_req_1', requestId: 'req_1' }, 'a', 200, { x: 1 });
  assert.deepEqual(ok, {
    id: 'batch_req_1',
    custom_id: 'a',
    response: { status_code: 200, request_id: 'req_1', body: { x: 1 } },
    error: null,
  });
  assert.ok(isSuccessLine(ok));
  assert.ok(!isSuccessLine(answeredLine({ id: 'i', requestId: 'r' }, 'a', 401, {})));
  const expired = unansweredLine('batch_req_2', 'b', 'batch_expired', 'late');
  assert.deepEqual(expired, {
    id: 'batch_req_2',
    custom_id: 'b',
    response: null,
    error: { code: 'batch_expired', message: 'late' },
  });
  assert.ok(!isSuccessLine(expired));
});
