// Wires the engine's DesktopApi onto the window's one IPC channel pair. Each request passes
// decideInvoke (sender frame, method name, params schema) before the engine sees it; every
// engine event is forwarded to the page while it shows the app.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { type DesktopApi, type DesktopEventName, DesktopEvents } from '../protocol/desktop-api.js';
import { isAppIndexUrl } from './app-url.js';
import { type BridgeResponse, bridgeFailure, bridgeFailureFrom } from './bridge/bridge-response.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './bridge/channels.js';
import { decideInvoke, type InvokeSender } from './bridge/invoke-policy.js';

function describeSender(event: IpcMainInvokeEvent, contents: WebContents): InvokeSender {
  const frame = event.senderFrame;
  const main = contents.mainFrame;
  return {
    contentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame:
      frame !== null &&
      frame.parent === null &&
      frame.processId === main.processId &&
      frame.routingId === main.routingId,
  };
}

/**
 * `api` settles once the engine has started (the window shows before that); a rejected
 * promise makes every call answer `unavailable` with the reason.
 */
export function attachIpcBridge(contents: WebContents, api: Promise<DesktopApi>, log: (message: string) => void) {
  // Registered on this window's contents only: no other window or webview can reach it.
  contents.ipc.handle(INVOKE_CHANNEL, async (event, request: unknown): Promise<BridgeResponse> => {
    const decision = decideInvoke(describeSender(event, contents), contents.id, request);
    if (decision.kind === 'refuse') return decision.response;
    let engine: DesktopApi;
    try {
      engine = await api;
    } catch (err) {
      return bridgeFailure('unavailable', `the engine did not start: ${(err as Error).message}`);
    }
    try {
      // decideInvoke validated the params against this method's schema.
      const data = await engine.invoke(decision.method, decision.params as never);
      return { ok: true, data };
    } catch (err) {
      const response = bridgeFailureFrom(err);
      if (!response.ok && response.error.code === 'internal') log(`${decision.method} failed: ${String(err)}`);
      return response;
    }
  });

  const unsubscribers: Array<() => void> = [];
  void api.then(
    (engine) => {
      if (contents.isDestroyed()) return;
      for (const name of Object.keys(DesktopEvents) as DesktopEventName[]) {
        unsubscribers.push(
          engine.on(name, (data) => {
            // Only to the app's own page: after a (blocked, but still) navigation, nothing leaks.
            if (!contents.isDestroyed() && isAppIndexUrl(contents.getURL())) {
              contents.send(EVENT_CHANNEL, { event: name, data });
            }
          }),
        );
      }
    },
    () => {},
  );

  const detach = () => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    if (!contents.isDestroyed()) contents.ipc.removeHandler(INVOKE_CHANNEL);
  };
  contents.once('destroyed', detach);
  return detach;
}
