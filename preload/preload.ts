/**
 * Runs sandboxed with context isolation, so it is bundled to CommonJS and may only require
 * 'electron'. It exposes exactly the contract's methods and an event subscription.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_METHODS } from './methods.js';
import { createBridge } from './bridge.js';

const bridge = createBridge(BRIDGE_METHODS, {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(channel, listener) {
    // The IpcRendererEvent stays here: it carries `sender`, which the page must not get.
    const wrapped = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('omniroute', bridge);
