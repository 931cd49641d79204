// Electron: the preload exposes only invoke(method, params) and on(event, cb) as
// window.porthole. invoke resolves with the contract's envelope without its id
// ({ok: true, data} or {ok: false, error}); errors travel as data so the code survives
// contextBridge. IPC has no connection to lose, so it is always open.
import { ListenerSet } from './listener-set.js';
import type {
  DesktopEventData,
  DesktopEventName,
  DesktopMethodName,
  DesktopParams,
  DesktopResult,
  PortholeApi,
} from './porthole-api.js';
import { ApiError, type DesktopErrorCode } from './porthole-api.js';

type BridgeResponse = { ok: true; data: unknown } | { ok: false; error: { code: DesktopErrorCode; message: string } };

export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<BridgeResponse>;
  on(event: string, listener: (data: unknown) => void): () => void;
}

declare global {
  interface Window {
    porthole?: PreloadBridge;
  }
}

export function preloadApi(bridge: PreloadBridge): PortholeApi {
  // One subscription per event name on the bridge, fanned out here.
  const events = new ListenerSet();
  const subscribed = new Set<string>();
  return {
    connection: 'open',
    onConnection: () => () => {},
    async invoke<M extends DesktopMethodName>(method: M, params: DesktopParams<M>): Promise<DesktopResult<M>> {
      const response = await bridge.invoke(method, params);
      if (response.ok) return response.data as DesktopResult<M>;
      throw new ApiError(response.error.code, response.error.message);
    },
    on<E extends DesktopEventName>(event: E, listener: (data: DesktopEventData<E>) => void): () => void {
      if (!subscribed.has(event)) {
        subscribed.add(event);
        bridge.on(event, (data) => events.emit(event, data));
      }
      return events.add(event, listener);
    },
  };
}
