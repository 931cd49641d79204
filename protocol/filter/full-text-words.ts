// Full-text search as the engine's FTS5 index (unicode61 tokenizer) does it, so the evaluator
// finds what the index finds: words are runs of letters, digits and marks, folded to lower case
// without diacritics, and every word of the search must begin some word of the event.
// Agreement is exact for Latin, Greek and Cyrillic text; rare foldings (final sigma) may differ.

/** Only the first part of a body is indexed: enough to find it, bounded in cost. */
export const MAX_INDEXED_BODY_BYTES = 256 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as indexed: its text when it is text (valid UTF-8 without NUL bytes), else empty. */
export function indexableBody(body: Uint8Array): string {
  const head = body.subarray(0, MAX_INDEXED_BODY_BYTES);
  if (head.includes(0)) return '';
  try {
    return strictUtf8.decode(head);
  } catch {
    // A multi-byte character cut at the limit is fine; anything else is binary.
    if (body.length > MAX_INDEXED_BODY_BYTES) {
      try {
        return strictUtf8.decode(head.subarray(0, head.length - 3));
      } catch {
        return '';
      }
    }
    return '';
  }
}

/** The header lines as indexed. */
export function indexableHeaders(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join('\n');
}

const WORD = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

/** The words of a text, folded as the index folds them. */
export function fullTextWords(text: string): string[] {
  const words: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    const folded = word.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
    if (folded) words.push(folded);
  }
  return words;
}

/** At most this many words of a search are used. */
export const MAX_SEARCH_WORDS = 32;

/** The words a search looks for; empty when it has none (it then matches every event). */
export function searchWords(text: string): string[] {
  return fullTextWords(text).slice(0, MAX_SEARCH_WORDS);
}

/** The FTS5 query for a search: each word as a prefix, all required. Null when there are none. */
export function toFts5Query(text: string): string | null {
  const words = searchWords(text);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
