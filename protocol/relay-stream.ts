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
export const ClientMessage = Type.Union([HelloMessage, AckMessage]);
export type HelloMessage = Static<typeof HelloMessage>;
export type AckMessage = Static<typeof AckMessage>;
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
export const RelayMessage = Type.Union([WelcomeMessage, EventMessage, StreamErrorMessage]);
export type WelcomeMessage = Static<typeof WelcomeMessage>;
export type EventMessage = Static<typeof EventMessage>;
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
