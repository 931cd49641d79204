// A minimal client of the relay's event stream for tests: hello with a cursor, collect
// events, ack on demand or automatically. The desktop engine has its own, fuller client.
import WebSocket from 'ws';
import type { WireEvent } from '../../protocol/event.js';
import type { RelayMessage, WelcomeMessage } from '../../protocol/relay-stream.js';

export interface StreamClient {
  ws: WebSocket;
  welcome: WelcomeMessage;
  events: WireEvent[];
  ack(seq: number): void;
  /** Resolves once at least `count` events have arrived (rejects after timeoutMs). */
  waitForEvents(count: number, timeoutMs?: number): Promise<WireEvent[]>;
  close(): Promise<void>;
}

export function connectStream(
  relayUrl: string,
  token: string,
  options: { cursor?: number; autoAck?: boolean } = {},
): Promise<StreamClient> {
  const ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/connect`, {
    headers: { authorization: `Bearer ${token}` },
    maxPayload: 64 * 1024 * 1024,
  });
  const events: WireEvent[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', cursor: options.cursor ?? 0 })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as RelayMessage;
      if (message.type === 'welcome') {
        resolve(client(message));
      } else if (message.type === 'event') {
        events.push(message.event);
        if (options.autoAck) ws.send(JSON.stringify({ type: 'ack', seq: message.event.seq }));
        for (const w of [...waiters]) {
          if (events.length >= w.count) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      } else if (message.type === 'error') {
        reject(new Error(`${message.code}: ${message.message}`));
      }
    });
  });

  function client(welcome: WelcomeMessage): StreamClient {
    return {
      ws,
      welcome,
      events,
      ack(seq) {
        ws.send(JSON.stringify({ type: 'ack', seq }));
      },
      waitForEvents(count, timeoutMs = 15_000) {
        if (events.length >= count) return Promise.resolve(events);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`timed out waiting for ${count} events; have ${events.length}`)),
            timeoutMs,
          );
          waiters.push({
            count,
            resolve: () => {
              clearTimeout(timer);
              resolve(events);
            },
          });
        });
      },
      close() {
        if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
        return new Promise((resolve) => {
          ws.once('close', () => resolve());
          ws.close();
        });
      },
    };
  }
}
