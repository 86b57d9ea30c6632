// Issue 3's faults against the real engine: a bad compose file, a service that dies at start, a
// container killed from outside, two CLI runs at once, and dockerd stopped mid-operation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GatewayError } from '../../electron/core/gateway-error';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createDocker } from '../../electron/node/docker/create-docker';
import { createApp, type App } from '../../electron/app/create-app';
import type { StackSnapshot } from '../../electron/shared/stack';
import { StatusReport } from '../../electron/shared/status';
import { repoRoot } from '../support/fixtures';
import { hagw } from '../support/run-hagw';

const env = process.env;
const project = env.HAGW_COMPOSE_PROJECT ?? '';
const docker = () => createDocker(env.DOCKER_HOST ?? null);
const containersOf = async (service?: string) =>
  docker().listContainers({
    all: true,
    filters: {
      label: [
        `com.docker.compose.project=${project}`,
        ...(service ? [`com.docker.compose.service=${service}`] : []),
      ],
    },
  });
const dockerd = (action: 'start' | 'stop') =>
  execFileSync('bash', [join(repoRoot, 'test', 'integration', 'dockerd.sh'), action], {
    env,
    stdio: 'inherit',
  });

/** Resolves with the first snapshot that satisfies `ok`, or rejects after `ms`. */
const until = (gw: App, ok: (s: StackSnapshot) => boolean, ms: number): Promise<StackSnapshot> =>
  new Promise((resolve, reject) => {
    if (ok(gw.stack.controller.snapshot())) return resolve(gw.stack.controller.snapshot());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out; last state ${gw.stack.controller.snapshot().state}`));
    }, ms);
    const sub = gw.stack.controller.onChange((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });

before(() =>
  assert.ok(env.DOCKER_HOST && env.HAGW_COMPOSE_FILE, 'run through test/integration/run.sh'),
);
after(async () => {
  await hagw(['stack', 'down']);
});

describe('bad input', () => {
  test('an invalid compose file: the compose error text, exit 1, and nothing created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hagw-bad-'));
    const bad = join(dir, 'docker-compose.yml');
    writeFileSync(bad, 'services:\n  vllm:\n    image: x\n    ports:\n      oops: 1\n');
    const r = await hagw(['stack', 'up'], { ...env, HAGW_COMPOSE_FILE: bad });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^hagw: Could not start the stack: .*services\.vllm\.ports contains an invalid type/,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.deepEqual(await containersOf(), []);
  });
});

describe('a service that dies at start', () => {
  test('--wait fails naming it; status is partial with its exit code and last log lines', async () => {
    const crashing = `${env.HAGW_COMPOSE_FILE}:${join(repoRoot, 'test', 'integration', 'docker-compose.vllm-crash.yml')}`;
    const r = await hagw(['stack', 'up', '--wait', '--timeout', '60'], {
      ...env,
      HAGW_COMPOSE_FILE: crashing,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Service failed to start: vllm \(exit 3/);
    // Docker restarts the crashing container: for a moment between crashes it runs with its
    // healthcheck pending and reads as "starting". Each run of status is a fresh process; the
    // loop ends at the first one that sees the crash, within a deadline of seconds.
    const status = async () =>
      StatusReport.parse(
        JSON.parse(
          (await hagw(['status', '--json'], { ...env, HAGW_COMPOSE_FILE: crashing })).stdout,
        ),
      );
    let s = await status();
    for (const end = Date.now() + 20_000; s.stack.state !== 'partial' && Date.now() < end;)
      s = await status();
    assert.equal(s.stack.state, 'partial');
    const vllm = s.stack.services.find((x) => x.name === 'vllm');
    assert.ok(vllm && ['exited', 'restarting'].includes(vllm.state), JSON.stringify(vllm));
    assert.equal(vllm.exitCode, 3);
    assert.ok(
      vllm.lastLog?.some((l) => /CUDA out of memory/.test(l)),
      JSON.stringify(vllm.lastLog),
    );
    await hagw(['stack', 'down'], { ...env, HAGW_COMPOSE_FILE: crashing });
  });
});

describe('two hagw runs at once', () => {
  test('one starts the stack, the other waits its turn or refuses; nothing is started twice', async () => {
    const [a, b] = await Promise.all([
      hagw(['stack', 'up', '--wait', '--timeout', '120']),
      hagw(['stack', 'up', '--wait', '--timeout', '120']),
    ]);
    const codes = [a.code, b.code].sort();
    assert.ok(codes[0] === 0, `${a.stderr}\n${b.stderr}`);
    for (const r of [a, b])
      if (r.code !== 0) assert.match(r.stderr, /Another hagw \(pid \d+\) is running "up"/);
    for (const svc of ['vllm', 'litellm', 'postgres', 'caddy', 'prometheus', 'redis', 'batch'])
      assert.equal((await containersOf(svc)).length, 1, svc);
  });
});

describe('live state', () => {
  let gw: App;
  before(async () => {
    gw = createApp(resolveConfig(repoRoot, env), { env });
    gw.stack.controller.watch();
    await gw.stack.controller.up({ wait: true, timeoutMs: 120_000 });
  });
  after(() => gw.dispose());

  test('a container killed from outside turns the stack partial, pushed by Docker events', async () => {
    const [vllm] = await containersOf('vllm');
    const t0 = Date.now();
    await docker().getContainer(vllm!.Id).kill();
    const s = await until(gw, (x) => x.state === 'partial', 5000);
    assert.equal(s.services.find((x) => x.name === 'vllm')?.exitCode, 137);
    console.log(`# kill -> partial in ${Date.now() - t0} ms`);
  });

  test("hagw stack logs shows the service's own lines", async () => {
    const r = await hagw(['stack', 'logs', 'vllm', '--tail', '5']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Starting vLLM API server/);
    const bad = await hagw(['stack', 'logs', 'nope']);
    // An unknown service name is bad usage: exit 2.
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /No container for service "nope"/);
  });

  test('dockerd stopped during an operation: a clear failure, docker-unavailable, then recovery on its own', async () => {
    const op = gw.stack.controller.restart(undefined, { wait: true, timeoutMs: 60_000 });
    setTimeout(() => dockerd('stop'), 300);
    await assert.rejects(
      op,
      (e: GatewayError) =>
        ['COMPOSE_FAILED', 'DOCKER_UNAVAILABLE', 'SERVICE_FAILED'].includes(e.code) &&
        !e.message.includes('\n    at '),
    );
    const down = await until(gw, (x) => x.state === 'docker-unavailable', 15_000);
    assert.match(down.reason ?? '', /No Docker engine answers/);
    dockerd('start');
    // No call from the test: the event stream reconnects and re-reads by itself.
    const back = await until(gw, (x) => x.state !== 'docker-unavailable', 45_000);
    assert.notEqual(back.state, 'docker-unavailable');
  });
});
