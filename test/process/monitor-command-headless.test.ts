// Headless, end to end, no Electron: `hagw monitor --json` as its own process, with the nvidia-smi
// stand-in playing a card that falls off the bus after three readings and the LiteLLM stand-in
// holding a key at 85 % of its budget. A webhook and an ntfy receiver on 127.0.0.1 must each get
// exactly one firing message per alert, then exactly one resolved message once the card is back
// (a "reboot") and the budget is raised; SIGTERM ends the monitor and its nvidia-smi child.
import assert from 'node:assert/strict';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KeysReport } from '../../electron/shared/keys';
import { cli } from '../support/cli-harness';
import { waitFor } from '../support/fake-timers';
import { repoRoot } from '../support/fixtures';
import { monitorWorld, pidAlive, startMonitor, waitForRenewals } from '../support/monitor-process';
import { documentedWebhookFields } from '../support/push-receiver';
import { chatStatus } from '../support/standins';

let w: Awaited<ReturnType<typeof monitorWorld>>;
let dir: string;
let env: Record<string, string>;
before(async () => {
  const scenarios = join(repoRoot, 'test', 'standins', 'scenarios');
  w = await monitorWorld('hagw-monitor-');
  dir = w.dir;
  copyFileSync(join(scenarios, 'gpu-lost.json'), join(dir, 'scenario.json'));
  env = {
    ...w.env,
    HAGW_NVIDIA_SMI: join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi'),
    NVSMI_STANDIN_SCENARIO: join(dir, 'scenario.json'),
    NVSMI_STANDIN_LOST_MARKER: join(dir, 'gpu-lost.marker'),
  };
});
after(() => w.close());

const spendOf = async (alias: string): Promise<number> => {
  const r = await cli(['keys', 'list', '--json'], env);
  const k = KeysReport.parse(JSON.parse(r.stdout)).keys.find((x) => x.alias === alias);
  return k?.spend ?? 0;
};

test('one firing and one resolved push per alert, on a webhook and on ntfy', async () => {
  for (const args of [
    ['notify', 'add', 'webhook', `${w.rx.url}/hook`, '--allow-private'],
    ['notify', 'add', 'ntfy', `${w.rx.url}/gpu-box`, '--allow-private'],
    ['keys', 'create', 'discord-bot', '--budget', '1'],
  ]) {
    const r = await cli(args, env);
    assert.equal(r.code, 0, r.stderr);
  }
  const key = (await cli(['keys', 'env', 'discord-bot', '--json'], env)).stdout;
  const raw = (JSON.parse(key) as { rawKey: string }).rawKey;
  for (let i = 0; i < 3; i++) assert.equal(await chatStatus(w.s.litellmUrl, raw), 200);
  const spend = await spendOf('discord-bot');
  assert.ok(spend > 0, 'the calls were charged');
  const budget85 = (spend / 0.85).toFixed(6);
  assert.equal((await cli(['keys', 'update', 'discord-bot', '--budget', budget85], env)).code, 0);

  const m = startMonitor(['--json'], env);
  try {
    const hook = () =>
      w.rx
        .json('/hook')
        .map((b) => `${String(b.state)}:${String(b.id).split(':').slice(0, 2).join(':')}`);
    const fired = () =>
      hook().includes('firing:gpu:gpu-lost') && hook().includes('firing:keys:budget');
    await waitFor(fired, `both firing pushes (got ${hook().join(', ')}; ${m.stderr()})`, 60_000);

    // The condition clears: the host is rebooted with the card back, and the budget is raised.
    rmSync(join(dir, 'gpu-lost.marker'));
    copyFileSync(
      join(repoRoot, 'test', 'standins', 'scenarios', 'healthy-load.json'),
      join(dir, 'scenario.json'),
    );
    const raised = (spend * 10).toFixed(6);
    assert.equal((await cli(['keys', 'update', 'discord-bot', '--budget', raised], env)).code, 0);
    const resolved = () =>
      hook().includes('resolved:gpu:gpu-lost') && hook().includes('resolved:keys:budget');
    await waitFor(resolved, `both resolved pushes (got ${hook().join(', ')})`, 90_000);
    assert.ok(m.children().length > 0, 'the healthy nvidia-smi stream runs under the monitor');
    // Four more ticks: nothing is sent twice.
    await waitForRenewals(dir, 4, 'four more alert ticks');

    const count = (prefix: string) => hook().filter((h) => h === prefix).length;
    for (const h of [
      'firing:gpu:gpu-lost',
      'resolved:gpu:gpu-lost',
      'firing:keys:budget',
      'resolved:keys:budget',
    ])
      assert.equal(count(h), 1, `${h} exactly once: ${hook().join(', ')}`);

    // The webhook body carries exactly the documented fields.
    const lost = w.rx.json('/hook').find((b) => String(b.id).startsWith('gpu:gpu-lost'));
    assert.deepEqual(Object.keys(lost ?? {}), documentedWebhookFields);
    assert.equal(lost?.severity, 'critical');

    // ntfy, header by header.
    const ntfy = w.rx.got.filter((g) => g.path === '/gpu-box');
    const lostNtfy = ntfy.find((g) => /GPU is lost|fallen off|lost/i.test(g.body));
    assert.ok(lostNtfy, ntfy.map((g) => g.body).join(' | '));
    assert.equal(lostNtfy.method, 'POST');
    assert.equal(lostNtfy.headers.priority, '5');
    assert.equal(lostNtfy.headers.tags, 'rotating_light,hagw,gpu');
    assert.match(String(lostNtfy.headers.title), /^GPU 0/);
    assert.match(String(lostNtfy.headers['content-type']), /^text\/plain/);
    const resolvedNtfy = ntfy.filter((g) => String(g.headers.title).startsWith('Resolved: '));
    assert.ok(resolvedNtfy.length >= 2, 'both clearances reached ntfy');
    assert.ok(resolvedNtfy.every((g) => String(g.headers.tags).startsWith('white_check_mark,')));

    // --json: one JSON object per line, each a transition.
    const lines = m.stdout().trim().split('\n');
    assert.ok(
      lines.every((l) =>
        ['firing', 'resolved'].includes(String((JSON.parse(l) as { state: string }).state)),
      ),
    );
  } finally {
    const kids = m.children();
    const { code, ms } = await m.stop();
    assert.equal(code, 0, m.stderr());
    assert.ok(ms < 5000, `exited in ${ms} ms`);
    await waitFor(() => kids.every((p) => !pidAlive(p)), 'the nvidia-smi child to be gone', 5000);
  }
});
