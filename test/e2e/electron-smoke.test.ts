// Playwright's _electron smoke test: the real app boots as a tray app (no window until asked) with
// the hardened session. It runs where the Electron binary exists; on the build machines npm holds
// back Electron's binary download, so it skips there and says why.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { repoRoot } from '../support/fixtures';

const electronDir = join(repoRoot, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile)
  ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  : null;
const why =
  !binary || !existsSync(binary)
    ? 'the Electron binary is not installed (npm held back its download on this machine); the shell is covered by typecheck against electron.d.ts and the stub tests'
    : !process.env.DISPLAY
      ? 'no DISPLAY: run it under xvfb-run'
      : null;

test(
  'the Electron app starts as a tray app with no window and denies permissions',
  { skip: why ?? false },
  async () => {
    const app = await _electron.launch({
      executablePath: binary!,
      args: [repoRoot],
      env: { ...process.env, HAGW_DATA_DIR: join(repoRoot, 'test', '.artifacts', 'electron-data') },
    });
    try {
      const ready = await app.evaluate(({ app: a }) => a.isReady());
      assert.equal(ready, true);
      const windows = await app.evaluate(
        ({ BrowserWindow }) => BrowserWindow.getAllWindows().length,
      );
      assert.equal(windows, 0, 'a tray app opens no window at start');
    } finally {
      await app.close();
    }
  },
);
