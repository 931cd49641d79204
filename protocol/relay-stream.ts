// Messages on the relay's event stream (`WS /connect`). JSON text frames, one message each.
import { type Static, Type } from '@sinclair/typebox';
import { WireEvent } from './event.js';

export const STREAM_PROTOCOL_VERSION = 1;

// Client -> relay
export const HelloMessage = Type.Object(
  {
    type: Type.Literal('hello'),
    cursor: Type.Integer({ minimum: 0, description: 'highest seq the client has committed locally' }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const AckMessage = Type.Object(
  {
    type: Type.Literal('ack'),
    seq: Type.Integer({ minimum: 0, description: 'cumulative: every event up to seq is committed' }),
  },
  { additionalProperties: false },
);

/**
 * Passthrough: what a client may answer for a held sender. The body is capped at 1 MiB
 * decoded; headers are bounded so the whole message stays well under the relay's limit.
 */
export const PASSTHROUGH_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  maxHeaders: 100,
  maxHeaderNameLength: 256,
  maxHeaderValueLength: 8192,
} as const;
const EventId = Type.String({ minLength: 1, maxLength: 64 });
/** The local service's answer to an event the relay marked `awaiting`, for the held sender. */
export const ResponseMessage = Type.Object(
  {
    type: Type.Literal('response'),
    eventId: EventId,
    status: Type.Integer({ minimum: 100, maximum: 599, description: 'only 200..599 is sent on' }),
    headers: Type.Array(
      Type.Tuple([
        Type.String({ minLength: 1, maxLength: PASSTHROUGH_LIMITS.maxHeaderNameLength }),
        Type.String({ maxLength: PASSTHROUGH_LIMITS.maxHeaderValueLength }),
      ]),
      { maxItems: PASSTHROUGH_LIMITS.maxHeaders },
    ),
    body: Type.String({
      maxLength: Math.ceil(PASSTHROUGH_LIMITS.maxBodyBytes / 3) * 4,
      description: 'the response body, base64; at most 1 MiB decoded',
    }),
  },
  { additionalProperties: false },
);
/**
 * This client will not answer an `awaiting` event (no target, the local service failed, its
 * answer is too large). Once every client that was asked declined, the sender gets the fallback.
 */
export const NoResponseMessage = Type.Object(
  {
    type: Type.Literal('no_response'),
    eventId: EventId,
    reason: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);
export const ClientMessage = Type.Union([HelloMessage, AckMessage, ResponseMessage, NoResponseMessage]);
export type HelloMessage = Static<typeof HelloMessage>;
export type AckMessage = Static<typeof AckMessage>;
export type ResponseMessage = Static<typeof ResponseMessage>;
export type NoResponseMessage = Static<typeof NoResponseMessage>;
export type ClientMessage = Static<typeof ClientMessage>;

// Relay -> client
export const WelcomeMessage = Type.Object(
  {
    type: Type.Literal('welcome'),
    version: Type.Integer(),
    userId: Type.String(),
    deviceId: Type.String(),
    window: Type.Integer({ minimum: 1, description: 'max unacked events in flight' }),
    heartbeatMs: Type.Integer({ minimum: 1 }),
    latestSeq: Type.Integer({ minimum: 0 }),
    oldestSeq: Type.Integer({
      minimum: 0,
      description: 'lowest seq still buffered (0 when empty); a cursor below oldestSeq-1 means events expired',
    }),
  },
  { additionalProperties: false },
);
export const EventMessage = Type.Object(
  { type: Type.Literal('event'), event: WireEvent },
  { additionalProperties: false },
);
export const StreamErrorMessage = Type.Object(
  { type: Type.Literal('error'), code: Type.String(), message: Type.String() },
  { additionalProperties: false },
);
/**
 * Sent right before an event whose sender is held (passthrough): the relay waits up to
 * `timeoutMs` for a `response` (or `no_response`). A separate message rather than a field on
 * the event, because clients validate events strictly and ignore message types they do not know.
 */
export const AwaitingMessage = Type.Object(
  {
    type: Type.Literal('awaiting'),
    eventId: Type.String(),
    timeoutMs: Type.Integer({ minimum: 0, description: 'how much longer the sender is held' }),
  },
  { additionalProperties: false },
);
/**
 * A provider redelivered an event the relay had stored (dedupe): the event's repeat count
 * now. Sent to the user's streams when a redelivery arrives, and right after an `event`
 * that was repeated before it was sent. A message of its own for the same reason as
 * `awaiting`; it may name an event the client has not committed yet.
 */
export const RepeatMessage = Type.Object(
  {
    type: Type.Literal('repeat'),
    eventId: Type.String(),
    repeats: Type.Integer({ minimum: 1, description: 'redeliveries stored as this one event so far' }),
    lastRepeatAt: Type.String({ description: 'ISO 8601, relay clock: when the latest redelivery arrived' }),
  },
  { additionalProperties: false },
);
export const RelayMessage = Type.Union([
  WelcomeMessage,
  EventMessage,
  AwaitingMessage,
  RepeatMessage,
  StreamErrorMessage,
]);
export type WelcomeMessage = Static<typeof WelcomeMessage>;
export type EventMessage = Static<typeof EventMessage>;
export type AwaitingMessage = Static<typeof AwaitingMessage>;
export type RepeatMessage = Static<typeof RepeatMessage>;
export type StreamErrorMessage = Static<typeof StreamErrorMessage>;
export type RelayMessage = Static<typeof RelayMessage>;

/** WebSocket close codes the relay uses, beside the standard ones. */
export const StreamCloseCode = {
  /** The device token was revoked while connected. */
  revoked: 4001,
  /** The client broke the protocol (bad JSON, unknown message, ack beyond what was sent). */
  protocolError: 4002,
  /** The relay is shutting down; reconnect later. */
  goingAway: 1001,
} as const;
