// Cheap necessary conditions that filter-sql.ts puts before the costly tests of header and body
// conditions, so rows that cannot match skip the JavaScript header lookup (porthole_header) and
// SQLite's JSON parse. Each is a byte or LIKE search in C, true for every row the full test could
// match; it never changes a result, only how many rows reach the full test.
//
// Why they hold: headers are stored as JSON.stringify of the [name, value] pairs, so a header's
// name appears quoted in that text (LIKE folds ASCII case, as the lookup does), and a value
// without a comma is one header line (lines are joined with ', '), so it appears as written.
// In a JSON body with no backslash, every key and string is written literally (RFC 8259 strings
// escape only with a backslash; json_valid accepts nothing else), so a key or text value the
// condition needs appears quoted in the bytes. A body with a backslash always takes the full test.
import type { BodyPathSegment, FilterCondition, FilterScalar } from '../../protocol/filter/filter-ast.js';

/** Characters JSON.stringify writes as they are: no quote, backslash or control; no surrogate (lone ones are escaped). */
function isLiteralInJson(s: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes.
  return !/["\\\u0000-\u001f\ud800-\udfff]/.test(s);
}

/** For a header condition (positive op): SQL over `headers`, or null when nothing safe applies. */
export function headerPrefilter(c: FilterCondition, bind: (value: unknown) => string): string | null {
  const name = c.name!;
  if (!isLiteralInJson(name)) return null;
  const tests = [`headers LIKE ${bind(`%"${name.replace(/[\\%_]/g, '\\$&')}"%`)} ESCAPE '\\'`];
  const values = textValues(c);
  if (values?.every((v) => !v.includes(',') && isLiteralInJson(v))) {
    // equals and in compare a whole value, so its quotes bound it; the others find part of one.
    const exact = c.op === 'equals' || c.op === 'in';
    const needles = values.map((v) => (exact ? `"${v}"` : v));
    if (exact || needles.every((n) => n !== '' && !n.includes(' '))) {
      tests.push(`(${needles.map((n) => `instr(headers, ${bind(n)}) > 0`).join(' OR ')})`);
    }
  }
  return tests.join(' AND ');
}

/** For a body condition (positive op): SQL over the `body` BLOB, or null when nothing safe applies. */
export function bodyPrefilter(c: FilterCondition, bind: (value: unknown) => string): string | null {
  const key = lastKey(c.path!);
  const needles: string[][] = [];
  if (key !== null && isLiteralInJson(key)) needles.push([`"${key}"`]);
  const values = textValues(c);
  if (values?.every(isLiteralInJson)) {
    const exact = c.op === 'equals' || c.op === 'in';
    // A contains/starts/ends test of '' matches any text value: nothing to look for.
    if (exact || values.every((v) => v !== '')) needles.push(values.map((v) => (exact ? `"${v}"` : v)));
  }
  if (needles.length === 0) return null;
  const has = (n: string) => `instr(body, ${bind(Buffer.from(n))}) > 0`;
  const all = needles.map((any) => (any.length === 1 ? has(any[0]!) : `(${any.map(has).join(' OR ')})`));
  return `(instr(body, X'5C') > 0 OR (${all.join(' AND ')}))`;
}

/** The text values a condition needs one of, or null when it does not need a text value. */
function textValues(c: FilterCondition): string[] | null {
  switch (c.op) {
    case 'equals':
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return typeof c.value === 'string' ? [c.value] : null;
    case 'in': {
      const values = c.value as FilterScalar[];
      return values.every((v) => typeof v === 'string') ? (values as string[]) : null;
    }
    default:
      return null;
  }
}

function lastKey(path: readonly BodyPathSegment[]): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const s = path[i]!;
    if (typeof s === 'string') return s;
  }
  return null;
}
