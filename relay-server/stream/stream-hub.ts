// `WS /connect`: authenticates the device at the upgrade, then runs a DeviceSession per
// socket. Committed events wake every session of their user (fan-out to all devices).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { type RepeatMessage, StreamCloseCode } from '../../protocol/relay-stream.js';
import { authenticateDevice } from '../accounts/device-tokens.js';
import { bearerToken } from '../http/api-context.js';
import type { PassthroughWaiters } from '../ingest/passthrough-waiters.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { RelayStore, RepeatedEvent } from '../store/relay-store.js';
import { AckRecorder } from './ack-recorder.js';
import { DeviceSession, type StreamSettings } from './device-session.js';

/**
 * Clients send hello, ack and passthrough answers (a body of at most 1 MiB, base64, plus
 * bounded headers, about 1.5 MiB): anything near these sizes is abuse.
 */
const MAX_CLIENT_MESSAGE_BYTES = 2 * 1024 * 1024;
const MAX_CLIENT_MESSAGE_FRAGMENTS = 16;
const MAX_BUFFERED_CHUNKS = 1024;
/** How long acks may wait before they are written together. */
const ACK_WRITE_INTERVAL_MS = 50;

export class StreamHub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    maxFragments: MAX_CLIENT_MESSAGE_FRAGMENTS,
    maxBufferedChunks: MAX_BUFFERED_CHUNKS,
    perMessageDeflate: false,
    clientTracking: true,
  });
  private readonly byUser = new Map<string, Set<DeviceSession>>();
  private readonly acks: AckRecorder;

  constructor(
    private readonly deps: {
      store: RelayStore;
      metrics: RelayMetrics;
      log: RelayLogger;
      settings: StreamSettings;
      waiters: PassthroughWaiters;
      now: () => number;
    },
  ) {
    this.acks = new AckRecorder({ store: deps.store, log: deps.log, now: deps.now, intervalMs: ACK_WRITE_INTERVAL_MS });
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const reject = (status: number, code: string, message: string) => {
      const body = JSON.stringify({ error: { code, message } });
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== '/connect') return reject(404, 'not_found', 'WebSocket streams live at /connect');
    const token = bearerToken(req.headers.authorization);
    const device = token ? await authenticateDevice(this.deps.store, token) : null;
    if (!device) return reject(401, 'unauthorized', 'a valid device token is required (Authorization: Bearer ...)');
    await this.deps.store.touchDevice(device.id, this.deps.now());
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new DeviceSession(device, ws, { ...this.deps, acks: this.acks });
      let sessions = this.byUser.get(device.userId);
      if (!sessions) {
        sessions = new Set();
        this.byUser.set(device.userId, sessions);
      }
      sessions.add(session);
      this.deps.metrics.deviceConnected(1);
      this.deps.log.info({ deviceId: device.id, userId: device.userId }, 'device connected');
      ws.on('close', () => {
        session.dispose();
        void this.acks.flush();
        sessions.delete(session);
        if (sessions.size === 0) this.byUser.delete(device.userId);
        this.deps.metrics.deviceConnected(-1);
        this.deps.log.info({ deviceId: device.id }, 'device disconnected');
      });
      ws.on('error', (err) => this.deps.log.warn({ err, deviceId: device.id }, 'stream socket error'));
    });
  }

  /** Wakes the sessions of every user with a newly committed event; they read it from the store. */
  committed(events: readonly { userId: string }[]) {
    const users = new Set<string>();
    for (const e of events) users.add(e.userId);
    for (const userId of users) for (const s of this.byUser.get(userId) ?? []) s.notify();
  }

  /** Tells every stream of the user that a stored event was redelivered (its count now). */
  repeated(userId: string, event: RepeatedEvent) {
    const sessions = this.byUser.get(userId);
    if (!sessions) return;
    const message: RepeatMessage = {
      type: 'repeat',
      eventId: event.id,
      repeats: event.repeats,
      lastRepeatAt: new Date(event.lastRepeatAt ?? this.deps.now()).toISOString(),
    };
    for (const s of sessions) s.repeated(message);
  }

  isConnected(deviceId: string): boolean {
    for (const sessions of this.byUser.values()) for (const s of sessions) if (s.device.id === deviceId) return true;
    return false;
  }

  /** Closes the streams of a device whose token was just revoked. */
  revoked(deviceId: string) {
    for (const sessions of this.byUser.values()) {
      for (const s of sessions) if (s.device.id === deviceId) s.close(StreamCloseCode.revoked, 'device revoked');
    }
  }

  async close() {
    for (const client of this.wss.clients) client.close(StreamCloseCode.goingAway, 'relay shutting down');
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        for (const client of this.wss.clients) client.terminate();
        resolve();
      }, 2000);
      const check = () => {
        if (this.wss.clients.size === 0) {
          clearTimeout(deadline);
          resolve();
        } else setTimeout(check, 20);
      };
      check();
    });
    this.wss.close();
    await this.acks.flush();
  }
}
