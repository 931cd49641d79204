// Porthole JSON fixtures (the file, or a bare array of fixtures) and NDJSON lines (fixtures, or
// events in full as `porthole events export` prints them, body in base64) into requests.
import { Type } from '@sinclair/typebox';
import { base64Decode } from '../../signatures/base64.js';
import { validator } from '../../validator.js';
import { FIXTURES_FORMAT, Fixture, FixturesFile } from '../fixtures.js';
import { type ImportedRequest, parseOrImportError } from './imported-request.js';

/** An event as NDJSON carries it: like a fixture, with the body always base64. */
const EventLine = Type.Object(
  {
    method: Fixture.properties.method,
    path: Fixture.properties.path,
    query: Fixture.properties.query,
    headers: Fixture.properties.headers,
    body: Type.String(),
    endpointName: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: true },
);

const checkFixturesFile = validator(FixturesFile);
const checkFixtureList = validator(Type.Array(Fixture));
const checkFixture = validator(Fixture);
const checkEventLine = validator(EventLine);

function decodeBody(encoding: 'utf8' | 'base64', body: string): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(body);
  const bytes = base64Decode(body);
  if (!bytes) throw new Error('the body is not base64');
  return bytes;
}

function fromFixture(f: Fixture): ImportedRequest {
  const body = decodeBody(f.bodyEncoding, f.body);
  if (f.bodySize !== undefined && f.bodySize !== body.length) {
    throw new Error(`the body has ${body.length} bytes, bodySize says ${f.bodySize}`);
  }
  return {
    method: f.method,
    path: f.path,
    query: f.query,
    headers: f.headers.map(([n, v]) => [n, v]),
    body,
    endpoint: f.endpoint ?? null,
  };
}

export function isFixtures(value: unknown): boolean {
  return (
    Array.isArray(value) ||
    (typeof value === 'object' && value !== null && (value as { format?: unknown }).format === FIXTURES_FORMAT)
  );
}

export function fixtureRequests(value: unknown): { where: string; read: () => ImportedRequest }[] {
  const fixtures = Array.isArray(value)
    ? parseOrImportError(checkFixtureList, value, 'the fixtures')
    : parseOrImportError(checkFixturesFile, value, 'the fixtures file').events;
  return fixtures.map((f, i) => ({ where: `fixture ${i + 1}`, read: () => fromFixture(f) }));
}

/** One NDJSON line's object: a fixture, or an event in full. */
export function lineRequest(value: unknown, where: string): ImportedRequest {
  if (typeof value === 'object' && value !== null && 'bodyEncoding' in value) {
    return fromFixture(parseOrImportError(checkFixture, value, where));
  }
  const line = parseOrImportError(checkEventLine, value, where);
  return fromFixture({ ...line, bodyEncoding: 'base64', endpoint: line.endpointName });
}
