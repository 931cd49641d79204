// The engine's stream from its relay: hello from the stored cursor, commit each batch of
// events locally, then ack; reconnect with backoff and jitter after any drop. Duplicates
// (redelivered after a lost ack) are dropped by the local store, by event id.
import WebSocket from 'ws';
import type { RelayStatus } from '../../protocol/desktop-api.js';
import type { WireEvent } from '../../protocol/event.js';
import {
  type ClientMessage,
  RelayMessage,
  type RepeatMessage,
  STREAM_PROTOCOL_VERSION,
} from '../../protocol/relay-stream.js';
import { validator } from '../../protocol/validator.js';
import { Backoff } from './backoff.js';

const relayMessage = validator(RelayMessage);
/** Bodies up to 64 MiB travel base64-encoded inside one message. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

const EARLY_REPEAT_TTL_MS = 10 * 60_000;
const MAX_EARLY_REPEATS = 10_000;

export interface RelayConnectionOptions {
  relayUrl: string;
  token: string;
  embedded: boolean;
  /** The highest seq committed locally. */
  cursor: () => number;
  /**
   * Commits the events (with the new cursor) and returns once durable. `awaiting` holds the
   * events whose sender the relay holds for an answer, with the time (engine clock) it stops;
   * `repeats` the relay's repeat counts that arrived with them (possibly for earlier events).
   * Returns the repeats of events not stored yet, to be tried again with the next commits.
   */
  commit: (
    events: WireEvent[],
    awaiting: ReadonlyMap<string, number>,
    repeats: readonly RepeatMessage[],
  ) => { early: readonly RepeatMessage[] } | undefined;
  now?: () => number;
  /** The relay has no events up to our cursor: its data was reset. */
  resetCursor: () => void;
  onStatus: (status: RelayStatus) => void;
  log?: (message: string) => void;
}

export class RelayConnection {
  private ws: WebSocket | null = null;
  private readonly backoff = new Backoff();
  private reconnectTimer: NodeJS.Timeout | null = null;
  private livenessTimer: NodeJS.Timeout | null = null;
  private pending: WireEvent[] = [];
  /** Events the relay said it holds a sender for (`awaiting`), until their event arrives. */
  private awaiting = new Map<string, number>();
  /** Repeat counts, applied with the next commit: the event they name may still be pending. */
  private repeats: RepeatMessage[] = [];
  /**
   * Repeats that named an event not stored yet: the relay tells connected devices at once, and
   * the event itself may still be on its way. Kept (the latest per event) until it is stored.
   */
  private early = new Map<string, { message: RepeatMessage; at: number }>();
  private commitScheduled = false;
  private stopped = false;
  private heartbeatMs = 15_000;
  private latestSeq = 0;
  private status: RelayStatus;

  constructor(private readonly options: RelayConnectionOptions) {
    this.status = {
      state: 'connecting',
      relayUrl: options.relayUrl,
      embedded: options.embedded,
      cursor: options.cursor(),
      backlog: 0,
      lastError: null,
      connectedAt: null,
    };
  }

