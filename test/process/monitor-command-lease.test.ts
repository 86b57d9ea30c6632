// Two `hagw monitor` processes on one data directory (as the tray app and a monitor would be):
// both show the alert, exactly one pushes it; when the sender is killed, the other takes over and
// pushes the clearance, once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KeysReport } from '../../electron/shared/keys';
import { cli } from '../support/cli-harness';
import { waitFor } from '../support/fake-timers';
import { monitorWorld, startMonitor, waitForRenewals } from '../support/monitor-process';
import { chatStatus } from '../support/standins';

let w: Awaited<ReturnType<typeof monitorWorld>>;
let dir: string;
let env: Record<string, string>;
before(async () => {
  w = await monitorWorld('hagw-lease-it-');
  dir = w.dir;
  env = w.env;
});
after(() => w.close());

const ok = async (args: string[]) => {
  const r = await cli(args, env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('two supervisors, one set of pushes; the survivor takes over when the sender dies', async () => {
  await ok(['notify', 'add', 'webhook', `${w.rx.url}/hook`, '--allow-private']);
  await ok(['keys', 'create', 'obsidian', '--budget', '1']);
  const raw = (JSON.parse(await ok(['keys', 'env', 'obsidian', '--json'])) as { rawKey: string })
    .rawKey;
  assert.equal(await chatStatus(w.s.litellmUrl, raw), 200);
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
    const budget = () => w.rx.json('/hook').filter((x) => String(x.id).startsWith('keys:budget:'));
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
    // Four more ticks of the sender: still one push.
    await waitForRenewals(dir, 4, 'four more alert ticks');
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
    await waitForRenewals(dir, 4, 'four more ticks of the new sender');
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
