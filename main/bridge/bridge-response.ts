// What `window.porthole.invoke` resolves with: the DesktopApi envelope without its id (IPC
// pairs requests and answers itself). Errors travel as data because contextBridge drops an
// Error's custom properties, and the renderer needs the code.
import { DesktopApiError, type DesktopErrorCode } from '../../protocol/desktop-api.js';

export type BridgeResponse =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: DesktopErrorCode; message: string } };

export function bridgeFailure(code: DesktopErrorCode, message: string): BridgeResponse {
  return { ok: false, error: { code, message } };
}

/** A DesktopApiError keeps its code; anything else is internal, with its details left to the log. */
export function bridgeFailureFrom(err: unknown): BridgeResponse {
  if (err instanceof DesktopApiError) return bridgeFailure(err.code, err.message);
  return bridgeFailure('internal', 'internal error in the desktop shell');
}
