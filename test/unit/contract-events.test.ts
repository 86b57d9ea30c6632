// Every event the contract declares reaches both faces: the Electron window (through MainApp and
// the preload's window.hagw.on) and the `hagw ui` bridge (Server-Sent Events). The samples object
// is typed over EventChannels, so a new event without a sample fails the typecheck, and the loop
// below fails the test if any face drops it.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startUiServer } from '../../electron/cli/ui-server';
import { toDisposable } from '../../electron/core/disposable';
import { MainApp } from '../../electron/main/main-app';
import { EventHub } from '../../electron/app/event-hub';
import type { App } from '../../electron/app/create-app';
import type { Supervisor } from '../../electron/app/supervisor';
import { createPreloadBridge } from '../../electron/preload/preload-bridge';
import {
  type EventChannel,
  type EventChannels,
  eventChannels,
} from '../../electron/shared/contract';
import { createElectronStub } from '../support/electron-stub';
import { flushPromises, waitFor } from '../support/fake-timers';
import { stoppedSnapshot } from '../support/snapshots';

const stopped = stoppedSnapshot;

const samples: { [E in EventChannel]: EventChannels[E] } = {
  'stack.changed': stopped,
  'gpu.changed': { error: null, gpus: [] },
  'stack.progress': 'Pulling litellm ... done',
  'alerts.changed': { alerts: [] },
  'batches.changed': { batches: [], error: null },
};

const fakeSupervisor = (hub: EventHub) =>
  ({
    events: hub,
    start: () => Promise.resolve(),
    addChannel: () => toDisposable(() => undefined),
    gpu: () => null,
    dispose: () => undefined,
  }) as unknown as Supervisor;

test('every declared event reaches the preload bridge through the window', async () => {
  const hub = new EventHub();
  const e = createElectronStub();
  const gw = {
    config: {},
    dispose: () => undefined,
    stack: { controller: { snapshot: () => stopped } },
    gpu: { loadAdvice: () => [] },
  };
  new MainApp(e.parts, {
    appRoot: '/app',
    env: {},
    devServerUrl: null,
    createApp: () => gw as unknown as App,
    createSupervisor: () => fakeSupervisor(hub),
  }).start();
  e.ready();
  await flushPromises();
  e.trays[0]?.listeners.click?.();
  const win = e.windows[0];
  assert.ok(win);

  // The renderer's side: window.hagw built on a stand-in ipcRenderer fed what main sent.
  const ipc = new EventEmitter();
  const bridge = createPreloadBridge({
    invoke: () => Promise.resolve(),
    on: ((c: string, fn: (...a: unknown[]) => void) => ipc.on(c, fn)) as never,
    removeListener: ((c: string, fn: (...a: unknown[]) => void) =>
      ipc.removeListener(c, fn)) as never,
  });
  const heard = new Map<string, unknown>();
  for (const ev of eventChannels) bridge.on(ev, (p) => heard.set(ev, p));

  for (const ev of eventChannels) hub.emit(ev, samples[ev]);
  for (const s of win.webContents.sent) ipc.emit(s.channel, {}, s.payload);
  for (const ev of eventChannels)
    assert.deepEqual(heard.get(ev), samples[ev], `${ev} did not reach window.hagw`);
});

test('every declared event reaches a `hagw ui` bridge client as Server-Sent Events', async () => {
  const hub = new EventHub();
  const staticDir = mkdtempSync(join(tmpdir(), 'hagw-ev-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  const server = await startUiServer({
    port: 0,
    staticDir,
    handlers: {} as never,
    events: hub,
    token: 'tok-ev',
  });
  try {
    let text = '';
    const port = Number(new URL(server.url).port);
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/api/events',
      headers: { host: `127.0.0.1:${port}`, 'x-hagw-token': 'tok-ev' },
    });
    req.on('response', (res) => res.on('data', (c: Buffer) => (text += c.toString())));
    req.end();
    await waitFor(() => text.includes(': connected'), 'the event stream to open');
    for (const ev of eventChannels) hub.emit(ev, samples[ev]);
    await waitFor(
      () => eventChannels.every((ev) => text.includes(`event: ${ev}\n`)),
      'every event on the stream',
    );
    for (const ev of eventChannels)
      assert.ok(
        text.includes(`event: ${ev}\ndata: ${JSON.stringify(samples[ev])}\n\n`),
        `${ev} did not reach the bridge`,
      );
    req.destroy();
  } finally {
    server.dispose();
  }
});
