import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { availableUpdates } from '../../electron/node/safety/update-check';

const digest = (c: string) => `sha256:${c.repeat(64)}`;

test('an offer says when its digest becomes eligible: first seen plus the wait, kept across checks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-offers-'));
  let remote = digest('b');
  const images = {
    list: () =>
      Promise.resolve([
        {
          service: 'litellm',
          variable: 'LITELLM_IMAGE',
          reference: `ghcr.io/berriai/litellm@${digest('a')}`,
          pinned: true,
          digest: digest('a'),
          source: 'ghcr.io/berriai/litellm:v1.101.0',
        },
      ]),
    remoteDigest: () => Promise.resolve(remote),
  };
  let now = Date.parse('2026-12-01T06:00:00Z');
  const age = {
    dataDir: dir,
    now: () => new Date(now),
    minAgeDays: () => Promise.resolve(7),
    warn: () => undefined,
  };
  const [first] = await availableUpdates(images, age);
  assert.equal(first?.eligibleAt, '2026-12-08T06:00:00.000Z');
  now += 3 * 86_400_000;
  const [later] = await availableUpdates(images, age);
  assert.equal(later?.eligibleAt, '2026-12-08T06:00:00.000Z', 'counted from the first sighting');
  // A newer digest under the tag starts its own wait.
  remote = digest('c');
  const [next] = await availableUpdates(images, age);
  assert.equal(next?.eligibleAt, '2026-12-11T06:00:00.000Z');
});
