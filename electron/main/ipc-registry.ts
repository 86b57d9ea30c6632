import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type Disposable, toDisposable } from '../core/disposable';
import { type ContractHandlers, dispatch } from '../app/contract-handlers';
import { invokeChannels } from '../shared/contract';

/**
 * Registers one ipcMain.handle per contract channel. Item 17 of Electron's checklist: every call's
 * sender frame is checked to be our own page before anything runs; errors return as data.
 */
export const registerIpc = (
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ContractHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): Disposable => {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame was refused.' },
        };
      }
      return dispatch(handlers, channel, args);
    });
  }
  return toDisposable(() => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  });
};
