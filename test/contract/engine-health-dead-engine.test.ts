// Healthy on paper, dead in fact: the vLLM stand-in's zombie mode answers /health 200 and fails
// every generation (vllm-project/vllm#39863). LiteLLM's counters show it; the watch raises one
// critical alert with Restart; `hagw status --deep` tries each local route and exits 1.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineWatch } from '../../electron/app/engine-watch';
import { LiteLlmClient } from '../../electron/node/services/litellm-client';
import { StatusReport } from '../../electron/shared/status';
import { cli } from '../support/cli-harness';
import { chatStatus, type RunningStandins, startStandins } from '../support/standins';

let s: RunningStandins;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hagw-engine-'));
  // One local route: the stand-in's vLLM serves local-chat alone.
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    'model_list:\n  - model_name: local-chat\n    litellm_params:\n      model: hosted_vllm/local-chat\n      api_base: http://vllm:8000/v1\n    model_info:\n      input_cost_per_token: 0.0000001\n      output_cost_per_token: 0.0000004\n',
  );
  s = await startStandins({}, { config });
});
after(() => s.close());

const zombie = (on: boolean) =>
  fetch(`${s.vllmUrl}/__standin/state`, { method: 'POST', body: JSON.stringify({ zombie: on }) });

test('the watch: calls failing behind a healthy container raise one critical alert with Restart', async () => {
  const key = (await (
    await fetch(`${s.litellmUrl}/key/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key_alias: 'engine-test' }),
    })
  ).json()) as { key: string };
  const litellm = new LiteLlmClient({
    baseUrl: s.litellmUrl,
    masterKey: () => Promise.resolve(s.masterKey),
    timeoutMs: 5000,
  });
  const stack = {
    snapshot: () =>
      ({ services: [{ name: 'vllm', state: 'running', health: 'healthy' }] }) as never,
  };
  const watch = new EngineWatch(litellm, stack);
  assert.equal(await chatStatus(s.litellmUrl, key.key), 200);
  assert.deepEqual(await watch.observations(), []);
  await zombie(true);
  assert.equal((await fetch(`${s.vllmUrl}/health`)).status, 200, 'the healthcheck still passes');
  for (let i = 0; i < 3; i++) assert.equal(await chatStatus(s.litellmUrl, key.key), 500);
  const alerts = await watch.observations();
  assert.deepEqual(
    alerts.map((a) => [a.id, a.severity, a.target, a.actions?.map((x) => x.id)]),
    [['engine:dead:local-chat', 'critical', 'vllm', ['restart-service']]],
  );
  assert.match(alerts[0]!.message, /3 calls to local-chat failed and none succeeded/);
  await zombie(false);
  assert.equal(await chatStatus(s.litellmUrl, key.key), 200);
  assert.deepEqual(await watch.observations(), [], 'a success clears it');
});

test('hagw status --deep: one tiny call per local route; a dead engine is exit 1 with its error', async () => {
  const env = {
    HAGW_DATA_DIR: dir,
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    DOCKER_HOST: `unix://${join(dir, 'none.sock')}`,
  };
  const ok = await cli(['status', '--deep', '--json'], env);
  assert.equal(ok.code, 0, ok.stderr);
  const good = StatusReport.parse(JSON.parse(ok.stdout));
  assert.deepEqual(
    good.routes?.map((r) => [r.route, r.service, r.ok]),
    [['local-chat', 'vllm', true]],
  );
  await zombie(true);
  try {
    const bad = await cli(['status', '--deep'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /local-chat\s+vllm\s+FAILED HTTP 500/);
    assert.match(bad.stderr, /local-chat \(vllm\) failed: HTTP 500/);
  } finally {
    await zombie(false);
  }
  // Without --deep nothing is called and the shape is as before.
  const plain = StatusReport.parse(JSON.parse((await cli(['status', '--json'], env)).stdout));
  assert.equal(plain.routes, undefined);
});
