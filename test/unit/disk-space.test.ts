import assert from 'node:assert/strict';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freeDiskAt } from '../../electron/node/docker/disk-space';

test('free disk for a path not created yet is that of its nearest existing parent', async () => {
  const s = statfsSync(tmpdir());
  const free = await freeDiskAt(join(tmpdir(), 'not-yet', 'deeper'));
  assert.ok(free !== null && free > 0);
  // Other writers move it a little between the two reads: within 1 %.
  assert.ok(Math.abs(free - s.bavail * s.bsize) <= 0.01 * s.bavail * s.bsize, `${free}`);
});
