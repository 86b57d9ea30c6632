import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDisposable } from '../../electron/core/disposable';
import { MainApp } from '../../electron/main/main-app';
import type { Gateway } from '../../electron/node/gateway';
import { invokeChannels } from '../../electron/shared/contract';
import type { StackSnapshot } from '../../electron/shared/stack';
import { createElectronStub } from '../support/electron-stub';
import { flushPromises } from '../support/fake-timers';

const stopped: StackSnapshot = {
  state: 'stopped',
  project: 'hagw',
  services: [],
  operation: null,
  reason: null,
};

const fakeGateway = () => {
  const listeners = new Set<(s: StackSnapshot) => void>();
  const calls: string[] = [];
  let disposed = false;
  const gw = {
    config: {} as never,
    compose: {} as never,
    litellm: {} as never,
    stack: {
      snapshot: () => stopped,
      onChange: (fn: (s: StackSnapshot) => void) => {
        listeners.add(fn);
        return toDisposable(() => listeners.delete(fn));
      },
      onProgress: () => toDisposable(() => undefined),
      watch: () => toDisposable(() => undefined),
      refresh: () => Promise.resolve(stopped),
      up: () => (calls.push('up'), Promise.resolve(stopped)),
      down: () => (calls.push('down'), Promise.resolve(stopped)),
      restart: () => Promise.resolve(stopped),
    },
    status: () =>
      Promise.resolve({
        stack: stopped,
        litellm: { url: 'x', reachable: false, version: null, error: null },
        setupNeeded: false,
        generatedAt: 'now',
      }),
    dispose: () => void (disposed = true),
  } as unknown as Gateway;
  return { gw, listeners, calls, isDisposed: () => disposed };
};

const start = async () => {
  const e = createElectronStub();
  const g = fakeGateway();
  new MainApp(e.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createGateway: () => g.gw,
  }).start();
  e.ready();
  await flushPromises();
  return { e, g };
};

const menuItems = (e: ReturnType<typeof createElectronStub>) =>
  (e.trays[0]?.menu as { template: { label?: string; click?: () => void }[] }).template;

test('on ready: a tray with the stopped icon, and one IPC handler per contract channel', async () => {
  const { e } = await start();
  assert.equal(e.trays.length, 1);
  assert.equal(e.trays[0]?.image, '/app/resources/tray/stopped.png');
  assert.deepEqual([...e.handlers.keys()].sort(), [...invokeChannels].sort());
  assert.equal(e.permissions.check?.(), false, 'the session was hardened');
});

test('IPC from a frame that is not our window is refused as data, never run', async () => {
  const { e, g } = await start();
  const r = (await e.handlers.get('stack.up')?.({
    sender: {},
    senderFrame: { url: 'https://evil.example/' },
  })) as { ok: boolean; error: { code: string } };
  assert.deepEqual([r.ok, r.error.code], [false, 'FORBIDDEN']);
  assert.deepEqual(g.calls, []);
});

test('IPC from our own window runs the handler', async () => {
  const { e, g } = await start();
  e.trays[0]?.listeners.click?.();
  const win = e.windows[0]!;
  assert.equal(win.loaded, 'file:///app/dist/renderer/index.html');
  const r = (await e.handlers.get('stack.up')?.({
    sender: win.webContents,
    senderFrame: { url: 'file:///app/dist/renderer/index.html' },
  })) as { ok: boolean };
  assert.equal(r.ok, true);
  assert.deepEqual(g.calls, ['up']);
});

test('closing the window only hides it; the window gets stack events', async () => {
  const { e, g } = await start();
  e.trays[0]?.listeners.click?.();
  const win = e.windows[0]!;
  let prevented = false;
  win.emit('close', { preventDefault: () => (prevented = true) });
  assert.equal(prevented, true);
  assert.equal(win.hidden, 1);
  for (const l of g.listeners) l({ ...stopped, state: 'running' });
  assert.equal(win.webContents.sent.at(-1)?.channel, 'stack.changed');
  assert.equal(e.trays[0]?.image, '/app/resources/tray/running.png');
});

test('Quit leaves the stack running and says so; Stop stack and quit stops it first', async () => {
  const { e, g } = await start();
  menuItems(e)
    .find((i) => i.label?.startsWith('Quit'))
    ?.click?.();
  await flushPromises();
  assert.deepEqual(g.calls, []);
  assert.equal(e.app.quitCalls, 1);
  assert.match(e.notifications[0]?.body ?? '', /keeps running/);
  assert.equal(g.isDisposed(), true, 'will-quit disposed everything');
  assert.equal(e.handlers.size, 0, 'IPC handlers removed');

  const second = await start();
  menuItems(second.e)
    .find((i) => i.label === 'Stop stack and quit')
    ?.click?.();
  await flushPromises();
  assert.deepEqual(second.g.calls, ['down']);
  assert.equal(second.e.app.quitCalls, 1);
});

test('a second instance quits at once and leaves the first one alone', () => {
  const e = createElectronStub();
  e.app.lock = false;
  new MainApp(e.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createGateway: () => fakeGateway().gw,
  }).start();
  assert.equal(e.app.quitCalls, 1);
});
