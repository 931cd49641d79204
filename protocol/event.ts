// The webhook event as captured at the relay's door and carried to every device.
import { type Static, Type } from '@sinclair/typebox';
import { DoorFindings } from './endpoint-door.js';

/** One header line exactly as received: name with its case, in order, duplicates kept. */
export const HeaderPair = Type.Tuple([Type.String(), Type.String()]);
export type HeaderPair = Static<typeof HeaderPair>;

export const EventOutcome = Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]);
export type EventOutcome = Static<typeof EventOutcome>;

export const WireEvent = Type.Object(
  {
    id: Type.String({ description: 'evt_ + time-sortable id; stable across redeliveries' }),
    seq: Type.Integer({ minimum: 1, description: 'per-user sequence number, strictly increasing' }),
    endpointId: Type.String(),
    endpointName: Type.String(),
    method: Type.String(),
    path: Type.String({ description: 'the subpath after /h/{key}, starting with / (or empty)' }),
    query: Type.String({ description: 'the raw query string without ?, as sent' }),
    headers: Type.Array(HeaderPair),
    body: Type.String({ description: 'the exact body bytes, base64' }),
    bodySize: Type.Integer({ minimum: 0 }),
    sourceIp: Type.String(),
    receivedAt: Type.String({ description: 'ISO 8601 with milliseconds, relay clock' }),
    outcome: EventOutcome,
    rejectReason: Type.Optional(Type.String()),
    findings: Type.Optional(DoorFindings),
  },
  { additionalProperties: false },
);
export type WireEvent = Static<typeof WireEvent>;
