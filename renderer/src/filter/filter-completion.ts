// What the filter box offers at the caret: field names, header names, query parameters and
// JSON body paths seen in recent events, and endpoint names after `endpoint=`. Pure, so the
// box only renders what this returns.
import type { FilterHints } from '../../../protocol/desktop-api.js';

export interface Completion {
  /** Where the word being completed starts and ends in the text. */
  start: number;
  end: number;
  suggestions: string[];
}

const FIELDS = [
  'method',
  'path',
  'status',
  'endpoint',
  'verified',
  'valid',
  'received',
  'size',
  'replayed',
  'header.',
  'query.',
  'body.',
];
const MAX_SUGGESTIONS = 8;
const WORD_BREAK = /[\s(),]/;
const OPERATOR = /(!=|!:|\^=|\$=|>=|<=|=|:|~|>|<)/;

export const EMPTY_HINTS: FilterHints = { headers: [], queryParams: [], bodyPaths: [], endpoints: [] };

export function completionAt(text: string, caret: number, hints: FilterHints): Completion | null {
  let start = caret;
  while (start > 0 && !WORD_BREAK.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && !WORD_BREAK.test(text[end]!)) end++;
  const word = text.slice(start, caret);
  if (word.includes('"')) return null;

  // `endpoint=sh` completes the value.
  const valueMatch = /^endpoint(=|!=|\^=)(.*)$/.exec(word);
  if (valueMatch) {
    const prefix = valueMatch[2]!;
    const valueStart = start + 'endpoint'.length + valueMatch[1]!.length;
    return finish(
      valueStart,
      end,
      hints.endpoints
        .filter((e) => e.startsWith(prefix) && e !== prefix)
        .map((e) => (/^[^\s()",]+$/.test(e) ? e : JSON.stringify(e))),
    );
  }
  if (word === '' || OPERATOR.test(word.replace(/^\$\./, 'body.'))) return null;

  const lower = word.toLowerCase();
  const candidates = [
    ...FIELDS,
    ...hints.headers.map((h) => `header.${h}`),
    ...hints.queryParams.map((q) => `query.${q}`),
    ...hints.bodyPaths,
  ];
  const wantBody = lower.startsWith('$.');
  const seen = new Set<string>();
  const found: string[] = [];
  for (const c of candidates) {
    const shown = wantBody && c.startsWith('body') ? `$${c.slice(4)}` : c;
    if (shown.toLowerCase().startsWith(lower) && shown !== word && !seen.has(shown)) {
      seen.add(shown);
      found.push(shown);
    }
  }
  return finish(start, end, found);
}

function finish(start: number, end: number, suggestions: string[]): Completion | null {
  return suggestions.length ? { start, end, suggestions: suggestions.slice(0, MAX_SUGGESTIONS) } : null;
}

/** The text with the completion applied, and where the caret goes. */
export function applyCompletion(text: string, completion: Completion, choice: string): { text: string; caret: number } {
  const next = text.slice(0, completion.start) + choice + text.slice(completion.end);
  return { text: next, caret: completion.start + choice.length };
}
