// A DesktopApi client over the engine's loopback WebSocket, for Node callers (the CLI
// attaching to a running engine, tests). The renderer has its own browser-side client.

import { type RawData, WebSocket } from 'ws';
import {
  type DesktopApi,
  DesktopApiError,
  type DesktopErrorCode,
  type DesktopEventData,
  type DesktopEventName,
  type DesktopMethodName,
  type DesktopParams,
  type DesktopResult,
  isDesktopEvent,
} from '../../protocol/desktop-api.js';
import { DesktopEventBus } from './event-bus.js';

export type DesktopApiConnection = DesktopApi & { close(): Promise<void> };

/** The engine answered the WebSocket upgrade with an HTTP status instead (401 bad token, 403 ...). */
export class DesktopApiConnectError extends Error {
  constructor(readonly status: number) {
    super(`the engine refused the connection: HTTP ${status}`);
    this.name = 'DesktopApiConnectError';
  }
}

/** Responses carry whole event bodies (25 MB as base64 and more); matches the server's limit. */
const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;

interface PendingCall {
  resolve(data: unknown): void;
  reject(err: Error): void;
}

/** `url` is the engine's http base, e.g. http://127.0.0.1:PORT. */
export async function connectDesktopApi(url: string, token: string): Promise<DesktopApiConnection> {
  const ws = await openSocket(apiSocketUrl(url, token));
  const pending = new Map<number, PendingCall>();
  const events = new DesktopEventBus();
  let nextId = 1;

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(rawDataToString(data));
    } catch {
      return; // The engine only sends JSON; nothing sensible to do with anything else.
    }
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) {
      const { event, data: payload } = message as { event: unknown; data: unknown };
      if (typeof event === 'string' && isDesktopEvent(event)) {
        events.emit(event, payload as DesktopEventData<typeof event>);
      }
      return;
    }
    const response = message as {
      id?: unknown;
      ok?: unknown;
      data?: unknown;
      error?: { code: string; message: string };
    };
    if (typeof response.id !== 'number') return; // id null: the engine could not read a request of ours.
    const call = pending.get(response.id);
    if (!call) return;
    pending.delete(response.id);
    if (response.ok === true) call.resolve(response.data);
    else call.reject(new DesktopApiError(response.error?.code as DesktopErrorCode, response.error?.message ?? ''));
  });

  const closed = new Promise<void>((resolve) => {
    ws.once('close', () => {
      const gone = new DesktopApiError('unavailable', 'the connection to the engine closed');
      for (const call of pending.values()) call.reject(gone);
      pending.clear();
      resolve();
    });
  });
  // 'close' follows every error; this listener only keeps 'error' from being unhandled.
  ws.on('error', () => {});

  return {
    invoke<M extends DesktopMethodName>(method: M, params: DesktopParams<M>): Promise<DesktopResult<M>> {
      if (ws.readyState !== WebSocket.OPEN) {
        return Promise.reject(new DesktopApiError('unavailable', 'the connection to the engine is closed'));
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: (data) => resolve(data as DesktopResult<M>), reject });
        ws.send(JSON.stringify({ id, method, params }), (err) => {
          if (!err || !pending.delete(id)) return;
          reject(new DesktopApiError('unavailable', `could not send to the engine: ${err.message}`));
        });
      });
    },
    on<E extends DesktopEventName>(event: E, listener: (data: DesktopEventData<E>) => void): () => void {
      return events.on(event, listener);
    },
    close() {
      if (ws.readyState !== WebSocket.CLOSED) ws.close(1000);
      return closed;
    },
  };
}

function apiSocketUrl(httpBase: string, token: string): string {
  const url = new URL('/api', httpBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ token }).toString();
  return url.toString();
}

/** Resolves once open; an HTTP answer instead of the upgrade becomes DesktopApiConnectError. */
function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // No `origin` option: ws then sends no Origin header, as a non-browser client should.
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES, followRedirects: false });
    const fail = (err: Error) => {
      ws.off('open', onOpen);
      reject(err);
    };
    const onOpen = () => {
      ws.off('error', fail);
      ws.off('unexpected-response', onRefused);
      resolve(ws);
    };
    const onRefused = (_req: unknown, res: { statusCode?: number; resume(): void }) => {
      res.resume();
      fail(new DesktopApiConnectError(res.statusCode ?? 0));
      ws.on('error', () => {}); // terminate() below reports the aborted handshake; already handled.
      ws.terminate();
    };
    ws.once('open', onOpen);
    ws.once('error', fail);
    ws.once('unexpected-response', onRefused);
  });
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
