import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkCloudModel,
  checkEnvName,
  checkReferencePrice,
  parseModelSpec,
} from '../../electron/core/model-spec';
import type { ModelCostMap } from '../../electron/shared/litellm';
import { jsonFixture } from '../support/fixtures';

const map = jsonFixture<ModelCostMap>('litellm/model_cost_map_excerpt.json');

test('cloud providers by prefix; anything else, slashes included, is a served name', () => {
  assert.deepEqual(parseModelSpec('openai/gpt-4o-mini'), {
    ok: true,
    value: { kind: 'cloud', provider: 'openai', model: 'gpt-4o-mini' },
  });
  assert.deepEqual(parseModelSpec('Qwen/Qwen2.5-7B'), {
    ok: true,
    value: { kind: 'local', served: 'Qwen/Qwen2.5-7B' },
  });
  assert.equal(parseModelSpec('openai/').ok, false);
  assert.equal(parseModelSpec('a b').ok, false);
});

test("LiteLLM's cost map: bare OpenAI/Anthropic keys, prefixed Together keys, chat only", () => {
  assert.deepEqual(checkCloudModel(map, 'openai', 'gpt-4o-mini'), {
    ok: true,
    value: { inputCostPerToken: 1.5e-7, outputCostPerToken: 6e-7 },
  });
  assert.equal(
    checkCloudModel(map, 'together_ai', 'meta-llama/Llama-3.3-70B-Instruct-Turbo').ok,
    true,
  );
  assert.equal(checkCloudModel(map, 'anthropic', 'gpt-4o').ok, false, 'another provider’s model');
  const emb = checkCloudModel(map, 'openai', 'text-embedding-3-small');
  assert.deepEqual(emb, {
    ok: false,
    error: `LiteLLM's cost map has no chat model "text-embedding-3-small" for openai; accepted: gpt-4.1-mini, gpt-4o, gpt-4o-mini.`,
  });
});

test('the key variable name and the reference price are checked', () => {
  assert.equal(checkEnvName('OPENAI_API_KEY').ok, true);
  for (const bad of [undefined, 'openai_key', '1KEY', 'A B'])
    assert.equal(checkEnvName(bad).ok, false, String(bad));
  assert.deepEqual(checkReferencePrice(0.15, 0.6), {
    ok: true,
    value: { inputCostPerToken: 1.5e-7, outputCostPerToken: 6e-7 },
  });
  assert.equal(checkReferencePrice(0, 0).ok, false);
  assert.equal(checkReferencePrice(0, 0.1).ok, true);
  assert.equal(checkReferencePrice(2000, 1).ok, false);
});
