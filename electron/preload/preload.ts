// The sandboxed preload: exposes the contract as window.hagw and nothing else (no ipcRenderer,
// no Node). Bundled into one CommonJS file, as a sandboxed preload must be.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preload-bridge';

contextBridge.exposeInMainWorld('hagw', createPreloadBridge(ipcRenderer));
