// Browser mode: the DesktopApi over the engine's loopback WebSocket at /api on the page's
// own origin, with the session token the engine put in the page's fragment (#token=...).
// Same envelope as app/desktop-api/ws-client.ts: {id, method, params} answered by
// {id, ok, data|error}; pushed events are {event, data}.
import { ListenerSet } from './listener-set.js';
import {
  ApiError,
  type ConnectionState,
  type DesktopErrorCode,
  type DesktopEventData,
  type DesktopEventName,
  type DesktopMethodName,
  type DesktopParams,
  type DesktopResult,
  type PortholeApi,
} from './porthole-api.js';

interface PendingCall {
  resolve(data: unknown): void;
  reject(err: Error): void;
}

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token');
}

export function apiSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?${new URLSearchParams({ token })}`;
}

/** Resolves once the first connection is open; later drops reconnect on their own. */
export function connectWebSocketApi(url: string): Promise<PortholeApi> {
  const events = new ListenerSet();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, PendingCall>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'reconnecting';
  let attempts = 0;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    for (const listener of [...connectionListeners]) listener(next);
  };

  const onMessage = (message: MessageEvent) => {
    if (typeof message.data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.data);
    } catch {
      return; // The engine only sends JSON.
    }
    if (typeof parsed !== 'object' || parsed === null) return;
    if ('event' in parsed) {
      const { event, data } = parsed as { event: string; data: unknown };
      events.emit(event, data);
      return;
    }
    const response = parsed as {
      id?: unknown;
      ok?: boolean;
      data?: unknown;
      error?: { code: string; message: string };
    };
    if (typeof response.id !== 'number') return;
    const call = pending.get(response.id);
    if (!call) return;
    pending.delete(response.id);
    if (response.ok) call.resolve(response.data);
    else call.reject(new ApiError(response.error?.code as DesktopErrorCode, response.error?.message ?? 'failed'));
  };

  const open = (onFirstOpen?: () => void, onFirstFail?: (err: Error) => void) => {
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      attempts = 0;
      setState('open');
      onFirstOpen?.();
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      const gone = new ApiError('unavailable', 'the connection to the engine closed');
      for (const call of pending.values()) call.reject(gone);
      pending.clear();
      if (!opened && onFirstFail) {
        onFirstFail(
          new ApiError('unavailable', 'could not connect to the engine (is it running, is the token current?)'),
        );
        setState('closed');
        return;
      }
      setState('reconnecting');
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts++, RECONNECT_DELAYS_MS.length - 1)];
      setTimeout(() => open(), delay);
    });
  };

  const api: PortholeApi = {
    get connection() {
      return state;
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    invoke<M extends DesktopMethodName>(method: M, params: DesktopParams<M>): Promise<DesktopResult<M>> {
      const ws = socket;
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        return Promise.reject(new ApiError('unavailable', 'not connected to the engine'));
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: (data) => resolve(data as DesktopResult<M>), reject });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    on<E extends DesktopEventName>(event: E, listener: (data: DesktopEventData<E>) => void): () => void {
      return events.add(event, listener);
    },
  };

  return new Promise((resolve, reject) => open(() => resolve(api), reject));
}
