// hagw models status|sleep|wake|resume|set|margin against a wake service in front of vLLM
// stand-ins with sleep mode: the CLI goes through the contract's lifecycle channels.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LifecycleReport } from '../../electron/shared/lifecycle';
import { cli } from '../support/cli-harness';
import { startWakerWorld, type WakerWorld } from '../support/waker-world';
import { waitForAsync } from '../support/wait';

const masterKey = 'sk-master-lifecycle';
let world: WakerWorld;
let env: Record<string, string>;
before(async () => {
  world = await startWakerWorld(
    [
      { name: 'local-chat', vramMiB: 12_000 },
      { name: 'local-embed', vramMiB: 1_000, sleepMode: false },
    ],
    { masterKey },
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'hagw-lifecycle-'));
  writeFileSync(join(dataDir, '.env'), `LITELLM_MASTER_KEY=${masterKey}\n`, { mode: 0o600 });
  env = { HAGW_DATA_DIR: dataDir, HAGW_WAKER_URL: world.url };
});
after(() => world.close());

const run = (args: string[]) => cli(['models', ...args], env);
const report = async (args: string[]) => {
  const r = await run([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return LifecycleReport.parse(JSON.parse(r.stdout));
};
const stateOf = async (name: string) =>
  (await report(['status'])).lifecycle?.models.find((m) => m.name === name);

test('status: a table of states; a vLLM without sleep mode is "always awake" with the setting', async () => {
  await waitForAsync(
    async () => (await stateOf('local-chat'))?.state === 'awake',
    'probed',
    10_000,
    20,
  );
  const r = await run(['status']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^MODEL\s+STATE\s+VRAM\s+IDLE\s+PINNED\s+LAST USE\s+LAST WAKE\s+WAITING/m);
  assert.match(r.stdout, /^local-chat\s+awake\s+11\.7 GiB\s+15 min\s+no/m);
  await run(['sleep', 'local-embed']);
  await waitForAsync(
    async () => (await stateOf('local-embed'))?.canSleep === false,
    'found out',
    10_000,
    20,
  );
  const again = await run(['status']);
  assert.match(again.stdout, /^local-embed\s+always awake/m);
  assert.match(
    again.stdout,
    /local-embed: always awake: start vLLM with VLLM_SERVER_DEV_MODE=1 and --enable-sleep-mode/,
  );
});

test('sleep and wake one model; set its idle time and pin', async () => {
  await report(['sleep', 'local-chat']);
  await waitForAsync(
    async () => (await stateOf('local-chat'))?.state === 'asleep',
    'asleep',
    10_000,
    20,
  );
  assert.match((await run(['status'])).stdout, /^local-chat\s+asleep \(level 1\)/m);
  await report(['wake', 'local-chat']);
  await waitForAsync(
    async () => (await stateOf('local-chat'))?.state === 'awake',
    'awake',
    10_000,
    20,
  );
  const set = await report(['set', 'local-chat', '--idle', '30', '--pin']);
  const chat = set.lifecycle?.models.find((m) => m.name === 'local-chat');
  assert.deepEqual([chat?.idleMinutes, chat?.pinned], [30, true]);
});

test('--all frees the GPU and resume brings the pinned model back', async () => {
  const freed = await run(['sleep', '--all']);
  assert.equal(freed.code, 0, freed.stderr);
  assert.match(freed.stdout, /The GPU is being freed/);
  await waitForAsync(
    async () => (await stateOf('local-chat'))?.state === 'asleep',
    'freed',
    10_000,
    20,
  );
  assert.match((await run(['status'])).stdout, /the GPU is FREED/);
  const resumed = await run(['resume']);
  assert.match(resumed.stdout, /Resumed/);
  await waitForAsync(
    async () => (await stateOf('local-chat'))?.state === 'awake',
    'pinned wakes',
    10_000,
    20,
  );
});

test('bad input: one line with the range, exit 2, nothing changed', async () => {
  for (const [args, line] of [
    [['set', 'local-chat', '--idle', '2000'], /--idle .*0 to 1440/],
    [['margin', '80'], /margin .*0 to 50/],
    [['sleep'], /usage: hagw models status \| sleep <model>\|--all/],
    [['sleep', 'local-chat', '--all'], /usage: /],
    [['set', 'local-chat', '--pin', '--unpin'], /usage: /],
    [['list', '--pin'], /usage: /],
  ] as const) {
    const r = await run([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, line);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  assert.equal((await stateOf('local-chat'))?.idleMinutes, 30);
});

test('no wake service (an Ollama-only stack): the list says so in one line; status fails with why', async () => {
  const r = await cli(['models', 'status'], { ...env, HAGW_WAKER_URL: 'http://127.0.0.1:9' });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^hagw: the wake service at http:\/\/127\.0\.0\.1:9 refused the connection/,
  );
});
