// What each field is and what can be asked of it: the one table the parser, the JSON check, the
// printer and both back ends agree on.
import type { FilterField, FilterOperator } from './filter-ast.js';

/**
 * text: a string (method, path, a query parameter, a header, the endpoint's name);
 * json: a JSON value inside the body; status: the last local response's code;
 * boolean: verified, valid, replayed; time: when the event was received; size: body bytes.
 */
export type FieldKind = 'text' | 'json' | 'status' | 'boolean' | 'time' | 'size';

export const FIELD_KINDS: Record<FilterField, FieldKind> = {
  method: 'text',
  path: 'text',
  query: 'text',
  header: 'text',
  endpoint: 'text',
  body: 'json',
  status: 'status',
  verified: 'boolean',
  valid: 'boolean',
  replayed: 'boolean',
  received: 'time',
  size: 'size',
};

const EQUALITY: FilterOperator[] = ['equals', 'not_equals', 'in', 'not_in'];
const ORDER: FilterOperator[] = ['greater_than', 'less_than', 'greater_or_equal', 'less_or_equal'];
const STRING: FilterOperator[] = ['contains', 'not_contains', 'starts_with', 'ends_with', 'regex_match'];
const PRESENCE: FilterOperator[] = ['exists', 'not_exists'];

export const FIELD_OPERATORS: Record<FieldKind, readonly FilterOperator[]> = {
  text: [...EQUALITY, ...STRING, ...PRESENCE],
  json: [...EQUALITY, ...STRING, ...ORDER, ...PRESENCE],
  status: [...EQUALITY, ...ORDER, ...PRESENCE],
  boolean: ['equals', 'not_equals', ...PRESENCE],
  // A received time equal to the millisecond is never what anyone means.
  time: [...ORDER, ...PRESENCE],
  size: [...EQUALITY, ...ORDER, ...PRESENCE],
};

export const ORDER_OPERATORS: ReadonlySet<FilterOperator> = new Set(ORDER);
export const STRING_OPERATORS: ReadonlySet<FilterOperator> = new Set(STRING);

/** The operators that are the negation of another: the back ends evaluate the positive one and negate it. */
export const NEGATED: Partial<Record<FilterOperator, FilterOperator>> = {
  not_equals: 'equals',
  not_contains: 'contains',
  not_in: 'in',
  not_exists: 'exists',
};

export function fieldHasName(field: FilterField): boolean {
  return field === 'header' || field === 'query';
}

/** A status class such as `5xx`. */
export const STATUS_CLASS = /^[1-9]xx$/;

/** `-15m`: that long before now. Units: s, m (minutes), h, d, w. */
export const RELATIVE_TIME = /^-(\d{1,9})(s|m|h|d|w)$/;
const RELATIVE_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** A UTC date, or a date and time with Z or an offset: never the machine's local time. */
export const ABSOLUTE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The time a `received` value names, in ms since the epoch; null when it names none. */
export function resolveTime(value: string, now: number): number | null {
  const relative = RELATIVE_TIME.exec(value);
  if (relative) return now - Number(relative[1]) * RELATIVE_UNITS[relative[2]!]!;
  if (!ABSOLUTE_TIME.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
