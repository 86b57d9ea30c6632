// The packaging step's fuses, flipped by @electron/fuses in a stand-in binary that carries the
// same sentinel and wire layout as a real Electron build (no Electron binary can be fetched here).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FuseState, FuseV1Options } from '@electron/fuses';
import { setFuses } from '../../scripts/electron-fuses.mjs';

test('packaging turns RunAsNode, NODE_OPTIONS and --inspect off in the binary itself', async () => {
  const bin = join(mkdtempSync(join(tmpdir(), 'hagw-fuses-')), 'electron');
  // Electron's layout: sentinel, wire version 1, wire length, one '0'/'1' byte per fuse.
  writeFileSync(
    bin,
    Buffer.concat([
      Buffer.from('\x7fELF padding '),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, 9]),
      Buffer.from('111111111'),
      Buffer.from(' more'),
    ]),
  );
  const wire = (await setFuses(bin)) as Record<number, FuseState>;
  assert.equal(wire[FuseV1Options.RunAsNode], FuseState.DISABLE);
  assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], FuseState.DISABLE);
  assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], FuseState.DISABLE);
  assert.equal(wire[FuseV1Options.EnableCookieEncryption], FuseState.ENABLE);
});
