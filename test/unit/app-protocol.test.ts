// The packaged window's renderer on hagw-app://ui: the handler's path resolution and refusals.
// The Electron binary cannot run here, so what is pinned is what the handler answers for each URL.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  appPageUrl,
  appProtocolHandler,
  appSchemePrivileges,
  resolveAppPath,
} from '../../electron/main/app-protocol';

const base = mkdtempSync(join(tmpdir(), 'hagw-proto-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(
  join(root, 'index.html'),
  '<!doctype html><script type="module" crossorigin src="./assets/app.js"></script>',
);
writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
writeFileSync(join(root, 'assets', 'notes.txt'), 'no type for this');
// A secret beside the renderer folder, and one whose name starts like it.
writeFileSync(join(base, 'secret.env'), 'LITELLM_MASTER_KEY=sk-x');
mkdirSync(join(base, 'renderer-evil'));
writeFileSync(join(base, 'renderer-evil', 'index.html'), 'evil');

test('the page and its assets resolve inside the renderer folder; "/" is the page', () => {
  assert.equal(appPageUrl, 'hagw-app://ui/index.html');
  assert.equal(resolveAppPath(root, 'hagw-app://ui/index.html'), join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'hagw-app://ui/'), join(root, 'index.html'));
  assert.equal(
    resolveAppPath(root, 'hagw-app://ui/assets/app.js?v=1#x'),
    join(root, 'assets', 'app.js'),
  );
});

test('traversal in any spelling never leaves the folder: the URL parser folds plain dot segments in, the rest is refused', () => {
  // "/../x" and "/%2e%2e/x" are folded by the URL parser itself into "/x": inside the folder.
  for (const url of ['hagw-app://ui/../secret.env', 'hagw-app://ui/%2e%2e/secret.env'])
    assert.equal(resolveAppPath(root, url), join(root, 'secret.env'), url);
});

test('refusals: encoded separators, another host or scheme, NUL, backslash, bad encoding', () => {
  for (const url of [
    'hagw-app://ui/assets/%2e%2e%2f%2e%2e%2fsecret.env',
    'hagw-app://ui/..%2fsecret.env',
    'hagw-app://ui/%2e%2e%5csecret.env',
    'hagw-app://ui/assets\\..\\..\\secret.env',
    'hagw-app://ui/..%2f..%2frenderer-evil/index.html',
    'hagw-app://ui/..%2frenderer-evil/index.html',
    'hagw-app://ui/index.html%00.js',
    'hagw-app://ui/%E0%A4%A',
    'hagw-app://other/index.html',
    'hagw-app://ui.evil/index.html',
    'file:///etc/passwd',
    'https://ui/index.html',
    'not a url',
  ])
    assert.equal(resolveAppPath(root, url), null, url);
});

test('the handler: 200 with the type for files it serves, 404 for the rest, never a file outside', async () => {
  const handle = appProtocolHandler(root);
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));
  const page = await get('hagw-app://ui/index.html');
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await page.text(), /type="module"/);
  const js = await get('hagw-app://ui/assets/app.js');
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  for (const url of [
    'hagw-app://ui/%2e%2e/secret.env',
    'hagw-app://ui/assets/missing.js',
    'hagw-app://ui/assets/notes.txt',
    'hagw-app://ui/assets',
  ]) {
    const r = await get(url);
    assert.equal(r.status, 404, url);
    assert.doesNotMatch(await r.text(), /sk-x/);
  }
  assert.equal((await get('hagw-app://ui/index.html', 'POST')).status, 404);
  assert.equal((await get('hagw-app://ui/index.html', 'HEAD')).status, 200);
});

test('the scheme is standard and secure with fetch, and nothing more', () => {
  assert.deepEqual(appSchemePrivileges, {
    scheme: 'hagw-app',
    privileges: { standard: true, secure: true, supportFetchAPI: true },
  });
});
