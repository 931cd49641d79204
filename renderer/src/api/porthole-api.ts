// The one interface the UI talks to, whatever carries it: Electron's preload bridge or the
// engine's loopback WebSocket in browser mode. Types come from the contract in protocol/.
import type {
  DesktopApi,
  DesktopErrorCode,
  DesktopEventData,
  DesktopEventName,
  DesktopMethodName,
  DesktopParams,
  DesktopResult,
} from '../../../protocol/desktop-api.js';

export type {
  DesktopApi,
  DesktopErrorCode,
  DesktopEventData,
  DesktopEventName,
  DesktopMethodName,
  DesktopParams,
  DesktopResult,
};

/** Whether the transport can currently reach the engine. */
export type ConnectionState = 'open' | 'reconnecting' | 'closed';

export interface PortholeApi extends DesktopApi {
  readonly connection: ConnectionState;
  /** Called on every connection change; after 'open' following 'reconnecting', reload state. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** An error answered by the engine ({ok: false}); a local copy so the bundle needs no TypeBox. */
export class ApiError extends Error {
  constructor(
    readonly code: DesktopErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
