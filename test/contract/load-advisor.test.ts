// The load advice the gateway's live monitor carries: vLLM's queue, polled through LoadWatch on
// the gateway's timers, against the vLLM stand-in. Time is the fake clock's; only the HTTP is real.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createApp } from '../../electron/app/create-app';
import { FakeTime, waitFor } from '../support/fake-timers';
import { repoRoot } from '../support/fixtures';
import { startStandins } from '../support/standins';

test('a vLLM queue above 5 for 10 minutes becomes the "outgrown a single card" advice', async () => {
  const s = await startStandins();
  const d = mkdtempSync(join(tmpdir(), 'hagw-load-'));
  const env = {
    HAGW_DATA_DIR: d,
    HAGW_VLLM_URL: s.vllmUrl,
    HAGW_NVIDIA_SMI: join(d, 'no-nvidia-smi'),
    DOCKER_HOST: `unix://${join(d, 'none.sock')}`,
  };
  const time = new FakeTime();
  const gw = createApp(resolveConfig(repoRoot, env), { env, clock: time, timers: time });
  let answered = 0;
  s.vllm.server.on('request', (req, res) => {
    if (req.url === '/metrics') res.on('finish', () => answered++);
  });
  await fetch(`${s.vllmUrl}/__standin/state`, {
    method: 'POST',
    body: JSON.stringify({ waiting: 8 }),
  });
  try {
    await gw.gpu.monitor();
    assert.deepEqual(gw.gpu.loadAdvice(), []);
    // 15 s polls for 10 minutes and a bit: each one answered before the clock moves on.
    for (let i = 1; i <= 42; i++) {
      time.advance(15_000);
      await waitFor(() => answered >= i, `vLLM poll ${i}`);
    }
    await waitFor(() => gw.gpu.loadAdvice().length > 0, 'the advice');
    const [advice] = gw.gpu.loadAdvice();
    assert.equal(advice?.id, 'load:outgrown-card');
    assert.match(advice?.message ?? '', /more than 8 requests waiting for 10 minutes/);
  } finally {
    gw.dispose();
    await s.close();
  }
});
