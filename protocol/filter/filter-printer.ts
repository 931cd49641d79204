// The JSON form back to text, such that parseFilter(printFilter(f)) equals normalizeFilter(f):
// juxtaposition for and, ` or `, `not`, parentheses only where precedence needs them, and quotes
// only where a bare word would be read otherwise.
import type { BodyPathSegment, FilterCondition, FilterExpr, FilterScalar } from './filter-ast.js';
import { FIELD_KINDS } from './filter-fields.js';
import {
  BARE_KEY,
  BARE_NAME,
  BARE_TEXT,
  BARE_VALUE,
  JSON_NUMBER,
  KEYWORDS,
  OPERATOR_TEXT,
  quote,
} from './filter-syntax.js';

export function printFilter(expr: FilterExpr): string {
  // At the top, an empty and is the empty filter; anywhere else it is written `()`.
  if (expr.type === 'and' && expr.all.length === 0) return '';
  return print(expr);
}

function print(expr: FilterExpr): string {
  switch (expr.type) {
    case 'and':
      if (expr.all.length === 0) return '()';
      // An or inside an and needs parentheses (and binds tighter); so does an and, to stay one term.
      return expr.all.map((e) => (e.type === 'or' || isGroup(e, 'and') ? `(${print(e)})` : print(e))).join(' ');
    case 'or':
      return expr.any.map((e) => (isGroup(e, 'or') ? `(${print(e)})` : print(e))).join(' or ');
    case 'not':
      return `not ${isGroup(expr.expr, 'and') || expr.expr.type === 'or' ? `(${print(expr.expr)})` : print(expr.expr)}`;
    case 'text':
      return BARE_TEXT.test(expr.text) && !KEYWORDS.has(expr.text.toLowerCase()) ? expr.text : quote(expr.text);
    case 'condition':
      return printCondition(expr);
  }
}

/** A non-empty group of that type (an empty and prints as `()`, which needs no more parentheses). */
function isGroup(expr: FilterExpr, type: 'and' | 'or'): boolean {
  if (expr.type === 'and') return type === 'and' && expr.all.length > 0;
  return expr.type === type;
}

function printCondition(c: FilterCondition): string {
  const field = printField(c);
  const op = OPERATOR_TEXT[c.op];
  if (c.op === 'exists' || c.op === 'not_exists') return field + op;
  if (c.op === 'regex_match') return `${field}~/${escapeSlashes(String(c.value))}/${c.flags ?? ''}`;
  if (Array.isArray(c.value)) return `${field}${op}(${c.value.map((v) => printValue(c, v)).join(', ')})`;
  return field + op + printValue(c, c.value ?? null);
}

function printField(c: FilterCondition): string {
  if (c.name !== undefined) return c.field + (BARE_NAME.test(c.name) ? `.${c.name}` : `[${quote(c.name)}]`);
  if (c.path !== undefined) return `body${c.path.map(printSegment).join('')}`;
  return c.field;
}

function printSegment(segment: BodyPathSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  return BARE_KEY.test(segment) ? `.${segment}` : `[${quote(segment)}]`;
}

function printValue(c: FilterCondition, value: FilterScalar): string {
  if (typeof value !== 'string') return String(value);
  // In a body a bare 404, true or null is not text; elsewhere every bare value is read as written.
  const readsOtherwise =
    FIELD_KINDS[c.field] === 'json' && (JSON_NUMBER.test(value) || /^(true|false|null)$/.test(value));
  return BARE_VALUE.test(value) && !readsOtherwise ? value : quote(value);
}

/** Inside /.../ a `/` is written `\/`; escapes the pattern already has are kept. */
function escapeSlashes(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += ch + pattern[i + 1];
      i++;
    } else out += ch === '/' ? '\\/' : ch;
  }
  return out;
}
