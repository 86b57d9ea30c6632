import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelTable, type ServedList } from '../../electron/core/model-table';
import type { ModelInfoResponse } from '../../electron/shared/litellm';
import { jsonFixture } from '../support/fixtures';

type Route = ModelInfoResponse['data'][number];
const route = (
  name: string,
  model: string,
  apiBase: string | null,
  cost: [number | null, number | null],
  db = false,
): Route => ({
  model_name: name,
  litellm_params: { model, api_base: apiBase },
  model_info: {
    id: `${name}-${apiBase}`,
    db_model: db,
    input_cost_per_token: cost[0],
    output_cost_per_token: cost[1],
  },
});
const vllm = (models: string[] | null): ServedList => ({
  kind: 'vllm',
  apiBase: 'http://vllm:8000/v1',
  models,
});

test('the recorded /model/info: a priced local route, served, with the apps whose allowlist names it', () => {
  const info = jsonFixture<ModelInfoResponse>('litellm/model_info_response.json');
  const rows = modelTable(
    info.data,
    [vllm(['Qwen/Qwen2.5-7B-Instruct'])],
    [
      { alias: 'editor', models: ['local-qwen'] },
      { alias: 'bot', models: ['other'] },
    ],
  );
  assert.deepEqual(rows, [
    {
      name: 'local-qwen',
      kind: 'local',
      servedBy: 'vllm',
      route: 'hosted_vllm/Qwen/Qwen2.5-7B-Instruct',
      inputCostPerToken: 1.5e-7,
      outputCostPerToken: 6e-7,
      apps: ['editor'],
      problem: null,
      deployments: [{ apiBase: 'http://vllm:8000/v1', serving: true }],
      removable: false,
    },
  ]);
});

test('served but not routed, routed to nothing, and a server that does not answer', () => {
  const rows = modelTable(
    [
      route('chat', 'hosted_vllm/chat', 'http://vllm:8000/v1', [1e-7, 2e-7]),
      route('gone', 'hosted_vllm/gone', 'http://vllm:8000/v1', [1e-7, 2e-7]),
      route('olla', 'ollama_chat/qwen', 'http://ollama:11434', [1e-7, 2e-7]),
    ],
    [vllm(['chat', 'extra']), { kind: 'ollama', apiBase: 'http://ollama:11434', models: null }],
    [],
  );
  const problem = new Map(rows.map((r) => [r.name, r.problem]));
  assert.equal(problem.get('chat'), null);
  assert.equal(problem.get('gone'), 'routed to nothing: no server serves gone');
  assert.equal(
    problem.get('olla'),
    'routed to nothing: Ollama at http://ollama:11434 does not answer',
  );
  assert.equal(problem.get('extra'), 'served by vLLM but not routed: hagw models add extra');
  assert.equal(rows.find((r) => r.name === 'extra')?.route, null);
});

test('priced 0/0 is flagged (LiteLLM skips budgets); a cloud route with no price too; deployments fold', () => {
  const rows = modelTable(
    [
      route('free', 'hosted_vllm/chat', 'http://vllm:8000/v1', [0, 0]),
      route('gpt', 'openai/gpt-4o-mini', null, [null, null], true),
      route('chat', 'hosted_vllm/chat', 'http://vllm:8000/v1', [1e-7, 2e-7]),
      route('chat', 'hosted_vllm/chat', 'http://10.0.0.2:8000/v1', [1e-7, 2e-7], true),
    ],
    [vllm(['chat']), { kind: 'vllm', apiBase: 'http://10.0.0.2:8000/v1', models: [] }],
    [{ alias: 'all', models: [] }],
  );
  const by = new Map(rows.map((r) => [r.name, r]));
  assert.match(by.get('free')?.problem ?? '', /^priced 0\/0: LiteLLM skips budget checks/);
  assert.equal(by.get('gpt')?.kind, 'cloud');
  assert.match(by.get('gpt')?.problem ?? '', /no price in LiteLLM's cost map/);
  assert.equal(by.get('gpt')?.removable, true);
  assert.deepEqual(by.get('chat')?.deployments, [
    { apiBase: 'http://vllm:8000/v1', serving: true },
    { apiBase: 'http://10.0.0.2:8000/v1', serving: false },
  ]);
  assert.equal(
    by.get('chat')?.problem,
    '1 of 2 deployments do not serve chat: http://10.0.0.2:8000/v1',
  );
  // An empty allowlist reaches every route in LiteLLM: shown as such.
  assert.deepEqual(by.get('gpt')?.apps, ['all']);
  assert.equal(rows.length, 3);
});
