// How a field's value is read from an event. The engine's SQL functions call these same
// functions, so a header or query parameter means one thing to both back ends.
import type { BodyPathSegment } from './filter-ast.js';

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Every line of the header (names compared without ASCII case), joined with ", " as HTTP
 * combines repeated fields; null when the event has no such header.
 */
export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | null {
  const wanted = asciiLower(name);
  const values = headers.filter(([n]) => asciiLower(n) === wanted).map(([, v]) => v);
  return values.length ? values.join(', ') : null;
}

/** The first value of the query parameter, decoded as a form would (`+` is a space); null when absent. */
export function queryParam(query: string, name: string): string | null {
  return new URLSearchParams(query).get(name);
}

/** No value at this body path (not JSON, or a key or index the body does not have). */
export const MISSING = Symbol('missing');
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// ignoreBOM keeps a byte order mark, which makes the body not JSON, as SQLite's json_valid says.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The body parsed as JSON, or MISSING when it is not JSON. */
export function parseJsonBody(body: Uint8Array): JsonValue | typeof MISSING {
  if (body.length === 0) return MISSING;
  try {
    return JSON.parse(utf8.decode(body)) as JsonValue;
  } catch {
    return MISSING;
  }
}

/** The value at the path: keys only into objects, indexes only into arrays, as SQLite's json_extract. */
export function valueAtPath(
  json: JsonValue | typeof MISSING,
  path: readonly BodyPathSegment[],
): JsonValue | typeof MISSING {
  let at = json;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(at) || segment >= at.length) return MISSING;
      at = at[segment]!;
    } else {
      if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, segment)) return MISSING;
      at = at[segment]!;
    }
  }
  return at;
}
