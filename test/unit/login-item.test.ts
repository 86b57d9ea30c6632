import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createContractHandlers } from '../../electron/app/contract-handlers';
import type { App } from '../../electron/app/create-app';
import { desktopEntry, XdgLoginItem } from '../../electron/node/platform/login-item';
import { SettingsFile } from '../../electron/node/storage/settings-file';

test('Linux: an XDG autostart entry under XDG_CONFIG_HOME, written and removed; paths with spaces quoted', async () => {
  const home = mkdtempSync(join(tmpdir(), 'hagw-xdg-'));
  const item = new XdgLoginItem(['/opt/Homelab AI Gateway/homelab-ai-gateway'], {
    XDG_CONFIG_HOME: home,
  });
  assert.equal(item.file, join(home, 'autostart', 'homelab-ai-gateway.desktop'));
  assert.equal(await item.get(), false);
  await item.set(true);
  assert.equal(await item.get(), true);
  const text = readFileSync(item.file, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\nType=Application\n/);
  assert.match(text, /\nExec="\/opt\/Homelab AI Gateway\/homelab-ai-gateway"\n/);
  assert.equal(statSync(item.file).mode & 0o777, 0o644);
  await item.set(false);
  assert.equal(existsSync(item.file), false);
  await item.set(false);
  assert.match(
    desktopEntry(['/usr/bin/electron', '/src/app']),
    /\nExec=\/usr\/bin\/electron \/src\/app\n/,
  );
});

test('the Settings view sets it through the contract (persisted, then applied); hagw ui, with no tray app, refuses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-login-'));
  const settings = new SettingsFile(dir);
  const gw = { settings } as unknown as App;
  const sup = {} as Parameters<typeof createContractHandlers>[1];
  let open = false;
  const app = createContractHandlers(gw, sup, {
    loginItem: {
      set: (o) => ((open = o), Promise.resolve()),
      get: () => Promise.resolve(open),
    },
  });
  assert.deepEqual(await app['settings.startAtLogin'](false), {
    startAtLogin: false,
    supported: true,
  });
  assert.equal((await settings.read()).startAtLogin, false);
  assert.deepEqual(await app['settings.startAtLogin'](true), {
    startAtLogin: true,
    supported: true,
  });
  assert.equal((await settings.read()).startAtLogin, true);

  const ui = createContractHandlers(gw, sup);
  assert.deepEqual(await ui['settings.startAtLogin'](), { startAtLogin: false, supported: false });
  await assert.rejects(ui['settings.startAtLogin'](false), /belongs to the tray app/);
});
