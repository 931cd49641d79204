// Main's decision on each IPC request, before anything reaches the engine: it must come from
// the main frame of Porthole's own window showing the app's index page, name a method of the
// contract, and carry params that match that method's schema.
import { type DesktopMethodName, DesktopMethods, isDesktopMethod } from '../../protocol/desktop-api.js';
import { ValidationError, validator } from '../../protocol/validator.js';
import { isAppIndexUrl } from '../app-url.js';
import { type BridgeResponse, bridgeFailure } from './bridge-response.js';

/** What Electron tells main about who sent a request. */
export interface InvokeSender {
  /** `event.sender.id`. */
  contentsId: number;
  /** `event.senderFrame.url`, or null when the frame is gone. */
  frameUrl: string | null;
  /** The sender frame is the top frame of its page. */
  isMainFrame: boolean;
}

export type InvokeDecision =
  | { kind: 'call'; method: DesktopMethodName; params: unknown }
  | { kind: 'refuse'; response: BridgeResponse };

const MAX_METHOD_LENGTH = 100;

function refuse(response: BridgeResponse): InvokeDecision {
  return { kind: 'refuse', response };
}

/** The sender check alone, also used before forwarding engine events to a page. */
export function isTrustedSender(sender: InvokeSender, windowContentsId: number): boolean {
  return (
    sender.contentsId === windowContentsId &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isAppIndexUrl(sender.frameUrl)
  );
}

export function decideInvoke(sender: InvokeSender, windowContentsId: number, request: unknown): InvokeDecision {
  if (!isTrustedSender(sender, windowContentsId)) {
    return refuse(bridgeFailure('unavailable', "refused: the request did not come from Porthole's own page"));
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return refuse(bridgeFailure('invalid_params', 'request is invalid: expected {method, params}'));
  }
  const { method, params } = request as { method?: unknown; params?: unknown };
  if (typeof method !== 'string' || method.length > MAX_METHOD_LENGTH) {
    return refuse(bridgeFailure('invalid_params', 'request is invalid: method must be a string'));
  }
  // isDesktopMethod checks own keys only, so `__proto__`, `constructor` and friends are unknown.
  if (!isDesktopMethod(method)) return refuse(bridgeFailure('unknown_method', `unknown method: ${method}`));
  const value = params === undefined ? {} : params;
  try {
    validator(DesktopMethods[method].params).parse(value, `params of ${method}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return refuse(bridgeFailure('invalid_params', err.message));
  }
  return { kind: 'call', method, params: value };
}
