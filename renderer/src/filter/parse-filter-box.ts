// The filter box's language, for now: free words (full-text search) plus `method:`, `path:`
// and `status:` tokens. Pure, so the full filter language can replace it behind the same
// result type without touching the box. Limits mirror EventQuery's schema, so a query that
// parses here is one the engine accepts.
import type { EventQuery } from '../../../protocol/desktop-api.js';

export type FilterQuery = Omit<EventQuery, 'endpointId'>;

export type ParsedFilter = { ok: true; query: FilterQuery } | { ok: false; error: string };

export const FILTER_FIELDS = ['method', 'path', 'status'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

const MAX_TEXT = 500;
const MAX_PATH = 2000;
const METHOD = /^[A-Za-z]{1,20}$/;
const STATUS = /^([1-5][0-9]{2}|[1-5]xx|none|error)$/;
/** `word:` at the start of a token: a field, known or not. */
const FIELD_TOKEN = /^([A-Za-z][A-Za-z0-9_-]*):(.*)$/s;

interface Token {
  text: string;
  quoted: boolean;
}

/** Splits on whitespace; "double quotes" keep spaces and make the content plain text. */
export function tokenize(input: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i]!)) i++;
    if (i >= input.length) break;
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      if (end === -1) return { error: 'unclosed quote: add the closing "' };
      tokens.push({ text: input.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]!)) j++;
    tokens.push({ text: input.slice(i, j), quoted: false });
    i = j;
  }
  return tokens;
}

function fieldValue(field: FilterField, value: string): { value: string } | { error: string } {
  if (value === '') return { error: `${field}: needs a value, e.g. ${example(field)}` };
  switch (field) {
    case 'method':
      return METHOD.test(value) ? { value: value.toUpperCase() } : { error: `method:${value} is not an HTTP method` };
    case 'path':
      if (!value.startsWith('/')) return { error: `path:${value} must start with /` };
      return value.length > MAX_PATH ? { error: `path: is longer than ${MAX_PATH} characters` } : { value };
    case 'status': {
      const lower = value.toLowerCase();
      return STATUS.test(lower)
        ? { value: lower }
        : { error: `status:${value} is not a status; use a code (404), a class (5xx), none or error` };
    }
  }
}

function example(field: FilterField): string {
  return { method: 'method:POST', path: 'path:/orders', status: 'status:5xx' }[field];
}

function isField(name: string): name is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(name);
}

export function parseFilterBox(input: string): ParsedFilter {
  const tokens = tokenize(input);
  if (!Array.isArray(tokens)) return { ok: false, error: tokens.error };
  const query: FilterQuery = {};
  const words: string[] = [];
  for (const token of tokens) {
    const match = token.quoted ? null : FIELD_TOKEN.exec(token.text);
    if (!match) {
      if (token.text !== '') words.push(token.text);
      continue;
    }
    const name = match[1]!.toLowerCase();
    if (!isField(name)) {
      return {
        ok: false,
        error: `unknown field "${match[1]}:" (known: ${FILTER_FIELDS.join(', ')}); put it in "quotes" to search for the text`,
      };
    }
    const key = name === 'path' ? 'pathPrefix' : name;
    if (query[key] !== undefined) return { ok: false, error: `${name}: appears twice; use it once` };
    const parsed = fieldValue(name, match[2]!);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    query[key] = parsed.value;
  }
  const text = words.join(' ');
  if (text.length > MAX_TEXT) return { ok: false, error: `the search text is longer than ${MAX_TEXT} characters` };
  if (text) query.text = text;
  return { ok: true, query };
}

/** Stable key for a query, to tell whether a new parse changes what the list shows. */
export function filterKey(query: FilterQuery): string {
  return JSON.stringify([query.text ?? '', query.method ?? '', query.pathPrefix ?? '', query.status ?? '']);
}
