import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleSnapshot, lifecycleView } from '../support/lifecycle-view';
import { toDisposable } from '../../electron/core/disposable';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MainApp } from '../../electron/main/main-app';
import { AlertCenter } from '../../electron/app/alert-center';
import { ChannelStore } from '../../electron/node/push/channel-store';
import { SettingsFile } from '../../electron/node/storage/settings-file';
import { createSupervisor } from '../../electron/app/create-supervisor';
import type { Supervisor } from '../../electron/app/supervisor';
import type { GpuReport } from '../../electron/shared/gpu';
import type { App } from '../../electron/app/create-app';
import { invokeChannels } from '../../electron/shared/contract';
import { createElectronStub } from '../support/electron-stub';
import { flushPromises, waitFor } from '../support/fake-timers';
import type { StackSnapshot } from '../../electron/shared/stack';
import { stoppedSnapshot } from '../support/snapshots';
import { gpuCard } from '../support/gpu-card';

const stopped = stoppedSnapshot;

const fakeApp = () => {
  const listeners = new Set<(s: StackSnapshot) => void>();
  const gpuListeners = new Set<(r: GpuReport) => void>();
  const calls: string[] = [];
  let disposed = false;
  const dataDir = mkdtempSync(join(tmpdir(), 'hagw-main-'));
  const gw = {
    config: { dataDir, alertTickMs: 15_000, envFile: join(dataDir, '.env') },
    settings: new SettingsFile(dataDir),
    batches: {
      observations: () => Promise.resolve([]),
      list: () => Promise.resolve({ batches: [], error: null }),
    },
    dispose: () => void (disposed = true),
    alerts: {
      channels: new ChannelStore(
        dataDir,
        () => new Date(),
        () => undefined,
      ),
      center: new AlertCenter(join(dataDir, 'alerts.json')),
    },
    stack: {
      images: { pinLocal: () => Promise.resolve([]) },
      compose: {} as never,
      controller: {
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
        restart: (service: unknown, o: unknown) => (
          calls.push(`restart ${JSON.stringify([service, o])}`),
          Promise.resolve(stopped)
        ),
      },
      status: () =>
        Promise.resolve({
          stack: stopped,
          litellm: { url: 'x', reachable: false, version: null, error: null },
          setupNeeded: false,
          generatedAt: 'now',
        }),
    },
    models: {
      litellm: {} as never,
      engineWatch: { observations: () => Promise.resolve([]) },
      // The wake service: one model, and the Free the GPU switch it answers to.
      lifecycle: (() => {
        let freed = false;
        const snap = () =>
          lifecycleSnapshot(
            [
              lifecycleView('local-chat', {
                state: freed ? 'asleep' : 'awake',
                level: freed ? 1 : 0,
                pinned: true,
                vramMiB: 12_000,
              }),
            ],
            { freed },
          );
        return {
          snapshot: () => Promise.resolve(snap()),
          sleep: (m: unknown) => {
            calls.push(`sleep ${JSON.stringify(m)}`);
            freed = m === 'all';
            return Promise.resolve(snap());
          },
          resume: () => {
            calls.push('resume');
            freed = false;
            return Promise.resolve(snap());
          },
        };
      })(),
    },
    gpu: {
      monitor: () =>
        Promise.resolve({
          report: () => null,
          onReport: (fn: (r: GpuReport) => void) => {
            gpuListeners.add(fn);
            return toDisposable(() => gpuListeners.delete(fn));
          },
        }),
      maintenance: {
        status: () =>
          Promise.resolve({
            lastCleaned: '2026-01-01',
            nextDue: '2026-04-01',
            due: true,
            snoozedUntil: null,
            trend: [],
            days: [],
          }),
      },
      loadAdvice: () => [],
    },
    safety: {
      certs: () => Promise.resolve({ sites: [] }),
      doctor: () => Promise.resolve({ findings: [] }),
      latest: () => ({ certs: null, doctor: null }),
    },
    keys: {
      watch: { observations: () => Promise.resolve([]) },
      service: {
        list: () =>
          Promise.resolve({
            keys: [
              { alias: 'obsidian', inVault: true },
              { alias: 'discord-bot', inVault: true },
              { alias: 'lost-key', inVault: false },
            ],
          }),
        env: (alias: string) =>
          Promise.resolve({
            snippets: {
              env: `OPENAI_BASE_URL=https://gateway.home.arpa/v1\nOPENAI_API_KEY=sk-raw-${alias}\n`,
            },
          }),
      },
    },
  } as unknown as App;
  return { gw, dataDir, listeners, gpuListeners, calls, isDisposed: () => disposed };
};

