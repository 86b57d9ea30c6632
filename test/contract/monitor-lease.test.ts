// Two `hagw monitor` processes on one data directory (as the tray app and a monitor would be):
// both show the alert, exactly one pushes it; when the sender is killed, the other takes over and
// pushes the clearance, once.
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KeysReport } from '../../electron/shared/keys';
import { cli } from '../support/cli-harness';
import { waitFor } from '../support/fake-timers';
import { startMonitor } from '../support/monitor-process';
import { startReceiver } from '../support/push-receiver';
import { startStandins, type RunningStandins } from '../support/standins';

let s: RunningStandins;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let dir: string;
let env: Record<string, string>;
before(async () => {
  s = await startStandins();
  rx = await startReceiver();
  dir = mkdtempSync(join(tmpdir(), 'hagw-lease-it-'));
  env = {
    HAGW_DATA_DIR: dir,
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    HAGW_VLLM_URL: s.vllmUrl,
    HAGW_NVIDIA_SMI: join(dir, 'no-nvidia-smi'),
    DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`,
    HAGW_ALERT_TICK_MS: '500',
  };
});
after(async () => {
  await rx.close();
  await s.close();
});

const ok = async (args: string[]) => {
  const r = await cli(args, env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('two supervisors, one set of pushes; the survivor takes over when the sender dies', async () => {
  await ok(['notify', 'add', 'webhook', `${rx.url}/hook`]);
  await ok(['keys', 'create', 'obsidian', '--budget', '1']);
  const raw = (JSON.parse(await ok(['keys', 'env', 'obsidian', '--json'])) as { rawKey: string })
    .rawKey;
  const res = await fetch(`${s.litellmUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${raw}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'local-chat', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(res.status, 200);
  const spend =
    KeysReport.parse(JSON.parse(await ok(['keys', 'list', '--json']))).keys.find(
      (k) => k.alias === 'obsidian',
    )?.spend ?? 0;
  assert.ok(spend > 0);
  await ok(['keys', 'update', 'obsidian', '--budget', (spend / 0.9).toFixed(6)]);

  const a = startMonitor(['--json'], env);
  const b = startMonitor(['--json'], env);
  const monitors = [a, b];
  try {
    const budget = () => rx.json('/hook').filter((x) => String(x.id).startsWith('keys:budget:'));
    const shows = (m: typeof a, state: string) =>
      m
        .stdout()
        .split('\n')
        .some((l) => l.includes('"keys:budget:') && l.includes(`"state":"${state}"`));
    await waitFor(
      () => shows(a, 'firing') && shows(b, 'firing'),
      'both monitors to show it',
      60_000,
    );
    await waitFor(() => budget().length >= 1, 'the firing push', 30_000);
    // Four lease renewals (the tick's period): still one push.
    const writes = new Set<number>();
    await waitFor(
      () => (writes.add(statSync(join(dir, 'sender.lease')).mtimeMs), writes.size >= 4),
      'four lease renewals (as many alert ticks)',
      30_000,
    );
    assert.deepEqual(
      budget().map((x) => x.state),
      ['firing'],
    );
    const sender = monitors.find((m) => /this monitor sends the pushes\./.test(m.stderr()));
    const other = monitors.find((m) => m !== sender);
    assert.ok(sender && other, `${a.stderr()}\n---\n${b.stderr()}`);
    assert.match(
      other.stderr(),
      /hagw monitor, pid \d+ sends the pushes, this one only shows them/,
    );

    sender.child.kill('SIGKILL');
    await waitFor(
      () => /this monitor sends the pushes now/.test(other.stderr()),
      `the takeover (${other.stderr()})`,
      60_000,
    );
    await ok(['keys', 'update', 'obsidian', '--budget', (spend * 10).toFixed(6)]);
    await waitFor(() => budget().length >= 2, 'the resolved push', 30_000);
    const writes2 = new Set<number>();
    await waitFor(
      () => (writes2.add(statSync(join(dir, 'sender.lease')).mtimeMs), writes2.size >= 4),
      'four renewals by the new sender',
      30_000,
    );
    assert.deepEqual(
      budget().map((x) => x.state),
      ['firing', 'resolved'],
      "the new sender read the old one's state: no second firing, one resolved",
    );
  } finally {
    for (const m of monitors)
      if (m.child.exitCode === null && m.child.signalCode === null) await m.stop();
  }
});
