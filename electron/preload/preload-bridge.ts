// What window.hagw is, built from the one ipcRenderer the preload has. Kept apart from the
// contextBridge call so a test can drive it with a stand-in renderer and prove that every event
// the contract declares gets through.
import type { IpcRenderer } from 'electron';
import { type HagwBridge, isEventChannel, isInvokeChannel } from '../shared/contract';

export const createPreloadBridge = (
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): HagwBridge => ({
  invoke: (channel, ...args) =>
    isInvokeChannel(channel)
      ? ipc.invoke(channel, ...args)
      : Promise.resolve({
          ok: false,
          error: { code: 'NO_SUCH_CHANNEL', message: `No channel ${String(channel)}.` },
        }),
  on: (event, listener) => {
    if (!isEventChannel(event)) return () => undefined;
    const handler = (_e: unknown, payload: unknown) =>
      listener(payload as Parameters<typeof listener>[0]);
    ipc.on(event, handler);
    return () => {
      ipc.removeListener(event, handler);
    };
  },
});
