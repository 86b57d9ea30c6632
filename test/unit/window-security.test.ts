import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  devServerFor,
  isOpenableLink,
  hardenSession,
  hardenWebContents,
  isAppUrl,
  secureWebPreferences,
} from '../../electron/main/window-security';
import { StubWebContents } from '../support/electron-stub';

test('webPreferences follow the checklist: isolation, sandbox, no Node, web security', () => {
  const p = secureWebPreferences('/app/dist/preload/preload.cjs');
  assert.deepEqual(
    [
      p.contextIsolation,
      p.sandbox,
      p.nodeIntegration,
      p.nodeIntegrationInWorker,
      p.nodeIntegrationInSubFrames,
      p.webSecurity,
      p.allowRunningInsecureContent,
      p.webviewTag,
    ],
    [true, true, false, false, false, true, false, false],
  );
  assert.equal(p.preload, '/app/dist/preload/preload.cjs');
});

const page = { url: 'hagw-app://ui/index.html', devServerUrl: null };
const devPage = { ...page, devServerUrl: 'http://127.0.0.1:5173' };

test('navigation away from the app is prevented; the app itself and the dev server are allowed', () => {
  const wc = new StubWebContents();
  hardenWebContents(wc as never, devPage, () => undefined);
  const nav = (url: string) => {
    let prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  assert.equal(nav('https://evil.example/'), true);
  assert.equal(nav('http://127.0.0.1:9999/'), true);
  assert.equal(nav('hagw-app://ui/index.html'), false);
  assert.equal(
    nav('file:///app/dist/renderer/index.html'),
    true,
    'no file: page, not even the old one',
  );
  assert.equal(nav('http://127.0.0.1:5173/#/keys'), false);
  assert.equal(nav('file:///etc/passwd'), true);
  // Frames have their own event (will-navigate only covers the main frame).
  let prevented = false;
  wc.emit('will-frame-navigate', {
    url: 'https://evil.example/',
    preventDefault: () => (prevented = true),
  });
  assert.equal(prevented, true);
});

test('new windows are always denied; https links go to the browser, others nowhere', () => {
  const wc = new StubWebContents();
  const opened: string[] = [];
  hardenWebContents(
    wc as never,
    page,
    (u) => opened.push(u),
    () => ['gateway.home.arpa'],
  );
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://docs.litellm.ai/' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'javascript:alert(1)' }), { action: 'deny' });
  wc.windowOpenHandler?.({ url: 'https://evil.example/' });
  wc.windowOpenHandler?.({ url: 'https://user:pw@docs.litellm.ai/' });
  wc.windowOpenHandler?.({ url: 'https://gateway.home.arpa/v1/models' });
  assert.deepEqual(opened, ['https://docs.litellm.ai/', 'https://gateway.home.arpa/v1/models']);
});

test('every permission request and check is refused', () => {
  let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
  let check: (() => boolean) | undefined;
  hardenSession({
    setPermissionRequestHandler: ((h: typeof request) => (request = h)) as never,
    setPermissionCheckHandler: ((h: typeof check) => (check = h)) as never,
  });
  let granted: boolean | null = null;
  request?.(null, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(check?.(), false);
});

test("isAppUrl: exactly the app's own page on its scheme, never a file or a remote share", () => {
  assert.equal(isAppUrl('hagw-app://ui/index.html', page), true);
  assert.equal(isAppUrl('hagw-app://ui/index.html#keys', page), true);
  assert.equal(isAppUrl('hagw-app://ui/other.html', page), false);
  assert.equal(isAppUrl('hagw-app://elsewhere/index.html', page), false);
  assert.equal(isAppUrl('hagw-app://ui/index.html?x=1', page), false);
  assert.equal(isAppUrl('file:///app/dist/renderer/index.html', page), false);
  assert.equal(isAppUrl('file:///x/index.html', page), false);
  assert.equal(isAppUrl('file://host/share/app/dist/renderer/index.html', page), false);
  assert.equal(isAppUrl('http://localhost:5173/', page), false);
  assert.equal(isAppUrl('not a url', page), false);
});

test('the dev server URL is honoured only in an unpackaged run, and only on loopback', () => {
  const env = { HAGW_DEV_SERVER_URL: 'http://127.0.0.1:5173' };
  assert.equal(devServerFor(false, env), 'http://127.0.0.1:5173');
  assert.equal(devServerFor(true, env), null);
  assert.equal(devServerFor(false, { HAGW_DEV_SERVER_URL: 'https://evil.example/' }), null);
  assert.equal(isOpenableLink('http://docs.litellm.ai/'), false, 'https only');
});
