// The sandboxed preload: exposes the contract as window.hagw and nothing else (no ipcRenderer,
// no Node). Bundled into one CommonJS file, as a sandboxed preload must be.
import { contextBridge, ipcRenderer } from 'electron';
import { type HagwBridge, isEventChannel, isInvokeChannel } from '../shared/contract';

const bridge: HagwBridge = {
  invoke: (channel, ...args) =>
    isInvokeChannel(channel)
      ? ipcRenderer.invoke(channel, ...args)
      : Promise.resolve({
          ok: false,
          error: { code: 'NO_SUCH_CHANNEL', message: `No channel ${String(channel)}.` },
        }),
  on: (event, listener) => {
    if (!isEventChannel(event)) return () => undefined;
    const handler = (_e: unknown, payload: unknown) =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(event, handler);
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('hagw', bridge);
