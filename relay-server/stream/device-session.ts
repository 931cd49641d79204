// One device's event stream: resume from the client's cursor, send in order, keep at most a
// window of unacked events in flight (events are read from the store only when the window
// has room, so a slow client never grows relay memory), store cumulative acks durably.
import type { WebSocket } from 'ws';
import type { WireEvent } from '../../protocol/event.js';
import {
  type ClientMessage,
  ClientMessage as ClientMessageSchema,
  type RelayMessage,
  type RepeatMessage,
  type ResponseMessage,
  STREAM_PROTOCOL_VERSION,
  StreamCloseCode,
} from '../../protocol/relay-stream.js';
import { validator } from '../../protocol/validator.js';
import { passthroughResponse } from '../ingest/passthrough-response.js';
import type { PassthroughWaiters } from '../ingest/passthrough-waiters.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { DeviceRecord, RelayStore, StoredEventRecord } from '../store/relay-store.js';
import type { AckRecorder } from './ack-recorder.js';

const clientMessage = validator(ClientMessageSchema);

export interface StreamSettings {
  /** Max unacked events in flight per device. */
  window: number;
  /** Max unacked body bytes in flight per device (at least one event is always allowed). */
  windowBytes: number;
  heartbeatMs: number;
  helloTimeoutMs: number;
}

export function toWireEvent(e: StoredEventRecord): WireEvent {
  const wire: WireEvent = {
    id: e.id,
    seq: e.seq,
    endpointId: e.endpointId,
    endpointName: e.endpointName,
    method: e.method,
    path: e.path,
    query: e.query,
    headers: e.headers,
    body: e.body.toString('base64'),
    bodySize: e.body.length,
    sourceIp: e.sourceIp,
    receivedAt: new Date(e.receivedAt).toISOString(),
    outcome: e.outcome,
  };
  if (e.rejectReason) wire.rejectReason = e.rejectReason;
  if (e.findings) wire.findings = e.findings;
  return wire;
}

