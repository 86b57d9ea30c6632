import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trayHint } from '../../electron/core/tray-support';

test('GNOME without an AppIndicator extension gets the hint; with one, or elsewhere, none', () => {
  assert.match(trayHint('linux', 'GNOME', []) ?? '', /gnome-shell-extension-appindicator/);
  assert.match(trayHint('linux', 'ubuntu:GNOME', ['ding@rastersoft.com']) ?? '', /AppIndicator/);
  assert.equal(trayHint('linux', 'ubuntu:GNOME', ['ubuntu-appindicators@ubuntu.com']), null);
  assert.equal(trayHint('linux', 'GNOME', ['appindicatorsupport@rgcjonas.gmail.com']), null);
  assert.equal(trayHint('linux', 'KDE', []), null);
  assert.equal(trayHint('linux', 'GNOME', null), null, 'unknown: no claim');
  assert.equal(trayHint('darwin', 'GNOME', []), null);
});
