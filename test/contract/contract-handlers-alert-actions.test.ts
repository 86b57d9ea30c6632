// The dashboard's one-click alert actions through the contract, against the LiteLLM stand-in:
// a runaway key blocked from its alert, an overdue cleaning snoozed from its alert.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createContractHandlers } from '../../electron/app/contract-handlers';
import { createApp, type App } from '../../electron/app/create-app';
import { createSupervisor } from '../../electron/app/create-supervisor';
import { systemClock, systemTimers } from '../../electron/node/platform/system-clock';
import { repoRoot } from '../support/fixtures';
import { startStandins, type RunningStandins } from '../support/standins';

// A supervisor that is never started: its handlers read the live alerts, nothing ticks.
const quiet = { what: 'test', clock: systemClock, timers: systemTimers, warn: () => undefined };
let s: RunningStandins;
let gw: App;
before(async () => {
  s = await startStandins();
  const dir = mkdtempSync(join(tmpdir(), 'hagw-alert-act-'));
  const env = {
    HAGW_DATA_DIR: dir,
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    HAGW_NVIDIA_SMI: join(dir, 'no-nvidia-smi'),
    DOCKER_HOST: 'unix:///nonexistent.sock',
  };
  gw = createApp(resolveConfig(repoRoot, env), { env });
});
after(async () => {
  gw.dispose();
  await s.close();
});

test('a runaway key (31 calls in a minute against a usual 0) is blocked from its alert', async () => {
  const h = createContractHandlers(gw, createSupervisor(gw, quiet));
  const c = await gw.keys.service.create({ alias: 'loop-script', budgetUsd: 5 });
  const chat = () =>
    fetch(`${s.litellmUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.rawKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'local-chat',
        messages: [{ role: 'user', content: 'again' }],
        max_tokens: 4,
      }),
    });
  for (let i = 0; i < 31; i++) await chat();
  const list = await h['alerts.list']();
  const runaway = list.alerts.find((a) => a.id.startsWith('keys:runaway:'));
  assert.ok(runaway, JSON.stringify(list.alerts.map((a) => a.id)));
  assert.deepEqual(
    [runaway.target, runaway.actions.map((a) => a.id)],
    ['loop-script', ['block-key']],
  );
  await h['alerts.act'](runaway.id, 'block-key');
  assert.equal((await chat()).status, 401);
  await assert.rejects(h['alerts.act'](runaway.id, 'mark-cleaned'), /has no action mark-cleaned/);
});

test('an overdue cleaning is snoozed for a week from its alert', async () => {
  const h = createContractHandlers(gw, createSupervisor(gw, quiet));
  await gw.gpu.maintenance.cleaned('2026-01-01');
  const due = (await h['alerts.list']()).alerts.find((a) => a.id === 'maintenance:cleaning-due');
  assert.ok(due);
  await h['alerts.act'](due.id, 'snooze-1w');
  const after = (await h['alerts.list']()).alerts.find((a) => a.id === 'maintenance:cleaning-due');
  assert.equal(after, undefined, 'a snoozed reminder is not due');
  assert.ok((await gw.gpu.maintenance.status()).snoozedUntil);
});