export class DeviceSession {
  private started = false;
  private alive = true;
  private sentSeq = 0;
  private ackedSeq = 0;
  /** Sent, not yet acked: seq, body size, receipt time. */
  private readonly inFlight: { seq: number; size: number; receivedAt: number }[] = [];
  private inFlightBytes = 0;
  private pumping = false;
  private pumpAgain = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    readonly device: DeviceRecord,
    private readonly ws: WebSocket,
    private readonly deps: {
      store: RelayStore;
      metrics: RelayMetrics;
      log: RelayLogger;
      settings: StreamSettings;
      acks: AckRecorder;
      waiters: PassthroughWaiters;
      now: () => number;
    },
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    // A peer that misses one whole interval is dropped at the next tick: within two intervals.
    this.heartbeat = setInterval(() => {
      if (!this.alive) {
        this.deps.log.info({ deviceId: device.id }, 'stream peer missed a heartbeat; dropping it');
        ws.terminate();
        return;
      }
      this.alive = false;
      ws.ping();
    }, deps.settings.heartbeatMs);
    this.helloTimer = setTimeout(() => {
      if (!this.started) this.fail('hello_timeout', 'no hello received in time');
    }, deps.settings.helloTimeoutMs);
  }

  /** New events were committed for this device's user. */
  notify() {
    if (this.started) void this.pump();
  }

  /** A stored event was redelivered; a session that has not said hello learns it with the event. */
  repeated(message: RepeatMessage) {
    if (this.started && !this.closed) this.send(message);
  }

  close(code: number, reason: string) {
    this.ws.close(code, reason);
  }

  dispose() {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.helloTimer);
    // Senders held for an answer from this stream need not wait for it any more.
    this.deps.waiters.streamGone(this);
  }

  private send(message: RelayMessage, cb?: (err?: Error) => void) {
    this.ws.send(JSON.stringify(message), cb);
  }

  private fail(code: string, message: string) {
    this.send({ type: 'error', code, message });
    this.ws.close(StreamCloseCode.protocolError, code);
  }

  private onMessage(data: import('ws').RawData, isBinary: boolean) {
    this.alive = true;
    if (isBinary) return this.fail('bad_message', 'messages are JSON text frames');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return this.fail('bad_message', 'message is not JSON');
    }
    let message: ClientMessage;
    try {
      message = clientMessage.parse(parsed, 'message');
    } catch (err) {
      return this.fail('bad_message', (err as Error).message);
    }
    void this.handle(message).catch((err: unknown) => {
      this.deps.log.error({ err, deviceId: this.device.id }, 'stream message failed');
      this.ws.close(1011, 'internal error');
    });
  }

  private async handle(message: ClientMessage) {
    if (message.type === 'hello') {
      if (this.started) return this.fail('bad_message', 'hello was already sent');
      this.started = true;
      clearTimeout(this.helloTimer);
      if ((message.version ?? STREAM_PROTOCOL_VERSION) > STREAM_PROTOCOL_VERSION) {
        return this.fail('unsupported_version', `this relay speaks stream version ${STREAM_PROTOCOL_VERSION}`);
      }
      const user = await this.deps.store.getUser(this.device.userId);
      const latestSeq = user?.lastSeq ?? 0;
      if (message.cursor > latestSeq) {
        // The client has events this relay never had: its data dir was replaced or reset.
        return this.fail(
          'cursor_ahead',
          `cursor ${message.cursor} is beyond this relay's latest seq ${latestSeq}; was the relay's data reset?`,
        );
      }
      this.sentSeq = message.cursor;
      this.ackedSeq = message.cursor;
      this.send({
        type: 'welcome',
        version: STREAM_PROTOCOL_VERSION,
        userId: this.device.userId,
        deviceId: this.device.id,
        window: this.deps.settings.window,
        heartbeatMs: this.deps.settings.heartbeatMs,
        latestSeq,
        oldestSeq: await this.deps.store.oldestSeq(this.device.userId),
      });
      if (message.cursor > this.device.ackedSeq) this.deps.acks.record(this.device.id, message.cursor);
      return this.pump();
    }
    if (!this.started) return this.fail('bad_message', 'send hello first');
    if (message.type === 'response') return this.answer(message);
    if (message.type === 'no_response') {
      return this.deps.waiters.decline(message.eventId, this.device.userId, this, message.reason);
    }
    if (message.seq > this.sentSeq) return this.fail('bad_ack', `ack ${message.seq} is beyond the last sent seq`);
    if (message.seq <= this.ackedSeq) return;
    this.ackedSeq = message.seq;
    const now = this.deps.now();
    while (this.inFlight.length > 0 && this.inFlight[0]!.seq <= message.seq) {
      const acked = this.inFlight.shift()!;
      this.inFlightBytes -= acked.size;
      this.deps.metrics.delivered(acked.receivedAt, now);
    }
    this.deps.acks.record(this.device.id, message.seq);
    return this.pump();
  }

  /** A passthrough answer: passed to the held sender, or counted as ignored. Never a stream error. */
  private answer(message: ResponseMessage) {
    const response = passthroughResponse(message);
    if (typeof response === 'string') {
      this.deps.log.debug(
        { eventId: message.eventId, deviceId: this.device.id, problem: response },
        'passthrough answer unusable',
      );
      return this.deps.waiters.decline(message.eventId, this.device.userId, this, response);
    }
    this.deps.waiters.answer(message.eventId, this.device.userId, response);
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (!this.closed && this.hasRoom()) {
          const { window } = this.deps.settings;
          // Within a stretched window (see hasRoom) the room is what is left of twice the window.
          const room =
            this.inFlight.length < window ? window - this.inFlight.length : 2 * window - this.inFlight.length;
          const batch = await this.deps.store.readEvents(this.device.userId, this.sentSeq, room);
          if (batch.length === 0) break;
          for (const event of batch) {
            if (this.closed || !this.hasRoom()) break;
            // A held sender: tell the client first, so it knows to answer this event.
            const holding = this.deps.waiters.ask(event.id, this);
            if (holding !== null) this.send({ type: 'awaiting', eventId: event.id, timeoutMs: holding });
            this.send({ type: 'event', event: toWireEvent(event) });
            if (event.repeats) {
              this.send({
                type: 'repeat',
                eventId: event.id,
                repeats: event.repeats,
                lastRepeatAt: new Date(event.lastRepeatAt ?? event.receivedAt).toISOString(),
              });
            }
            this.sentSeq = event.seq;
            this.inFlight.push({ seq: event.seq, size: event.body.length, receivedAt: event.receivedAt });
            this.inFlightBytes += event.body.length;
          }
        }
      } while (this.pumpAgain && !this.closed);
    } finally {
      this.pumping = false;
    }
  }

  private hasRoom(): boolean {
    if (this.inFlight.length === 0) return true;
    const { window, windowBytes } = this.deps.settings;
    if (this.inFlight.length < window && this.inFlightBytes < windowBytes) return true;
    // A held passthrough sender must not wait behind a full window: stretch it, at most to
    // twice its size, so memory stays bounded and a short backlog does not cost the answer.
    return (
      this.inFlight.length < 2 * window &&
      this.inFlightBytes < 2 * windowBytes &&
      this.deps.waiters.waitingAfter(this.device.userId, this.sentSeq)
    );
  }
}
