// An owner's payload schema is untrusted input to ajv's code generator: its nesting depth and
// encoded size are checked before anything else touches it, without recursion, so a hostile or
// accidental schema cannot blow the stack or make ajv generate megabytes of code.
import { MAX_PAYLOAD_SCHEMA_BYTES, MAX_PAYLOAD_SCHEMA_DEPTH } from '../../protocol/endpoint-door.js';

export type SchemaBounds = { ok: true; text: string } | { ok: false; problem: string };

/**
 * Depth counts containers: `{}` is 1, `{"properties":{"a":{}}}` is 3. On success returns the
 * schema's JSON text (the cache key and what ajv compiles a fresh copy from).
 */
export function checkSchemaBounds(
  schema: unknown,
  maxDepth = MAX_PAYLOAD_SCHEMA_DEPTH,
  maxBytes = MAX_PAYLOAD_SCHEMA_BYTES,
): SchemaBounds {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    return { ok: false, problem: 'the payload schema must be a JSON object (or true/false)' };
  }
  // Every value costs at least one byte of JSON, so more values than bytes is too large; this
  // also stops the walk on anything that is not a tree of plain JSON values.
  let values = 0;
  const stack: [unknown, number][] = [[schema, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++values > maxBytes) return { ok: false, problem: tooLarge(maxBytes) };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) {
      return { ok: false, problem: `the payload schema is nested deeper than ${maxDepth} levels` };
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
