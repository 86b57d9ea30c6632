// Pinning for real: Debian's docker-registry on 127.0.0.1:5000, a stand-in image pushed to it,
// `hagw stack pin` pulls it by tag and writes the digest the registry serves into the .env.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createDocker } from '../../electron/node/docker/create-docker';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { ImagesReport } from '../../electron/shared/images';
import { repoRoot } from '../support/fixtures';
import { type LocalRegistry, startRegistry } from '../support/local-registry';
import { hagw } from '../support/run-hagw';

const registryHost = '127.0.0.1:5000';
const repo = `${registryHost}/hagw/vllm`;
const work = mkdtempSync(join(process.env.HAGW_IT_DIR ?? '/tmp', 'pin-'));
const docker = createDocker(process.env.DOCKER_HOST ?? null);
const env = {
  ...process.env,
  HAGW_DATA_DIR: join(work, 'data'),
  HAGW_COMPOSE_FILE: join(repoRoot, 'compose', 'docker-compose.yml'),
};

let registry: LocalRegistry;
const publish = (local: string) => registry.publish(local, repo, 'v1');
const registryDigest = () => registry.digest(repo, 'v1');

before(async () => {
  registry = await startRegistry(docker, work, registryHost);
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
after(() => registry?.stop());

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

test('a pinned image is not touched by a plain pin, even when its tag moved', async () => {
  const before = dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8')).VLLM_IMAGE;
  await publish('hagw-test/litellm:latest');
  const again = ImagesReport.parse(
    JSON.parse((await hagw(['stack', 'pin', 'vllm', '--json'], env)).stdout),
  );
  assert.deepEqual(again.pinned, []);
  assert.equal(dotenvValues(readFileSync(join(work, 'data', '.env'), 'utf8')).VLLM_IMAGE, before);
  // Moving to the new digest is `hagw stack update`, gated by hagw compat: stack-update.test.ts.
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
