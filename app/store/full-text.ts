// What goes into the full-text index, and how a search box's text becomes an FTS5 query.

/** Only the first part of a body is indexed: enough to find it, bounded in cost. */
const MAX_INDEXED_BODY_BYTES = 256 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text when it is text (valid UTF-8 without NUL bytes), else empty. */
export function indexableBody(body: Buffer): string {
  const head = body.subarray(0, MAX_INDEXED_BODY_BYTES);
  if (head.includes(0)) return '';
  try {
    return utf8.decode(head);
  } catch {
    // A multi-byte character cut at the limit is fine; anything else is binary.
    if (body.length > MAX_INDEXED_BODY_BYTES) {
      try {
        return utf8.decode(head.subarray(0, head.length - 3));
      } catch {
        return '';
      }
    }
    return '';
  }
}

export function indexableHeaders(headers: [string, string][]): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join('\n');
}

/**
 * Every word the user typed must appear, as a prefix match: `invoice pai` finds
 * "invoice.paid". Words are quoted, so FTS5 operators typed by the user are plain text.
 * Returns null when there is nothing to search for.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .split(/[\s"]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}_]+/gu, ' ').trim())
    .flatMap((w) => w.split(' '))
    .filter((w) => w.length > 0)
    .slice(0, 32);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
