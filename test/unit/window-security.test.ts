import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
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

test('navigation away from the app is prevented; the app itself and the dev server are allowed', () => {
  const wc = new StubWebContents();
  hardenWebContents(wc as never, 'http://127.0.0.1:5173', () => undefined);
  const nav = (url: string) => {
    let prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  assert.equal(nav('https://evil.example/'), true);
  assert.equal(nav('http://127.0.0.1:9999/'), true);
  assert.equal(nav('file:///app/dist/renderer/index.html'), false);
  assert.equal(nav('http://127.0.0.1:5173/#/keys'), false);
});

test('new windows are always denied; https links go to the browser, others nowhere', () => {
  const wc = new StubWebContents();
  const opened: string[] = [];
  hardenWebContents(wc as never, null, (u) => opened.push(u));
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://docs.litellm.ai/' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'javascript:alert(1)' }), { action: 'deny' });
  assert.deepEqual(opened, ['https://docs.litellm.ai/']);
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

test('isAppUrl: only file: and the configured dev origin', () => {
  assert.equal(isAppUrl('file:///x/index.html', null), true);
  assert.equal(isAppUrl('http://localhost:5173/', null), false);
  assert.equal(isAppUrl('not a url', null), false);
});
