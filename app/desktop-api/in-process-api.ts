// The DesktopApi for a caller in the engine's own process (the CLI running the engine
// headless). Calls take the same path as the transports: envelope, schema check, handler.
import {
  type DesktopApi,
  DesktopApiError,
  type DesktopEventData,
  type DesktopEventName,
  type DesktopMethodName,
  type DesktopParams,
  type DesktopResult,
} from '../../protocol/desktop-api.js';
import type { DesktopDispatch } from './dispatcher.js';
import type { DesktopEventBus } from './event-bus.js';

export function createInProcessApi(dispatch: DesktopDispatch, events: DesktopEventBus): DesktopApi {
  let nextId = 1;
  return {
    async invoke<M extends DesktopMethodName>(method: M, params: DesktopParams<M>): Promise<DesktopResult<M>> {
      const response = await dispatch({ id: nextId++, method, params: asSentOverTheWire(params) });
      if (!response.ok) throw new DesktopApiError(response.error.code, response.error.message);
      return response.data as DesktopResult<M>;
    },
    on<E extends DesktopEventName>(event: E, listener: (data: DesktopEventData<E>) => void): () => void {
      return events.on(event, listener);
    },
  };
}

/**
 * A JSON copy of the params, so an in-process caller gets exactly what a remote one would
 * (undefined fields dropped, no shared objects the handler could keep and see change).
 */
function asSentOverTheWire(params: unknown): unknown {
  if (params === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(params)) as unknown;
  } catch (err) {
    throw new DesktopApiError('invalid_params', `params are not JSON: ${(err as Error).message}`);
  }
}
