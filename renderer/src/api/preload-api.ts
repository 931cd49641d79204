// Electron: the preload exposes only invoke(method, params) and on(event, cb) as
// window.porthole; IPC has no connection to lose, so it is always open.
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

export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<unknown>;
  on(event: string, listener: (data: unknown) => void): (() => void) | undefined;
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
      try {
        return (await bridge.invoke(method, params)) as DesktopResult<M>;
      } catch (err) {
        // IPC errors arrive as plain Errors; main puts the contract's code in `code`.
        const code = (err as { code?: DesktopErrorCode }).code ?? 'internal';
        throw new ApiError(code, err instanceof Error ? err.message : String(err));
      }
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
