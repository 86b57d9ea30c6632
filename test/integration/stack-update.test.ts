// `hagw stack update` for real: Debian's docker-registry on 127.0.0.1, three LiteLLM stand-in
// images pushed under one tag one after the other (the pinned one, a good release, a broken one),
// the whole test stack running, `hagw compat` through the real Caddy deciding.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createDocker } from '../../electron/node/docker/create-docker';
import { createApp } from '../../electron/app/create-app';
import { CompatHistory } from '../../electron/shared/compat';
import { UpdateReport } from '../../electron/shared/images';
import { StatusReport } from '../../electron/shared/status';
import { repoRoot } from '../support/fixtures';
import { type LocalRegistry, startRegistry } from '../support/local-registry';
import { hagw } from '../support/run-hagw';

const registryHost = '127.0.0.1:5000';
const repo = `${registryHost}/hagw/litellm`;
const work = mkdtempSync(join(process.env.HAGW_IT_DIR ?? '/tmp', 'update-'));
const docker = createDocker(process.env.DOCKER_HOST ?? null);
const data = join(work, 'data');
const compose = join(work, 'docker-compose.yml');
const env = { ...process.env, HAGW_DATA_DIR: data, HAGW_COMPOSE_FILE: compose };
let registry: LocalRegistry;

const pins = () => dotenvValues(readFileSync(join(data, '.env'), 'utf8'));
/** The image the running litellm container was created from, as repo@digest. */
const serving = async () => {
  const [c] = await docker.listContainers({
    filters: {
      label: [
        'com.docker.compose.service=litellm',
        `com.docker.compose.project=${process.env.HAGW_COMPOSE_PROJECT ?? ''}`,
      ],
    },
  });
  const info = await docker.getImage(c?.ImageID ?? '').inspect();
  return info.RepoDigests ?? [];
};
/** A release of the stand-in: the same program, a label (and maybe a breakage) of its own. */
const release = (name: string, extra: string) => {
  execFileSync('docker', ['build', '-q', '-t', name, '-'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    input: `FROM hagw-test/litellm:latest\nLABEL hagw.release="${name}"\n${extra}\n`,
    env: process.env,
  });
};
// The releases these tests publish were built minutes ago: the young-release wait holds them
// unless --allow-young says otherwise.
const update = async (young = true) => {
  const r = await hagw(
    ['stack', 'update', 'litellm', '--json', ...(young ? ['--allow-young'] : [])],
    env,
  );
  return { ...r, report: UpdateReport.parse(JSON.parse(r.stdout)) };
};

before(async () => {
  assert.ok(process.env.HAGW_COMPOSE_FILE, 'run through test/integration/run.sh');
  registry = await startRegistry(docker, work, registryHost);
  mkdirSync(data, { recursive: true, mode: 0o700 });
  copyFileSync(join(process.env.HAGW_DATA_DIR ?? '', '.env'), join(data, '.env'));
  writeFileSync(
    join(data, '.env'),
    `${readFileSync(join(data, '.env'), 'utf8')}LITELLM_IMAGE=${repo}:v1\n`,
    {
      mode: 0o600,
    },
  );
  // The merged test file names its images outright; the bundled one selects them by variable.
  writeFileSync(
    compose,
    readFileSync(process.env.HAGW_COMPOSE_FILE ?? '', 'utf8').replace(
      /image: hagw-test\/litellm:latest/,
      'image: ${LITELLM_IMAGE:-hagw-test/litellm:latest}',
    ),
  );
  release('hagw-test/litellm:r1', '');
  release('hagw-test/litellm:r2', '');
  release('hagw-test/litellm:r3', 'ENV STANDIN_BROKEN=error-shape');
  await registry.publish('hagw-test/litellm:r1', repo, 'v1');
  const pin = await hagw(['stack', 'pin', 'litellm'], env);
  assert.equal(pin.code, 0, pin.stderr);
  const up = await hagw(['stack', 'up', '--wait', '--timeout', '180'], env);
  assert.equal(up.code, 0, up.stderr);
});
after(async () => {
  await hagw(['stack', 'down'], env);
  registry?.stop();
});