  current(): RelayStatus {
    return { ...this.status, cursor: this.options.cursor() };
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  async stop() {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.livenessTimer) clearTimeout(this.livenessTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1000, 'engine stopping');
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1000).unref();
      });
    }
  }

  /** Sends a message on the open stream; dropped when there is none (the relay then times out). */
  send(message: ClientMessage) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private setStatus(patch: Partial<RelayStatus>) {
    this.status = { ...this.status, ...patch, cursor: this.options.cursor() };
    this.options.onStatus(this.current());
  }

  private connect() {
    if (this.stopped) return;
    this.setStatus({ state: 'connecting' });
    const url = `${this.options.relayUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/connect`;
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.options.token}` },
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.ws = ws;
    let refused: string | null = null;
    ws.on('unexpected-response', (_req, res) => {
      refused =
        res.statusCode === 401
          ? 'the relay refused this device token (revoked?); pair again'
          : `the relay answered ${res.statusCode} to the stream request`;
      ws.terminate();
    });
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'hello', cursor: this.options.cursor(), version: STREAM_PROTOCOL_VERSION }));
      this.expectLife();
    });
    ws.on('ping', () => this.expectLife());
    ws.on('message', (data) => this.onMessage(ws, data.toString()));
    ws.on('error', (err) => {
      this.setStatus({ lastError: err.message });
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.livenessTimer) clearTimeout(this.livenessTimer);
      if (this.stopped) return;
      const why = refused ?? (reason.length ? reason.toString() : `stream closed (${code})`);
      this.setStatus({ state: 'disconnected', lastError: why, connectedAt: null });
      // A refused token will not start working by itself: retry slowly, not in a tight loop.
      const delay = refused?.includes('token') ? 60_000 : this.backoff.next();
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  /** A relay that stops pinging for two and a half intervals is gone: reconnect. */
  private expectLife() {
    if (this.livenessTimer) clearTimeout(this.livenessTimer);
    this.livenessTimer = setTimeout(() => this.ws?.terminate(), this.heartbeatMs * 2.5);
  }

  private onMessage(ws: WebSocket, text: string) {
    let message: RelayMessage;
    try {
      message = relayMessage.parse(JSON.parse(text), 'relay message');
    } catch (err) {
      this.options.log?.(`ignoring a bad relay message: ${(err as Error).message}`);
      return;
    }
    if (message.type === 'welcome') {
      this.heartbeatMs = message.heartbeatMs;
      this.latestSeq = message.latestSeq;
      this.backoff.reset();
      this.expectLife();
      this.setStatus({
        state: 'connected',
        lastError: null,
        connectedAt: new Date().toISOString(),
        backlog: Math.max(0, message.latestSeq - this.options.cursor()),
      });
    } else if (message.type === 'awaiting') {
      const now = (this.options.now ?? Date.now)();
      // Notes whose event never came (the stream dropped) are forgotten once past their time.
      for (const [id, deadline] of this.awaiting) if (deadline < now) this.awaiting.delete(id);
      this.awaiting.set(message.eventId, now + message.timeoutMs);
    } else if (message.type === 'event') {
      this.pending.push(message.event);
      this.latestSeq = Math.max(this.latestSeq, message.event.seq);
      this.scheduleCommit(ws);
    } else if (message.type === 'repeat') {
      this.repeats.push(message);
      this.scheduleCommit(ws);
    } else if (message.type === 'error') {
      if (message.code === 'cursor_ahead') this.options.resetCursor();
      this.setStatus({ lastError: `${message.code}: ${message.message}` });
    }
  }

  private keepEarly(repeats: readonly RepeatMessage[]) {
    const now = (this.options.now ?? Date.now)();
    for (const r of repeats) {
      const kept = this.early.get(r.eventId);
      if (!kept || kept.message.repeats < r.repeats) this.early.set(r.eventId, { message: r, at: now });
    }
    // Bounded: a repeat whose event never comes (removed at the relay) is dropped after a while.
    for (const [id, e] of this.early)
      if (now - e.at > EARLY_REPEAT_TTL_MS || this.early.size > MAX_EARLY_REPEATS) this.early.delete(id);
  }

  private scheduleCommit(ws: WebSocket) {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    // Events that arrive together are committed together, then acked once.
    setImmediate(() => this.commitPending(ws));
  }

  private commitPending(ws: WebSocket) {
    this.commitScheduled = false;
    const batch = this.pending;
    const repeats = this.repeats;
    this.pending = [];
    this.repeats = [];
    if (batch.length === 0 && repeats.length === 0) return;
    // Earlier repeats whose event was not stored yet get another chance with each batch.
    if (this.early.size > 0 && batch.length > 0) {
      repeats.unshift(...[...this.early.values()].map((e) => e.message));
      this.early.clear();
    }
    const awaiting = new Map<string, number>();
    for (const e of batch) {
      const deadline = this.awaiting.get(e.id);
      if (deadline === undefined) continue;
      awaiting.set(e.id, deadline);
      this.awaiting.delete(e.id);
    }
    try {
      const result = this.options.commit(batch, awaiting, repeats);
      this.keepEarly(result?.early ?? []);
    } catch (err) {
      // Not committed, so not acked: the relay sends these again after a reconnect.
      this.options.log?.(`could not store events: ${(err as Error).message}`);
      ws.terminate();
      return;
    }
    if (batch.length === 0) return;
    const cursor = this.options.cursor();
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ack', seq: cursor }));
    this.setStatus({ backlog: Math.max(0, this.latestSeq - cursor) });
  }
}
