// The packaging configuration as electron-builder itself reads and validates it (no Electron
// binary can be fetched here, so nothing is packaged): targets, compose/ outside the asar, fuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBuilderConfig } from '../../scripts/builder-config.mjs';
import { repoRoot } from '../support/fixtures';

test('electron-builder accepts electron-builder.yml: AppImage and deb, compose/ beside the asar, the fuses off', async () => {
  const c = await checkBuilderConfig(repoRoot);
  assert.deepEqual(c.linux?.target, ['AppImage', 'deb']);
  assert.equal(c.asar, true);
  // docker compose reads these files by path: they must not be inside app.asar.
  assert.deepEqual(
    (c.extraResources as { from: string; to: string }[]).map((r) => [r.from, r.to]),
    [['compose', 'compose']],
  );
  const inAsar = (c.files as { filter: string[] }[]).flatMap((f) => f.filter);
  assert.ok(!inAsar.some((f) => f.startsWith('compose')), inAsar.join(', '));
  assert.ok(inAsar.includes('dist/**/*'));
  assert.deepEqual(c.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});
