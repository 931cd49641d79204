// Porthole JSON fixtures: one object per event, headers as ordered [name, value] pairs, the
// body as UTF-8 text when it is text and base64 otherwise (`bodyEncoding` says which), so the
// exact bytes come back. The schema is what an import accepts.
import { type Static, Type } from '@sinclair/typebox';
import type { EventDetail } from '../desktop-api.js';
import { base64Encode } from '../signatures/base64.js';
import { bytesAsText } from './body-text.js';
import { eventBody } from './event-request.js';

export const FIXTURES_FORMAT = 'porthole.fixtures';

export const Fixture = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 100 })),
    endpoint: Type.Optional(Type.String({ maxLength: 100 })),
    receivedAt: Type.Optional(Type.String({ maxLength: 40 })),
    method: Type.String({ minLength: 1, maxLength: 20 }),
    path: Type.String({ maxLength: 4000 }),
    query: Type.String({ maxLength: 8000 }),
    headers: Type.Array(Type.Tuple([Type.String(), Type.String()]), { maxItems: 500 }),
    bodyEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
    body: Type.String(),
    bodySize: Type.Optional(Type.Integer({ minimum: 0 })),
    sourceIp: Type.Optional(Type.String({ maxLength: 100 })),
    replayOf: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    lastStatus: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { additionalProperties: true },
);
export type Fixture = Static<typeof Fixture>;

export const FixturesFile = Type.Object(
  {
    format: Type.Literal(FIXTURES_FORMAT),
    version: Type.Literal(1),
    exportedAt: Type.Optional(Type.String()),
    events: Type.Array(Fixture),
  },
  { additionalProperties: true },
);
export type FixturesFile = Static<typeof FixturesFile>;

export function toFixture(event: EventDetail): Fixture {
  const bytes = eventBody(event);
  const text = bytesAsText(bytes);
  return {
    id: event.id,
    endpoint: event.endpointName,
    receivedAt: event.receivedAt,
    method: event.method,
    path: event.path,
    query: event.query,
    headers: event.headers.map(([n, v]) => [n, v]),
    bodyEncoding: text !== null ? 'utf8' : 'base64',
    body: text ?? base64Encode(bytes),
    bodySize: bytes.length,
    sourceIp: event.sourceIp,
    replayOf: event.replayOf,
    lastStatus: event.lastStatus,
  };
}

export function toFixtures(events: readonly EventDetail[], now = new Date()): FixturesFile {
  return { format: FIXTURES_FORMAT, version: 1, exportedAt: now.toISOString(), events: events.map(toFixture) };
}
