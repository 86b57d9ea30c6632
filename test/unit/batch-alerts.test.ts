import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchObservations } from '../../electron/core/batch-alerts';
import type { BatchView } from '../../electron/shared/batch';

const hour = 3600;
const now = 1_800_000_000_000;
const base = (over: Partial<BatchView>): BatchView => ({
  id: 'batch_1',
  object: 'batch',
  endpoint: '/v1/chat/completions',
  errors: null,
  input_file_id: 'file-1',
  completion_window: '24h',
  status: 'completed',
  output_file_id: null,
  error_file_id: null,
  created_at: now / 1000 - 2 * hour,
  in_progress_at: null,
  expires_at: null,
  finalizing_at: null,
  completed_at: null,
  failed_at: null,
  expired_at: null,
  cancelling_at: null,
  cancelled_at: null,
  request_counts: { total: 10, completed: 4, failed: 1 },
  metadata: null,
  owner: 'abc',
  app: 'notes-bot',
  ...over,
});

test('a failed or expired batch is one warning, named by app and batch, for a day', () => {
  const failed = base({
    status: 'failed',
    failed_at: now / 1000 - hour,
    errors: {
      object: 'list',
      data: [
        {
          code: 'duplicate_custom_id',
          message: 'Line 2 repeats custom_id "a".',
          param: 'custom_id',
          line: 2,
        },
        {
          code: 'duplicate_custom_id',
          message: 'Line 3 repeats custom_id "a".',
          param: 'custom_id',
          line: 3,
        },
      ],
    },
  });
  const expired = base({
    id: 'batch_2',
    status: 'expired',
    expired_at: now / 1000 - hour,
    app: null,
  });
  const obs = batchObservations([failed, expired, base({ id: 'batch_3' })], now);
  assert.deepEqual(
    obs.map((o) => [o.id, o.severity, o.source]),
    [
      ['batch:failed:batch_1', 'warning', 'batch'],
      ['batch:expired:batch_2', 'warning', 'batch'],
    ],
  );
  assert.equal(obs[0]!.title, 'A batch of notes-bot failed');
  assert.match(obs[0]!.message, /Line 2 repeats custom_id "a"\. \(and 1 more\)/);
  assert.equal(obs[1]!.title, 'A batch of an unknown key expired');
  assert.match(obs[1]!.message, /4 of 10 requests done .*\(1 errors\)/);
  // A day later it is history.
  assert.deepEqual(batchObservations([failed], now + 24 * hour * 1000), []);
});
