// What goes into the full-text index, and how a search box's text becomes an FTS5 query.

// The index's content is defined once, in protocol/, so the filter evaluator searches what
// the index holds.
export { indexableBody, indexableHeaders } from '../../protocol/filter/full-text-words.js';

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
