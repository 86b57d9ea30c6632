import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  currentImages,
  digestFor,
  imageVariables,
  parseImageRef,
  pinValues,
  pullTarget,
} from '../../electron/core/image-pins';

const d = 'sha256:' + 'a'.repeat(64);

test('parseImageRef: registry ports, tags, digests', () => {
  assert.deepEqual(parseImageRef('vllm/vllm-openai:v0.12.0'), {
    repo: 'vllm/vllm-openai',
    tag: 'v0.12.0',
    digest: null,
  });
  assert.deepEqual(parseImageRef('127.0.0.1:5000/hagw/vllm'), {
    repo: '127.0.0.1:5000/hagw/vllm',
    tag: null,
    digest: null,
  });
  assert.deepEqual(parseImageRef(`127.0.0.1:5000/hagw/vllm:v1@${d}`), {
    repo: '127.0.0.1:5000/hagw/vllm',
    tag: 'v1',
    digest: d,
  });
});

test('the variable behind each image, from the raw compose text; hard-coded images have none', () => {
  const vars = imageVariables({
    vllm: { image: '${VLLM_IMAGE:-vllm/vllm-openai:v0.12.0}' },
    x: { image: 'busybox:1' },
    y: { build: '.' } as never,
  });
  assert.deepEqual(vars, [
    { service: 'vllm', variable: 'VLLM_IMAGE', fallback: 'vllm/vllm-openai:v0.12.0' },
    { service: 'x', variable: null, fallback: 'busybox:1' },
  ]);
});

test('current images, what to pull, and the pin lines', () => {
  const vars = [{ service: 'vllm', variable: 'VLLM_IMAGE', fallback: 'vllm/vllm-openai:v0.12.0' }];
  const [unpinned] = currentImages(vars, {});
  assert.equal(pullTarget(unpinned!, vars[0]!.fallback, false), 'vllm/vllm-openai:v0.12.0');
  const [pinned] = currentImages(vars, {
    VLLM_IMAGE: `vllm/vllm-openai@${d}`,
    VLLM_IMAGE_SOURCE: 'vllm/vllm-openai:v0.12.1',
  });
  assert.deepEqual([pinned!.pinned, pinned!.digest], [true, d]);
  assert.equal(pullTarget(pinned!, vars[0]!.fallback, false), null, 'pinned images are left alone');
  assert.equal(
    pullTarget(pinned!, vars[0]!.fallback, true),
    'vllm/vllm-openai:v0.12.1',
    'update re-pulls the tag it came from',
  );
  assert.deepEqual(pinValues('VLLM_IMAGE', 'vllm/vllm-openai:v0.12.1', d), {
    VLLM_IMAGE: `vllm/vllm-openai@${d}`,
    VLLM_IMAGE_SOURCE: 'vllm/vllm-openai:v0.12.1',
  });
});

test("digestFor picks the RepoDigest of the repository pulled from (docker.io's normalisation too)", () => {
  assert.equal(digestFor('postgres:16', [`docker.io/library/postgres@${d}`]), d);
  assert.equal(
    digestFor('127.0.0.1:5000/a:v1', [`other/a@sha256:${'b'.repeat(64)}`, `127.0.0.1:5000/a@${d}`]),
    d,
  );
  assert.equal(digestFor('local/built:1', []), null);
});
