import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyObservations } from '../../electron/core/key-alerts';
import {
  checkAlias,
  checkBudget,
  suggestBudget,
  timeToReset,
  tokensToUsd,
} from '../../electron/core/key-policy';
import { usageRows } from '../../electron/core/key-usage';
import type { KeyView } from '../../electron/shared/keys';
import type { SpendLogRow } from '../../electron/shared/litellm';

test('aliases: spaces and emoji refused with a fix; a tiny budget is kept, not rounded to $0', () => {
  assert.equal(checkAlias('my bot').ok, false);
  assert.equal(checkAlias('bot🤖').ok, false);
  assert.deepEqual(checkAlias(' app:com.example.editor '), {
    ok: true,
    value: 'app:com.example.editor',
  });
  assert.deepEqual(checkBudget(0.0005), { ok: true, value: 0.0005 });
  assert.equal(checkBudget(0).ok, false);
  assert.equal(checkBudget(Number.NaN).ok, false);
});

test('tokens per month priced 3/4 input + 1/4 output; suggestion = p95 day x 30 after 7 days', () => {
  assert.equal(
    tokensToUsd(2_000_000, { model: 'local-chat', inputPerToken: 1.5e-7, outputPerToken: 6e-7 }),
    0.53,
  );
  assert.equal(suggestBudget([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), null, 'under 7 days');
  assert.equal(suggestBudget([0.05, 0.1, 0.02, 0.3, 0.1, 0.1, 0.1]), 9, '0.30 x 30 = 9');
  assert.equal(suggestBudget([0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.002]), 0.1);
});

test('time to reset', () => {
  const now = Date.UTC(2026, 11, 1, 0, 0);
  assert.equal(timeToReset('2027-01-01T00:00:00+00:00', now), 'in 31 d 0 h');
  assert.equal(timeToReset(null, now), null);
});

const key = (over: Partial<KeyView> = {}): KeyView => ({
  alias: 'bot',
  tokenHash: 'h1',
  models: ['local-chat'],
  spend: 0,
  maxBudget: 1,
  budgetDuration: '30d',
  budgetResetAt: '2027-01-01T00:00:00+00:00',
  budgetUsedPercent: 0,
  rpmLimit: 60,
  tpmLimit: null,
  blocked: false,
  inVault: true,
  ...over,
});
const log = (at: number, tokens: number, id = `r${at}`): SpendLogRow => ({
  request_id: id,
  api_key: 'h1',
  spend: tokens * 1e-7,
  total_tokens: tokens,
  prompt_tokens: Math.round(tokens * 0.8),
  completion_tokens: Math.round(tokens * 0.2),
  startTime: new Date(at).toISOString(),
  endTime: new Date(at).toISOString(),
  model: 'Qwen',
  model_group: 'local-chat',
});

test('usage: calls in the last minute, tokens per call percentiles, saved at the reference price', () => {
  const now = Date.UTC(2026, 11, 10, 12);
  const logs = [log(now - 30_000, 100), log(now - 20_000, 200), log(now - 3 * 86_400_000, 1000)];
  const [u] = usageRows(
    [key()],
    logs,
    [{ model: 'local-chat', inputPerToken: 1.5e-7, outputPerToken: 6e-7 }],
    now,
  );
  assert.equal(u?.callsPerMinute, 2);
  assert.deepEqual(u?.tokensPerCall, { p50: 200, p95: 1000, max: 1000 });
  assert.ok(Math.abs((u?.savedThisMonthUsd ?? 0) - (1040 * 1.5e-7 + 260 * 6e-7)) < 1e-9);
});

test('runaway: over 30/min and 5x the usual rate, or over the cap; an outlier over 10x the p95', () => {
  const report = { keys: [key()], stale: false, error: null };
  const row = {
    alias: 'bot',
    tokenHash: 'h1',
    spend: 0,
    maxBudget: 1,
    budgetUsedPercent: 0,
    resetsIn: null,
    callsPerMinute: 45,
    tokensPerCall: { p50: 100, p95: 120, max: 5000 },
    savedThisMonthUsd: 0,
    suggestedBudgetUsd: null,
  };
  const ids = (median: number, cap: number | null, logs: SpendLogRow[] = []) =>
    keyObservations(report, [row], {
      runawayCapPerMinute: cap,
      medianCallsPerMinute: new Map([['h1', median]]),
      logs,
    }).map((o) => o.id.split(':').slice(0, 2).join(':'));
  assert.deepEqual(ids(4, null), ['keys:runaway']);
  assert.deepEqual(ids(20, null), [], '45 is not 5x 20');
  assert.deepEqual(ids(20, 40), ['keys:runaway'], 'over the absolute cap');
  const t = Date.UTC(2026, 11, 1);
  const logs = [
    ...[100, 110, 90, 120, 100, 105].map((n, i) => log(t + i * 1000, n)),
    log(t + 10_000, 5000),
  ];
  assert.deepEqual(ids(40, null, logs), ['keys:outlier']);
});