describe('hagw stack update, gated by hagw compat', () => {
  test('a good release under the same tag: started, checked through Caddy, pinned', async () => {
    const first = pins().LITELLM_IMAGE;
    await registry.publish('hagw-test/litellm:r2', repo, 'v1');
    const good = await registry.digest(repo, 'v1');
    // The daily check sees it without pulling, and only tells.
    const gw = createApp(resolveConfig(repoRoot, env), { env });
    try {
      assert.deepEqual(
        (await gw.safety.checkUpdates()).map((o) => [o.service, o.available]),
        [['litellm', good]],
      );
    } finally {
      gw.dispose();
    }
    assert.equal(pins().LITELLM_IMAGE, first, 'checking changed nothing');
    // Built minutes ago (its creation date is the registry's image config): held for 7 days.
    const held = await update(false);
    assert.equal(held.code, 0, held.stdout + held.stderr);
    assert.equal(held.report.updates[0]?.outcome, 'held', held.report.updates[0]?.message);
    assert.match(
      held.report.updates[0]?.message ?? '',
      /public for less than 7 days: left alone until \d{4}-\d{2}-\d{2}/,
    );
    assert.equal(pins().LITELLM_IMAGE, first, 'a held release changes nothing');
    const r = await update();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const u = r.report.updates[0];
    assert.equal(u?.outcome, 'updated', u?.message);
    assert.equal(u?.fromDigest, first?.split('@')[1]);
    assert.equal(u?.toDigest, good);
    assert.ok(u?.fromCreated && u.toCreated, 'both build dates shown');
    // The stand-in follows the pinned 1.84+ line (budget exceeded is a 429): nothing still fails.
    assert.deepEqual(u?.stillFailing, []);
    assert.equal(pins().LITELLM_IMAGE, `${repo}@${good}`);
    assert.ok((await serving()).includes(`${repo}@${good}`));
    const kept = CompatHistory.parse(JSON.parse(readFileSync(join(data, 'compat.json'), 'utf8')));
    assert.equal(kept.results.find((x) => x.service === 'litellm')?.image, `${repo}@${good}`);
    assert.ok(
      kept.results
        .find((x) => x.service === 'litellm')
        ?.report.checks.some((c) => c.id === 'stream' && c.status === 'pass'),
      'the stream check passed through the real Caddy',
    );
  });

  test('a broken release: refused, rolled back, the old digest serving again', async () => {
    const good = pins().LITELLM_IMAGE;
    await registry.publish('hagw-test/litellm:r3', repo, 'v1');
    const r = await update();
    assert.equal(r.code, 1);
    const u = r.report.updates[0];
    assert.equal(u?.outcome, 'rolled-back', u?.message);
    // errors.budget passed on the good release (a 429, as the pinned LiteLLM line answers) and
    // fails on this one's error shape: a regression like the other two.
    assert.deepEqual(
      u?.failedChecks.map((c) => c.id),
      ['errors.model', 'errors.auth', 'errors.budget'],
    );
    assert.match(u?.message ?? '', /the new image fails errors\.model \(expected an \{"error"/);
    assert.equal(pins().LITELLM_IMAGE, good);
    assert.ok((await serving()).includes(good ?? ''), 'the pinned digest serves again');
    const status = StatusReport.parse(JSON.parse((await hagw(['status', '--json'], env)).stdout));
    assert.equal(status.stack.state, 'running');
  });

  test('an unreachable registry: nothing changes, and the message says so', async () => {
    const before = readFileSync(join(data, '.env'), 'utf8');
    registry.stop();
    const r = await hagw(['stack', 'update', 'litellm'], env);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /litellm: failed — could not pull .*nothing was changed/);
    assert.equal(readFileSync(join(data, '.env'), 'utf8'), before);
  });
});
