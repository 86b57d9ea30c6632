// How fast does a dead container show up? Docker's event stream (what the app uses) against
// `docker-compose ps` polled every 5 s (what a script would do), kill after kill, in one run on the
// integration stack. Also: one `hagw status --json` started right after each kill.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createDocker } from '../../electron/node/docker/create-docker';
import { lazyDocker } from '../../electron/node/docker/docker-client';
import { DockerContainerSource } from '../../electron/node/docker/docker-container-source';
import { dockerGet, dockerGetBytes } from '../../electron/node/docker/docker-engine-get';
import { systemTimers } from '../../electron/node/platform/system-clock';
import { createApp, type App } from '../../electron/app/create-app';
import type { StackSnapshot } from '../../electron/shared/stack';
import { repoRoot } from '../support/fixtures';
import { hagw } from '../support/run-hagw';
import { summary } from './stats';

const run = promisify(execFile);
const env = process.env;
const pollMs = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const until = (gw: App, ok: (s: StackSnapshot) => boolean, ms: number) =>
  new Promise<void>((resolve, reject) => {
    if (ok(gw.stack.controller.snapshot())) return resolve();
    const t = setTimeout(() => (sub.dispose(), reject(new Error('timeout'))), ms);
    const sub = gw.stack.controller.onChange((s) => {
      if (ok(s)) {
        clearTimeout(t);
        sub.dispose();
        resolve();
      }
    });
  });

const vllmContainer = async (docker: Dockerode) => {
  const [c] = await docker.listContainers({
    all: true,
    filters: {
      label: [
        `com.docker.compose.project=${env.HAGW_COMPOSE_PROJECT ?? ''}`,
        'com.docker.compose.service=vllm',
      ],
    },
  });
  return docker.getContainer(c!.Id);
};

const recover = async (gw: App, c: Dockerode.Container) => {
  await c.start();
  await until(gw, (s) => s.state === 'running', 60_000);
};

/** `docker-compose ps` as a polling script sees it: is vllm's row "Exit ..."? */
const composePsShowsExit = async (): Promise<boolean> => {
  const { stdout } = await run(
    'docker-compose',
    ['-p', env.HAGW_COMPOSE_PROJECT ?? '', '-f', env.HAGW_COMPOSE_FILE ?? '', 'ps'],
    { env },
  );
  return stdout.split('\n').some((l) => /_vllm_/.test(l) && /\bExit\b/.test(l));
};

export const benchStackLatency = async (kills = 20) => {
  const docker = createDocker(env.DOCKER_HOST ?? null);
  const gw = createApp(resolveConfig(repoRoot, env), { env });
  gw.stack.controller.watch();
  await gw.stack.controller.up({ wait: true, timeoutMs: 120_000 });
  // Docker's own kill -> die time (the shim's exit handling) is most of a kill's latency; the
  // die's arrival, on one stream of this process's own, splits it from ours.
  let dieAt: number | null = null;
  const dies = new DockerContainerSource(
    lazyDocker(env.DOCKER_HOST ?? null),
    '',
    systemTimers,
    dockerGet(env.DOCKER_HOST ?? null),
    dockerGetBytes(env.DOCKER_HOST ?? null),
  ).watch(
    env.HAGW_COMPOSE_PROJECT ?? '',
    (e) => {
      if (e.service === 'vllm' && e.action === 'die') dieAt ??= performance.now();
    },
    () => undefined,
  );
  const events: number[] = [];
  /** From Docker's die event reaching this process to the state: our own part of `events`. */
  const afterDie: number[] = [];
  const cli: number[] = [];
  const polling: number[] = [];
  for (let i = 0; i < kills; i++) {
    const c = await vllmContainer(docker);
    const t0 = performance.now();
    dieAt = null;
    const seen = until(gw, (s) => s.state === 'partial', 10_000).then(() => {
      const at = performance.now();
      events.push(at - t0);
      // Both streams get the die from the daemon at once; when the state won the race, ours
      // took no time after it.
      afterDie.push(dieAt === null ? 0 : at - dieAt);
    });
    await c.kill();
    const status = hagw(['status', '--json']).then((r) => {
      if ((JSON.parse(r.stdout) as { stack: StackSnapshot }).stack.state === 'partial')
        cli.push(performance.now() - t0);
    });
    await Promise.all([seen, status]);
    await recover(gw, c);
  }
  // Polling: a script runs `ps` on its own fixed 5 s grid; each kill lands at a random moment of it.
  const grid0 = performance.now();
  const nextSlot = () => grid0 + Math.ceil((performance.now() - grid0) / pollMs) * pollMs;
  for (let i = 0; i < kills; i++) {
    const c = await vllmContainer(docker);
    await sleep(Math.random() * pollMs);
    const t0 = performance.now();
    await c.kill();
    for (;;) {
      await sleep(Math.max(0, nextSlot() - performance.now()));
      if (await composePsShowsExit()) break;
    }
    polling.push(performance.now() - t0);
    await recover(gw, c);
  }
  dies.dispose();
  await gw.stack.controller.down();
  gw.dispose();
  return {
    kills,
    events: summary(events),
    afterDie: summary(afterDie),
    cliAfterKill: summary(cli),
    composePsEvery5s: summary(polling),
    samples: { events, afterDie, cli, polling },
  };
};
