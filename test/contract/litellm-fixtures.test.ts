// Every recorded LiteLLM payload must be accepted by the schema the app uses for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { z } from 'zod';
import * as L from '../../electron/shared/litellm';
import { fixtureNames, jsonFixture } from '../support/fixtures';

const schemaFor: Record<string, z.ZodType> = {
  'key_generate_request.json': L.KeyGenerateRequest,
  'key_generate_response.json': L.KeyGenerateResponse,
  'key_info_response.json': L.KeyInfoResponse,
  'key_list_response.json': L.KeyListResponse,
  'key_update_request.json': L.KeyUpdateRequest,
  'key_update_response.json': L.KeyUpdateResponse,
  'key_delete_request.json': L.KeyDeleteRequest,
  'key_delete_response.json': L.KeyDeleteResponse,
  'key_block_request.json': L.KeyBlockRequest,
  'key_block_response.json': L.KeyBlockResponse,
  'key_unblock_response.json': L.KeyBlockResponse,
  'key_regenerate_request.json': L.KeyRegenerateRequest,
  'key_regenerate_response.json': L.KeyGenerateResponse,
  'key_reset_spend_request.json': L.KeyResetSpendRequest,
  'key_reset_spend_response.json': L.KeyResetSpendResponse,
  'spend_logs_row.json': L.SpendLogRow,
  'spend_logs_response.json': L.SpendLogsResponse,
  'spend_logs_ui_response.json': L.SpendLogsUiResponse,
  'global_spend_response.json': L.GlobalSpendResponse,
  'global_spend_keys_response.json': L.GlobalSpendKeysResponse,
  'global_spend_logs_response.json': L.GlobalSpendLogsResponse,
  'global_spend_logs_per_key_response.json': L.GlobalSpendLogsResponse,
  'global_activity_response.json': L.GlobalActivityResponse,
  'user_daily_activity_response.json': L.UserDailyActivityResponse,
  'health_liveliness_response.json': L.HealthLivelinessResponse,
  'health_readiness_response.json': L.HealthReadinessResponse,
  'health_readiness_response_no_db.json': L.HealthReadinessResponse,
  'health_response.json': L.HealthResponse,
  'v1_models_response.json': L.ModelsResponse,
  'model_info_response.json': L.ModelInfoResponse,
  'model_new_request.json': L.ModelNewRequest,
  'model_new_response.json': L.ModelNewResponse,
  'model_delete_request.json': L.ModelDeleteRequest,
  'model_delete_response.json': L.ModelDeleteResponse,
  'model_cost_map_excerpt.json': L.ModelCostMap,
  'prometheus_metrics_sample.json': L.MetricSamples,
};

const jsonFiles = fixtureNames('litellm').filter((f) => f.endsWith('.json') && f !== '_index.json');

test('every LiteLLM JSON fixture has a schema (a new fixture cannot go unchecked)', () => {
  const unmapped = jsonFiles.filter(
    (f) =>
      !f.startsWith('error_') && !(f in schemaFor) && f !== 'error_rate_limit_429_headers.json',
  );
  assert.deepEqual(unmapped, []);
});

for (const file of jsonFiles.filter((f) => f in schemaFor)) {
  test(`schema accepts ${file}`, () => {
    const r = schemaFor[file]!.safeParse(jsonFixture(`litellm/${file}`));
    assert.ok(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3)));
  });
}

for (const file of jsonFiles.filter(
  (f) => f.startsWith('error_') && f !== 'error_rate_limit_429_headers.json',
)) {
  test(`error envelope accepts ${file}, with code a string`, () => {
    const e = L.LiteLlmError.parse(jsonFixture(`litellm/${file}`));
    assert.match(e.error.code, /^\d{3}$/);
  });
}

test('the schemas are strict about the fields the app uses', () => {
  const row = jsonFixture<Record<string, unknown>>('litellm/key_generate_response.json');
  assert.equal(L.KeyGenerateResponse.safeParse({ ...row, key: 'not-an-sk-key' }).success, false);
  assert.equal(L.KeyGenerateResponse.safeParse({ ...row, spend: '0.0' }).success, false);
  const err = jsonFixture<{ error: Record<string, unknown> }>(
    'litellm/error_budget_exceeded_key_400.json',
  );
  assert.equal(L.LiteLlmError.safeParse({ error: { ...err.error, code: 400 } }).success, false);
});
