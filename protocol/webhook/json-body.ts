// A webhook body read as JSON for the door's checks. The stored body stays the raw bytes;
// this parse is only for looking inside (schema, Stripe's event id).

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

const MAX_MESSAGE = 200;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Never throws. The message starts `body is not JSON:` and says why, briefly. */
export function parseJsonBody(body: Uint8Array): JsonBody {
  if (body.byteLength === 0) return { ok: false, message: 'body is not JSON: the body is empty' };
  let text: string;
  try {
    text = decoder.decode(body); // a leading UTF-8 BOM is dropped, as senders sometimes add one
  } catch {
    return { ok: false, message: 'body is not JSON: it is not valid UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const short = reason.length > MAX_MESSAGE ? `${reason.slice(0, MAX_MESSAGE)}…` : reason;
    return { ok: false, message: `body is not JSON: ${short}` };
  }
}
