// The filter box reads the filter language: normalised text for the engine, errors with a
// position for the box.
import { describe, expect, it } from 'vitest';
import { filterKey, parseFilterBox } from '../../renderer/src/filter/parse-filter-box.js';

describe('parseFilterBox', () => {
  it('reads an empty box as no filter', () => {
    expect(parseFilterBox('')).toMatchObject({ ok: true, query: {} });
    expect(parseFilterBox('   ')).toMatchObject({ ok: true, query: {} });
  });

  it('passes the filter on in its normal form', () => {
    const parsed = parseFilterBox('status = 5xx   body.type="invoice.paid"');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.query.filter).toMatch(/status=5xx/);
    expect(parseFilterBox('invoice paid')).toMatchObject({ ok: true, query: { filter: expect.any(String) } });
  });

  it('explains what is wrong and where', () => {
    for (const input of ['status:9zz', 'status=', 'type=invoice', '"open', 'body.x~/(/']) {
      const parsed = parseFilterBox(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.length, input).toBeGreaterThan(5);
        expect(parsed.position, input).toBeGreaterThanOrEqual(0);
      }
    }
    expect(parseFilterBox('status=')).toMatchObject({ ok: false, position: 7 });
    expect(parseFilterBox('x'.repeat(4001))).toMatchObject({ ok: false });
  });

  it('gives equal keys for two spellings of one filter', () => {
    const a = parseFilterBox('method=POST  x');
    const b = parseFilterBox('method = POST and x');
    if (!a.ok || !b.ok) throw new Error('should parse');
    expect(filterKey(a.query)).toBe(filterKey(b.query));
  });
});
