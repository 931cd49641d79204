// The text syntax's vocabulary, shared by the parser and the printer so they cannot drift apart.
import type { FilterOperator } from './filter-ast.js';

/** Symbol operators, longest first so `>=` is read before `>`. */
export const SYMBOL_OPERATORS: readonly (readonly [string, FilterOperator])[] = [
  ['!=', 'not_equals'],
  ['!:', 'not_contains'],
  ['^=', 'starts_with'],
  ['$=', 'ends_with'],
  ['>=', 'greater_or_equal'],
  ['<=', 'less_or_equal'],
  ['=', 'equals'],
  [':', 'contains'],
  ['~', 'regex_match'],
  ['>', 'greater_than'],
  ['<', 'less_than'],
];

export const OPERATOR_TEXT: Record<FilterOperator, string> = {
  equals: '=',
  not_equals: '!=',
  contains: ':',
  not_contains: '!:',
  starts_with: '^=',
  ends_with: '$=',
  regex_match: '~',
  greater_than: '>',
  less_than: '<',
  greater_or_equal: '>=',
  less_or_equal: '<=',
  in: ' in ',
  not_in: ' not in ',
  exists: ' exists',
  not_exists: ' not exists',
};

/** Words with a meaning of their own; to search for one, quote it. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'exists']);

/** A key segment written `.key`; anything else is written `["key"]`. */
export const BARE_KEY = /^[A-Za-z0-9_-]+$/;
/** A header or query parameter name written `.name`; anything else is written `["name"]`. */
export const BARE_NAME = /^[A-Za-z0-9_.-]+$/;
/** A value that needs no quotes: it ends at white space, a parenthesis, a comma or a quote. */
export const BARE_VALUE = /^[^\s()",]+$/;
/** Search text that needs no quotes: nothing an operator or a field could start. */
export const BARE_TEXT = /^[^\s()"=:!<>~^$,\\[\]]+$/;
/** A JSON number, as a bare body value is read. */
export const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function isOperatorAt(text: string, at: number): readonly [string, FilterOperator] | null {
  for (const entry of SYMBOL_OPERATORS) if (text.startsWith(entry[0], at)) return entry;
  return null;
}

/** A quoted string with JSON-style escapes. */
export function quote(text: string): string {
  return JSON.stringify(text);
}
