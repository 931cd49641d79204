// The preload: puts exactly `window.porthole = { invoke, on }` into the page, nothing else.
// Names outside the DesktopApi contract are refused here, before any IPC; main checks the
// sender and the params again. Sandboxed, so it is bundled into one CommonJS file.
import { contextBridge, ipcRenderer } from 'electron';
import { isDesktopMethod } from '../protocol/desktop-api.js';
import { bridgeFailure } from './bridge/bridge-response.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './bridge/channels.js';
import { BridgeListeners } from './bridge/event-listeners.js';

const listeners = new BridgeListeners((err) => console.error('porthole: an event listener failed', err));

// The IPC event object never reaches the page: it carries `sender`, which is main's handle.
ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => listeners.dispatch(message));

contextBridge.exposeInMainWorld('porthole', {
  invoke(method: unknown, params?: unknown) {
    if (typeof method !== 'string' || !isDesktopMethod(method)) {
      return Promise.resolve(bridgeFailure('unknown_method', `unknown method: ${String(method)}`));
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, { method, params });
  },
  on(event: unknown, listener: unknown) {
    return listeners.add(event, listener);
  },
});
