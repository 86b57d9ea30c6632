// Pinning for real: Debian's docker-registry on 127.0.0.1:5000, a stand-in image pushed to it,
// `hagw stack pin` pulls it by tag and writes the digest the registry serves into the .env.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createDocker } from '../../electron/node/gateway';
import { dotenvValues } from '../../electron/node/dotenv-file';
import { ImagesReport } from '../../electron/shared/images';
import { repoRoot } from '../support/fixtures';
import { hagw } from '../support/run-hagw';

const registryHost = '127.0.0.1:5000';
const repo = `${registryHost}/hagw/vllm`;
let registry: ChildProcess;
const work = mkdtempSync(join(process.env.HAGW_IT_DIR ?? '/tmp', 'pin-'));
const docker = createDocker(process.env.DOCKER_HOST ?? null);
const env = {
  ...process.env,
  HAGW_DATA_DIR: join(work, 'data'),
  HAGW_COMPOSE_FILE: join(repoRoot, 'compose', 'docker-compose.yml'),
};

const stream = (s: NodeJS.ReadableStream) =>
  new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(s, (err: Error | null, events: { error?: string }[]) => {
      const failed =
        err ?? (events.find((e) => e.error) ? new Error(events.find((e) => e.error)?.error) : null);
      if (failed) reject(failed);
      else resolve();
    }),
  );

/** Tag a local image as repo:v1, push it, drop the local tag: the registry is the only copy. */
const publish = async (local: string) => {
  await docker.getImage(local).tag({ repo, tag: 'v1' });
  await stream(await docker.getImage(`${repo}:v1`).push({ tag: 'v1' }));
  await docker.getImage(`${repo}:v1`).remove();
};

/** The digest the registry itself serves for repo:v1 (Docker-Content-Digest). */
const registryDigest = async () => {
  const r = await fetch(`http://${registryHost}/v2/hagw/vllm/manifests/v1`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  return r.headers.get('docker-content-digest') ?? '';
};

before(async () => {
  writeFileSync(
    join(work, 'registry.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(work, 'registry')}\nhttp:\n  addr: ${registryHost}\n`,
  );
  registry = spawn('docker-registry', ['serve', join(work, 'registry.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (
      await fetch(`http://${registryHost}/v2/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await publish('hagw-test/vllm:latest');
  const data = join(work, 'data');
  mkdirSync(data, { recursive: true, mode: 0o700 });
  // Every image the test may pull lives on 127.0.0.1: nothing is ever pulled from the internet.
  writeFileSync(
    join(data, '.env'),
    `# test\nVLLM_IMAGE=${repo}:v1\nPOSTGRES_IMAGE=${registryHost}/hagw/not-pushed:v9\n`,
    { mode: 0o600 },
  );
});
after(() => registry?.kill());

test('pin pulls the tag and writes repo@digest, the very digest the registry serves', async () => {
  const r = await hagw(['stack', 'pin', 'vllm', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const report = ImagesReport.parse(JSON.parse(r.stdout));
  assert.deepEqual(report.pinned, ['vllm']);
  const v = dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8'));
  assert.equal(v.VLLM_IMAGE, `${repo}@${await registryDigest()}`);
  assert.equal(v.VLLM_IMAGE_SOURCE, `${repo}:v1`);
  assert.equal(statSync(join(work, 'data', '.env')).mode & 0o777, 0o600);
  assert.match(r.stderr, /"event":"progress"/, 'pull progress was reported');
  const images = ImagesReport.parse(
    JSON.parse((await hagw(['stack', 'images', '--json'], env)).stdout),
  );
  assert.equal(images.images.find((i) => i.service === 'vllm')?.pinned, true);
  assert.equal(images.images.find((i) => i.service === 'litellm')?.pinned, false);
});

test('a pinned image is not touched by a plain pin; --update re-pulls its tag and re-pins', async () => {
  const before = dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8')).VLLM_IMAGE;
  await publish('hagw-test/litellm:latest');
  const again = ImagesReport.parse(
    JSON.parse((await hagw(['stack', 'pin', 'vllm', '--json'], env)).stdout),
  );
  assert.deepEqual(again.pinned, []);
  assert.equal(dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8')).VLLM_IMAGE, before);
  const updated = await hagw(['stack', 'pin', 'vllm', '--update', '--json'], env);
  assert.equal(updated.code, 0, updated.stderr);
  const after = dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8')).VLLM_IMAGE;
  assert.notEqual(after, before);
  assert.equal(after, `${repo}@${await registryDigest()}`);
});

test('an image that cannot be pulled is reported per service, exit 1, nothing else lost', async () => {
  const r = await hagw(['stack', 'pin', 'vllm', 'postgres', '--json'], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /could not pin postgres: .*not-pushed/);
  assert.match(
    dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8')).VLLM_IMAGE ?? '',
    /@sha256:/,
  );
});
