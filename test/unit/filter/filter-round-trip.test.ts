// Property: printing a filter and parsing the text gives the same filter back (normalised), and
// every generated filter is valid JSON form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilterJson } from '../../../protocol/filter/filter-check.js';
import { normalizeFilter } from '../../../protocol/filter/filter-normalize.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { printFilter } from '../../../protocol/filter/filter-printer.js';
import { filterArb, wildFilterArb } from '../../helpers/filter-arbitraries.js';

describe('filter text round trip', () => {
  it('parse(print(f)) equals normalize(f) for filters over every field and operator', () => {
    fc.assert(
      fc.property(filterArb, (filter) => {
        expect(parseFilter(printFilter(filter))).toEqual(normalizeFilter(filter));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for odd names, body keys, values and search text (quotes, escapes, keywords, any code unit)', () => {
    fc.assert(
      fc.property(wildFilterArb, (filter) => {
        const text = printFilter(filter);
        expect(parseFilter(text), text).toEqual(normalizeFilter(filter));
      }),
      { numRuns: 2000 },
    );
  });

  it('generated filters pass the JSON form check, and normalising is idempotent', () => {
    fc.assert(
      fc.property(wildFilterArb, (filter) => {
        expect(() => parseFilterJson(filter)).not.toThrow();
        expect(normalizeFilter(normalizeFilter(filter))).toEqual(normalizeFilter(filter));
      }),
      { numRuns: 500 },
    );
  });
});