const start = async (prepare: (dataDir: string) => void = () => undefined) => {
  const e = createElectronStub();
  const g = fakeApp();
  prepare(g.dataDir);
  let sup: Supervisor | null = null;
  new MainApp(e.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createApp: () => g.gw,
    createSupervisor: (gw, o) => (sup = createSupervisor(gw, o)),
  }).start();
  e.ready();
  // The supervisor starts by claiming the sender lease (real file I/O): wait for it, with a deadline.
  await waitFor(() => sup?.sending() === true, 'the sender lease');
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
  assert.equal(win.loaded, 'hagw-app://ui/index.html');
  assert.deepEqual(e.protocols, ['hagw-app'], 'the renderer is served on its own scheme');
  const r = (await e.handlers.get('stack.up')?.({
    sender: win.webContents,
    senderFrame: { url: 'hagw-app://ui/index.html' },
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

test("the tray's Restart is the dashboard's channel: it waits for healthy", async () => {
  const { e, g } = await start();
  const restart = () =>
    menuItems(e)
      .find((i) => i.label === 'Restart stack')
      ?.click?.();
  restart();
  await flushPromises();
  assert.deepEqual(g.calls, ['restart [null,{"wait":true,"timeoutMs":300000}]']);
});

test('a second instance quits at once and leaves the first one alone', () => {
  const e = createElectronStub();
  e.app.lock = false;
  new MainApp(e.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createApp: () => fakeApp().gw,
  }).start();
  assert.equal(e.app.quitCalls, 1);
});

test('the tray shows each GPU at a glance; a critical one turns the icon red and notifies once', async () => {
  const { e, g } = await start();
  const hot: GpuReport = {
    error: null,
    gpus: [
      gpuCard({
        temperatureC: 71,
        fanPercent: 0,
        health: 'critical',
        findings: [
          { id: 'fan-not-spinning:09:00.0', severity: 'critical', message: 'fan 0 % at 71 °C' },
        ],
      }),
    ],
  };
  for (const l of g.gpuListeners) l(hot);
  assert.match(e.trays[0]?.tooltip ?? '', /GPU 0: 71 °C · fan 0 % · critical/);
  assert.equal(e.trays[0]?.image, '/app/resources/tray/error.png');
  // Count finished ticks: each writes alerts.json (real file I/O) before it notifies.
  let ticks = 0;
  const center = g.gw.alerts.center;
  const tick = center.tick.bind(center);
  center.tick = async (o) => {
    const r = await tick(o);
    ticks++;
    return r;
  };
  e.time.advance(15_000);
  // Wait for the tick's notifications, with a deadline.
  await waitFor(() => e.notifications.length >= 2, "the first tick's notifications");
  const titles = e.notifications.map((n) => n.title);
  assert.ok(titles.includes('GPU 0: critical'), titles.join(', '));
  assert.ok(titles.includes('Quarterly dust cleaning is due'));
  const count = e.notifications.length;
  await waitFor(() => ticks >= 1, 'the first tick');
  e.time.advance(15_000);
  await waitFor(() => ticks >= 2, 'the second tick');
  await flushPromises();
  assert.equal(e.notifications.length, count, 'no second notification for the same alerts');
});

test('"Copy key for ▸" copies one app\'s .env lines; the notification names the app, never the key', async () => {
  const { e } = await start();
  type Item = { label?: string; click?: () => void; submenu?: Item[] };
  await waitFor(
    () => (menuItems(e) as Item[]).some((i) => i.label === 'Copy key for'),
    'the keys in the tray',
  );
  const copy = (menuItems(e) as Item[]).find((i) => i.label === 'Copy key for');
  assert.deepEqual(
    copy?.submenu?.map((i) => i.label),
    ['discord-bot', 'obsidian'],
    'only keys the vault holds, sorted',
  );
  copy?.submenu?.find((i) => i.label === 'obsidian')?.click?.();
  await waitFor(() => e.copied.length === 1, 'the clipboard');
  assert.equal(
    e.copied[0],
    'OPENAI_BASE_URL=https://gateway.home.arpa/v1\nOPENAI_API_KEY=sk-raw-obsidian\n',
  );
  await waitFor(() => e.notifications.some((n) => /obsidian/.test(n.body)), 'the notification');
  assert.ok(e.notifications.every((n) => !n.body.includes('sk-raw')));
});

test('start at login: on by default once setup has run, off when the operator said so', async () => {
  const none = await start();
  await flushPromises();
  assert.deepEqual(none.e.login.sets, [], 'before setup nothing is registered');

  const fresh = await start((dir) => writeFileSync(join(dir, '.env'), 'LITELLM_MASTER_KEY=sk-x\n'));
  await waitFor(() => fresh.e.login.sets.length === 1, 'the login item');
  assert.deepEqual(fresh.e.login.sets, [true]);
  assert.equal((await fresh.g.gw.settings.read()).startAtLogin, true);

  const off = await start((dir) => {
    writeFileSync(join(dir, '.env'), 'LITELLM_MASTER_KEY=sk-x\n');
    writeFileSync(join(dir, 'settings.json'), '{"version":1,"startAtLogin":false}\n');
  });
  await waitFor(() => off.e.login.sets.length === 1, 'the login item');
  assert.deepEqual(off.e.login.sets, [false]);
});

test('a desktop with no tray (GNOME without AppIndicator): the window opens at start and carries the hint', async () => {
  const e = createElectronStub();
  e.shell.trayHint = 'GNOME shows no tray icons without the AppIndicator extension';
  const g = fakeApp();
  new MainApp(e.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createApp: () => g.gw,
  }).start();
  e.ready();
  await waitFor(() => e.windows.length === 1, 'the window');
  const quiet = createElectronStub();
  const g2 = fakeApp();
  new MainApp(quiet.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createApp: () => g2.gw,
  }).start();
  quiet.ready();
  await flushPromises();
  assert.equal(quiet.windows.length, 0, 'with a tray the app starts hidden');
});

test('Free the GPU in the tray puts every model to sleep through the channel; Resume brings them back', async () => {
  const { e, g } = await start();
  await waitFor(() => menuItems(e).some((i) => i.label === 'Free the GPU'), 'the Models lines');
  assert.ok(menuItems(e).some((i) => i.label === 'local-chat: awake · 11.7 GiB · pinned'));
  menuItems(e)
    .find((i) => i.label === 'Free the GPU')
    ?.click?.();
  await waitFor(() => menuItems(e).some((i) => i.label === 'Resume models'), 'the Resume switch');
  assert.ok(
    menuItems(e).some((i) => i.label === 'local-chat: asleep (level 1) · 11.7 GiB · pinned'),
  );
  assert.match(e.notifications.at(-1)?.body ?? '', /Freeing the GPU/);
  menuItems(e)
    .find((i) => i.label === 'Resume models')
    ?.click?.();
  await waitFor(() => menuItems(e).some((i) => i.label === 'Free the GPU'), 'Free again');
  assert.deepEqual(g.calls, ['sleep "all"', 'resume']);
});
