// A cheap necessary condition that filter-sql.ts puts before a header condition, so rows that
// cannot match skip the JavaScript header lookup (porthole_header, ~4 us a row: 4.8 s to count
// a header over a million events). It is a LIKE and instr search in C, true for every row the
// full test could match; it never changes a result, only how many rows reach the full test.
//
// Why it holds: headers are stored as JSON.stringify of the [name, value] pairs, so a header's
// name appears quoted in that text (LIKE folds ASCII case, as the lookup does), and a value
// without a comma is one header line (lines are joined with ', '), so it appears as written.
import type { FilterCondition, FilterScalar } from '../../protocol/filter/filter-ast.js';

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
