// VRAM on demand in the bundled stack: the wake service (compose/waker/hagw-waker.cjs) between
// LiteLLM and two vLLM stand-ins with sleep mode, reached by the official openai client through
// the real Caddy with two apps' keys. The stand-ins are as hostile as vLLM: a request that
// reached a sleeping engine would kill it, and a sleep aborts what is in flight.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { loopbackFetch } from '../../electron/node/services/loopback-fetch';
import { LifecycleReport, type LifecycleSnapshot } from '../../electron/shared/lifecycle';
import { AlertsReport } from '../../electron/shared/alerts';
import { repoRoot } from '../support/fixtures';
import { hagw } from '../support/run-hagw';
import { waitForAsync } from '../support/wait';

const env = process.env;
const gateway = 'https://gateway.home.arpa:18443/v1';

const lifecycle = async (args: string[] = ['status']): Promise<LifecycleSnapshot> => {
  const r = await hagw(['models', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const l = LifecycleReport.parse(JSON.parse(r.stdout)).lifecycle;
  assert.ok(l, 'the wake service answers');
  return l;
};
const stateOf = async (name: string) => (await lifecycle()).models.find((m) => m.name === name);
const until = (ok: () => Promise<boolean>, what: string) => waitForAsync(ok, what, 30_000, 100);

/** An app's raw key for one model. */
const appKey = async (app: string, model: string) => {
  // Held requests count against a key's parallel limit (4 by default) while they wait: these
  // apps send six at once.
  const made = await hagw(['keys', 'create', app, '--models', model, '--parallel', '20', '--json']);
  assert.equal(made.code, 0, made.stderr);
  return (JSON.parse(made.stdout) as { rawKey: string }).rawKey;
};

const client = async (app: string, model: string) =>
  new OpenAI({
    apiKey: await appKey(app, model),
    baseURL: gateway,
    fetch: loopbackFetch(),
    maxRetries: 0,
  });

/** What the GPU stand-in reads now, with the vLLM stand-ins' ledger added (MiB used, watts). */
const gpuReading = async (): Promise<[number, number]> => {
  const { stdout } = await promisify(execFile)(
    join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi'),
    ['--query-gpu=memory.used,power.draw', '--format=csv,noheader,nounits'],
    {
      env: {
        ...env,
        NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test/standins/scenarios/zero-rpm-idle.json'),
        NVSMI_STANDIN_LEDGER: join(env.HAGW_IT_DIR ?? '/tmp/hagw-it', 'ledger'),
      },
    },
  );
  const [mib, w] = stdout.split('\n')[0]!.split(', ').map(Number);
  return [mib!, w!];
};

describe('VRAM on demand through Caddy', () => {
  before(async () => {
    assert.ok(env.DOCKER_HOST && env.HAGW_COMPOSE_FILE, 'run through test/integration/run.sh');
    const r = await hagw(['stack', 'up', '--wait', '--timeout', '180', '--json']);
    assert.equal(r.code, 0, r.stderr);
    await until(
      async () => (await lifecycle()).models.every((m) => m.state === 'awake'),
      'both models awake after the start',
    );
  });
  after(async () => {
    await hagw(['models', 'resume']);
    await hagw(['models', 'margin', '5']);
    await hagw(['stack', 'down']);
  });

  test('two models that do not fit: alternating requests from two apps are all served, in groups, never both awake', async () => {
    const chatApp = await client('lifecycle-chat', 'local-chat');
    const notesApp = await client('lifecycle-notes', 'local-embed');
    // 0.45 + 0.40 of the card fit under a 5 % margin; under 20 % (19,660 MiB) they do not.
    const margin = await lifecycle(['margin', '20']);
    assert.equal(margin.budgetMiB, 19_660);
    await lifecycle(['sleep', 'local-embed']);
    await until(async () => (await stateOf('local-embed'))?.state === 'asleep', 'embed asleep');
    const before = (await lifecycle()).counts;
    // Watch the wake service while the apps alternate: the two are never awake together.
    let both = false;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const l = await lifecycle().catch(() => null);
        if (l?.models.every((m) => m.state === 'awake')) both = true;
      }
    })();
    const order: string[] = [];
    const started = Date.now();
    const calls = Array.from({ length: 12 }, async (_, i) => {
      // One request every 100 ms, alternating between the two apps.
      await new Promise((r) => setTimeout(r, i * 100));
      const t0 = Date.now();
      if (i % 2 === 0) {
        const c = await chatApp.chat.completions.create({
          model: 'local-chat',
          messages: [{ role: 'user', content: `question ${i}` }],
          max_tokens: 8,
        });
        assert.equal(c.object, 'chat.completion');
        order.push('chat');
      } else {
        const e = await notesApp.embeddings.create({ model: 'local-embed', input: `note ${i}` });
        assert.equal(e.data[0]?.embedding.length, 768);
        order.push('embed');
      }
      return Date.now() - t0;
    });
    const waited = await Promise.all(calls).finally(() => (watching = false));
    await watch;
    const after = (await lifecycle()).counts;
    const wakes = after.wakes - before.wakes;
    const runs = order.filter((m, i) => i === 0 || m !== order[i - 1]).length;
    // Every request served (a failure would have thrown above), none expired or failed.
    assert.equal(after.expired - before.expired, 0);
    assert.equal(after.failedWakes - before.failedWakes, 0);
    assert.equal(both, false, 'the two models were never awake together');
    // Grouped: the card changes hands once per group, not once per request (11 alternations).
    assert.ok(wakes >= 1 && wakes <= 6, `${wakes} wakes for 12 alternating requests`);
    assert.ok(
      runs <= wakes + 1,
      `answers came in ${runs} runs with ${wakes} wakes: ${order.join(' ')}`,
    );
    assert.ok(after.held - before.held >= 1, 'requests for the sleeping model were held');
    // Held no longer than a few wakes (300 ms each in the stand-in), far under the 300 s bound.
    assert.ok(Math.max(...waited) < 15_000, `longest wait ${Math.max(...waited)} ms`);
    console.log(
      `# 12 alternating requests: ${wakes} wakes, ${runs} runs (${order.join(' ')}), longest wait ${Math.max(...waited)} ms, all done in ${Date.now() - started} ms`,
    );
    await lifecycle(['margin', '5']);
  });

  test('the GPU readings follow the lifecycle: memory and power fall as a model sleeps', async () => {
    await lifecycle(['wake', 'local-chat']);
    await until(async () => (await stateOf('local-chat'))?.state === 'awake', 'chat awake');
    const [awakeMiB, awakeW] = await gpuReading();
    await lifecycle(['sleep', 'local-chat']);
    await until(async () => (await stateOf('local-chat'))?.state === 'asleep', 'chat asleep');
    const [asleepMiB, asleepW] = await gpuReading();
    assert.equal(awakeMiB - asleepMiB, 11_059 - 480);
    assert.ok(awakeW - asleepW >= 40, `${awakeW} W awake, ${asleepW} W asleep`);
  });

  test('Free the GPU: every model sleeps, a request through Caddy is a 503 with Retry-After; Resume serves again', async () => {
    const key = await appKey('lifecycle-free', 'local-chat');
    await lifecycle(['set', 'local-chat', '--pin']);
    const freed = await hagw(['models', 'sleep', '--all']);
    assert.equal(freed.code, 0, freed.stderr);
    await until(
      async () => (await lifecycle()).models.every((m) => m.state === 'asleep'),
      'every model asleep',
    );
    const r = await loopbackFetch()(`${gateway}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(r.status, 503);
    assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After is set');
    const body = (await r.json()) as { error?: { message?: string } };
    assert.match(body.error?.message ?? '', /GPU is freed for other work/);
    await lifecycle(['resume']);
    await until(async () => (await stateOf('local-chat'))?.state === 'awake', 'pinned chat wakes');
    const again = await loopbackFetch()(`${gateway}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(again.status, 200);
    await lifecycle(['set', 'local-chat', '--unpin']);
  });

  test('a wake that fails (the container died while asleep): a 503 naming the model, once, and an alert', async () => {
    const key = await appKey('lifecycle-fail', 'local-embed');
    await lifecycle(['sleep', 'local-embed']);
    await until(async () => (await stateOf('local-embed'))?.state === 'asleep', 'embed asleep');
    const project = env.HAGW_COMPOSE_PROJECT ?? '';
    await promisify(execFile)('docker', ['stop', '-t', '1', `${project}_vllm-embed_1`]);
    const embed = () =>
      loopbackFetch()(`${gateway}/embeddings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'local-embed', input: 'x' }),
      });
    const first = await embed();
    assert.equal(first.status, 503);
    assert.match(JSON.stringify(await first.json()), /local-embed (could not wake|failed to wake)/);
    const second = await embed();
    assert.equal(second.status, 503);
    assert.match(JSON.stringify(await second.json()), /local-embed failed to wake .*next try/);
    const l = await lifecycle();
    assert.ok(l.counts.failedWakes >= 1);
    const alerts = await hagw(['alerts', '--json']);
    const report = AlertsReport.parse(JSON.parse(alerts.stdout));
    const alert = report.alerts.find((a) => a.id === 'models:wake-failed:local-embed');
    assert.ok(alert, `no wake alert in ${alerts.stdout.slice(0, 400)}`);
    assert.match(alert.title, /local-embed could not wake/);
    // Back to a whole stack for the next file.
    const up = await hagw(['stack', 'up', '--wait', '--timeout', '180']);
    assert.equal(up.code, 0, up.stderr);
  });
});
