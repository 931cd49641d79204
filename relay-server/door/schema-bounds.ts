// An owner's payload schema is untrusted input to ajv's code generator: its nesting depth and
// encoded size are checked before anything else touches it, without recursion, so a hostile or
// accidental schema cannot blow the stack or make ajv generate megabytes of code.
import { MAX_PAYLOAD_SCHEMA_BYTES, MAX_PAYLOAD_SCHEMA_DEPTH } from '../../protocol/endpoint-door.js';

/**
 * Most JSON objects (subschemas, mostly) one schema may hold. ajv's first-error code nests a
 * block per subschema, so compile time grows faster than their number and the code generator
 * runs out of stack in the low thousands. At 500 the slowest schemas measured (hundreds of
 * oneOf branches, or of large Unicode patterns) compile in well under a second, once per
 * config revision; webhook schemas written by hand hold a few dozen.
 */
export const MAX_PAYLOAD_SCHEMA_OBJECTS = 500;

export type SchemaBounds = { ok: true; text: string } | { ok: false; problem: string };

/**
 * Depth counts containers: `{}` is 1, `{"properties":{"a":{}}}` is 3. On success returns the
 * schema's JSON text (the cache key and what ajv compiles a fresh copy from).
 */
export function checkSchemaBounds(
  schema: unknown,
  maxDepth = MAX_PAYLOAD_SCHEMA_DEPTH,
  maxBytes = MAX_PAYLOAD_SCHEMA_BYTES,
  maxObjects = MAX_PAYLOAD_SCHEMA_OBJECTS,
): SchemaBounds {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    return { ok: false, problem: 'the payload schema must be a JSON object (or true/false)' };
  }
  // Every value costs at least one byte of JSON, so more values than bytes is too large; this
  // also stops the walk on anything that is not a tree of plain JSON values.
  let values = 0;
  let objects = 0;
  const stack: [unknown, number][] = [[schema, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++values > maxBytes) return { ok: false, problem: tooLarge(maxBytes) };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) {
      return { ok: false, problem: `the payload schema is nested deeper than ${maxDepth} levels` };
    }
    if (!Array.isArray(value) && ++objects > maxObjects) {
      return { ok: false, problem: `the payload schema has more than ${maxObjects} objects (subschemas)` };
    }
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
  const text = JSON.stringify(schema);
  if (Buffer.byteLength(text, 'utf8') > maxBytes) return { ok: false, problem: tooLarge(maxBytes) };
  return { ok: true, text };
}

function tooLarge(maxBytes: number) {
  return `the payload schema is larger than ${Math.round(maxBytes / 1024)} KiB as JSON`;
}
