// End to end against the stand-ins: a key with a tiny budget, traffic through the OpenAI-compatible
// endpoint until the budget is gone, and the 50 / 80 / 100 % alerts and the final budget_exceeded
// happening in that order, each notified once.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { emptyAlertState, evaluateAlerts } from '../../electron/core/alert-engine';
import { keyObservations } from '../../electron/core/key-alerts';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createApp, type App } from '../../electron/app/create-app';
import { LiteLlmError } from '../../electron/shared/litellm';
import { repoRoot } from '../support/fixtures';
import { startStandins, type RunningStandins } from '../support/standins';

let s: RunningStandins;
let gw: App;
before(async () => {
  s = await startStandins();
  const env = {
    HAGW_DATA_DIR: mkdtempSync(join(tmpdir(), 'hagw-budget-')),
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    DOCKER_HOST: 'unix:///nonexistent.sock',
  };
  gw = createApp(resolveConfig(repoRoot, env), { env });
});
after(async () => {
  gw.dispose();
  await s.close();
});

test('a key runs out of budget: 50 %, 80 %, 100 % alerts in order, then budget_exceeded', async () => {
  const c = await gw.keys.service.create({ alias: 'runaway-bot', budgetUsd: 0.0005 });
  let state = emptyAlertState();
  const notified: string[] = [];
  let refused: unknown = null;
  for (let i = 0; i < 200 && refused === null; i++) {
    const res = await fetch(`${s.litellmUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.rawKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'local-chat',
        messages: [{ role: 'user', content: 'tell me a story' }],
        max_tokens: 40,
      }),
    });
    if (res.status !== 200) refused = await res.json();
    const report = await gw.keys.service.list();
    const r = evaluateAlerts(
      state,
      keyObservations(report, [], {
        runawayCapPerMinute: null,
        medianCallsPerMinute: new Map(),
        logs: [],
      }),
      i * 1000,
    );
    state = r.state;
    notified.push(...r.notify.map((n) => n.title));
  }
  assert.deepEqual(notified, [
    'runaway-bot used 50 % of its budget',
    'runaway-bot used 80 % of its budget',
    'runaway-bot is out of budget',
  ]);
  assert.equal(LiteLlmError.parse(refused).error.type, 'budget_exceeded');
});

test('no alert from stale data: LiteLLM down means the last list, and nothing is observed', () => {
  const stale = {
    keys: [
      {
        alias: 'x',
        tokenHash: 'h',
        models: [],
        spend: 9,
        maxBudget: 1,
        budgetDuration: '30d',
        budgetResetAt: null,
        budgetUsedPercent: 900,
        rpmLimit: null,
        tpmLimit: null,
        blocked: false,
        inVault: true,
      },
    ],
    stale: true,
    error: 'down',
  };
  assert.deepEqual(
    keyObservations(stale, [], {
      runawayCapPerMinute: null,
      medianCallsPerMinute: new Map(),
      logs: [],
    }),
    [],
  );
});
