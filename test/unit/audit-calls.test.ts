import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesAudit, parseSince, sqlTime, toAuditCall } from '../../electron/core/audit-calls';
import { growthWarning, projectGrowth } from '../../electron/core/spend-log-growth';
import type { SpendLogRow } from '../../electron/shared/litellm';
import { jsonFixture } from '../support/fixtures';

test('the recorded spend-log row as an audit line: no prompt, the alias, the duration LiteLLM measured', () => {
  const row = jsonFixture<SpendLogRow>('litellm/spend_logs_row.json');
  const c = toAuditCall(row, () => 'unused');
  assert.deepEqual(c, {
    at: '2026-05-02T12:41:05.101Z',
    app: 'app:com.example.editor',
    model: 'local-qwen',
    promptTokens: 1010,
    completionTokens: 230,
    status: 'success',
    durationMs: 2387,
    cost: 0.000312,
  });
  const failed = toAuditCall(
    { ...row, status: 'failure', metadata: {}, request_duration_ms: undefined },
    () => 'bot',
  );
  assert.deepEqual([failed.status, failed.app, failed.durationMs], ['error', 'bot', 2387]);
  assert.equal(matchesAudit(c, { app: 'x' }), false);
  assert.equal(matchesAudit(c, { model: 'local-qwen', status: 'success' }), true);
});

test('--since: minutes, hours, days up to the 30 kept; LiteLLM query times are UTC seconds', () => {
  assert.deepEqual(parseSince('24h'), { ok: true, value: 86_400_000 });
  assert.deepEqual(parseSince('30d'), { ok: true, value: 30 * 86_400_000 });
  for (const bad of ['31d', '0h', '1w', '', '-1h']) assert.equal(parseSince(bad).ok, false, bad);
  assert.equal(sqlTime(new Date('2026-12-02T21:05:09.999Z')), '2026-12-02 21:05:09');
});

test('spend-log growth: 30 days at the last week’s rate, a warning with the fix past a quarter of free disk', () => {
  const g = projectGrowth(
    { rows: 70_000, bytes: 70_000 * 2048, rowsLast7Days: 70_000 },
    30,
    10 * 2 ** 30,
  );
  assert.equal(g.rowsPerDay, 10_000);
  assert.equal(g.projectedBytes, 300_000 * 2048);
  assert.equal(growthWarning(g), null, '0.57 GiB of 10 GiB free');
  const tight = { ...g, freeBytes: 2 * 2 ** 30 };
  assert.match(
    growthWarning(tight) ?? '',
    /about 0\.6 GiB at 10000 calls\/day kept 30 days, and the disk has 2\.0 GiB free: keep store_prompts_in_spend_logs off/,
  );
  assert.equal(growthWarning({ ...g, freeBytes: null }), null);
});
