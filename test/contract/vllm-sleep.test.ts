// The vLLM stand-in's sleep mode against what real vLLM does (test/standins/vllm-sleep.ts names the
// source file and commit of each behaviour, and the issues that record the hostile ones), and the
// nvidia-smi stand-in's readings following it through the ledger.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { createVllmStandin, sleepOptions } from '../standins/vllm-standin';
import { startRefusal } from '../standins/vllm-sleep';
import { repoRoot } from '../support/fixtures';

const ledger = mkdtempSync(join(tmpdir(), 'hagw-ledger-'));
const servers: { close(): void; closeAllConnections(): void }[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  rmSync(ledger, { recursive: true, force: true });
});

const start = async (argv: string[], env: Record<string, string>, name = 'local-chat') => {
  const s = createVllmStandin({
    servedName: name,
    model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
    maxModelLen: 16384,
    tokensPerS: 40,
    sleep: sleepOptions(argv, {
      STANDIN_SLEEP_MS: '5',
      STANDIN_WAKE_MS: '5',
      STANDIN_RELOAD_MS: '5',
      STANDIN_GPU_LEDGER: ledger,
      STANDIN_VRAM_MIB: '9000',
      ...env,
    }),
  });
  servers.push(s.server);
  await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  const chat = async (stream = false) => {
    const r = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: name, messages: [{ role: 'user', content: 'hi' }], stream }),
    });
    return { status: r.status, text: await r.text() };
  };
  const post = (path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const sleeping = async () =>
    ((await (await fetch(`${url}/is_sleeping`)).json()) as { is_sleeping: boolean }).is_sleeping;
  return { url, chat, post, sleeping };
};

const devMode = { VLLM_SERVER_DEV_MODE: '1' };

/** One stand-in with sleep mode writing to a ledger of its own (a fresh folder). */
const metered = async (name: string, env: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-ledger-one-'));
  const v = createVllmStandin({
    servedName: name,
    model: 'm',
    maxModelLen: 1024,
    sleep: sleepOptions(['--enable-sleep-mode'], {
      ...devMode,
      STANDIN_SLEEP_MS: '1',
      STANDIN_GPU_LEDGER: dir,
      ...env,
    }),
  });
  servers.push(v.server);
  await new Promise<void>((r) => v.server.listen(0, '127.0.0.1', r));
  return { dir, url: `http://127.0.0.1:${(v.server.address() as AddressInfo).port}` };
};

test('without VLLM_SERVER_DEV_MODE=1 the sleep endpoints do not exist: 404', async () => {
  const v = await start(['--enable-sleep-mode'], {}, 'no-dev');
  const r = await v.post('/sleep?level=1');
  assert.equal(r.status, 404);
  assert.deepEqual(await r.json(), { detail: 'Not Found' });
});

test('dev mode without --enable-sleep-mode: /sleep is a 500 and the model stays awake', async () => {
  const v = await start([], devMode, 'no-sleep');
  const r = await v.post('/sleep?level=1');
  assert.equal(r.status, 500);
  assert.match(await r.text(), /enable-sleep-mode/);
  assert.equal(await v.sleeping(), false);
  assert.equal((await v.chat()).status, 200);
});

test('level 1: sleeps, answers is_sleeping, wakes, and serves again', async () => {
  const v = await start(['--enable-sleep-mode'], devMode, 'level-one');
  const r = await v.post('/sleep?level=1');
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
  assert.equal(await v.sleeping(), true);
  assert.equal((await v.post('/wake_up')).status, 200);
  assert.equal(await v.sleeping(), false);
  const answer = await v.chat();
  assert.equal(answer.status, 200);
  assert.match(answer.text, /word0/);
});

test('a generation sent while asleep kills the engine (vllm-project/vllm#15483)', async () => {
  const v = await start(['--enable-sleep-mode'], devMode, 'killed');
  await v.post('/sleep?level=1');
  const r = await v.chat();
  assert.equal(r.status, 500);
  assert.match(r.text, /EngineCore/);
  assert.equal((await fetch(`${v.url}/health`)).status, 503);
  await v.post('/wake_up');
  assert.equal((await v.chat()).status, 500, 'a dead engine stays dead after a wake');
});

test('sleep with the default mode=abort cuts a stream in flight with finish_reason "abort"', async () => {
  const v = await start(['--enable-sleep-mode'], devMode, 'cut');
  const streaming = v.chat(true);
  await new Promise((r) => setTimeout(r, 60));
  await v.post('/sleep?level=1');
  const { text } = await streaming;
  assert.match(text, /"finish_reason":"abort"/);
  assert.doesNotMatch(text, /"finish_reason":"stop"/);
});

test('level 2: a plain wake_up says garbage until reload_weights', async () => {
  const v = await start(['--enable-sleep-mode'], devMode, 'level-two');
  await v.post('/sleep?level=2');
  await v.post('/wake_up');
  assert.equal(await v.sleeping(), false);
  assert.match((await v.chat()).text, /"content":"!!!!/);
  const rpc = await v.post('/collective_rpc', { method: 'reload_weights' });
  assert.equal(rpc.status, 200);
  assert.match((await v.chat()).text, /"content":"word0/);
});

test('the nvidia-smi stand-in adds the ledger: memory and power fall when a model sleeps', async () => {
  const { dir, url } = await metered('metered', {
    STANDIN_VRAM_MIB: '9000',
    STANDIN_RESIDENT_W: '60',
  });
  const read = async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi'),
      ['--query-gpu=memory.used,power.draw', '--format=csv,noheader,nounits'],
      {
        env: {
          ...process.env,
          NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test/standins/scenarios/dual-3090-idle.json'),
          NVSMI_STANDIN_LEDGER: dir,
        },
      },
    );
    return stdout.split('\n')[0]!.split(', ').map(Number) as [number, number];
  };
  const [awakeMiB, awakeW] = await read();
  await fetch(`${url}/sleep?level=1`, { method: 'POST' });
  const [asleepMiB, asleepW] = await read();
  assert.equal(awakeMiB - asleepMiB, 9000 - 480);
  assert.equal(Math.round(awakeW - asleepW), 60);
  rmSync(dir, { recursive: true, force: true });
});

test("vLLM's start check: a model that does not fit beside the awake ones refuses to start, one that sleeps makes room", async () => {
  const { dir, url } = await metered('big-chat', { STANDIN_VRAM_MIB: '16000' });
  const coder = { cardMiB: 24_576, vramMiB: 11_000, ledgerDir: dir, name: 'coder' };
  assert.match(
    startRefusal(coder) ?? '',
    /^ValueError: Free memory on device cuda:0 \(8\.38\/24\.00 GiB\) on startup is less than desired GPU memory utilization \(0\.45, 10\.74 GiB\)/,
  );
  await fetch(`${url}/sleep?level=1`, { method: 'POST' });
  assert.equal(startRefusal(coder), null);
  rmSync(dir, { recursive: true, force: true });
});
