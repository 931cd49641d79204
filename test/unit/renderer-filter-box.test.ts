// The filter box's parser: free text plus method:, path: and status: tokens into EventQuery.
import { describe, expect, it } from 'vitest';
import { filterKey, parseFilterBox } from '../../renderer/src/filter/parse-filter-box.js';

describe('parseFilterBox', () => {
  it('reads an empty box as no filter', () => {
    expect(parseFilterBox('')).toEqual({ ok: true, query: {} });
    expect(parseFilterBox('   ')).toEqual({ ok: true, query: {} });
  });

  it('joins free words into full-text search', () => {
    expect(parseFilterBox('invoice  paid')).toEqual({ ok: true, query: { text: 'invoice paid' } });
    expect(parseFilterBox('"method:POST" x')).toEqual({ ok: true, query: { text: 'method:POST x' } });
  });

  it('maps the field tokens, in any order and case', () => {
    expect(parseFilterBox('status:5XX Method:post path:/orders charge')).toEqual({
      ok: true,
      query: { method: 'POST', pathPrefix: '/orders', status: '5xx', text: 'charge' },
    });
    for (const status of ['404', '2xx', 'none', 'error']) {
      expect(parseFilterBox(`status:${status}`)).toEqual({ ok: true, query: { status } });
    }
  });

  it('explains bad tokens', () => {
    const errors = {
      'status:9zz': /status:9zz is not a status/,
      'status:600': /not a status/,
      'method:P0ST': /not an HTTP method/,
      'path:orders': /must start with \//,
      'method:': /needs a value/,
      'method:GET method:POST': /twice/,
      'type:invoice': /unknown field "type:"/,
      '"open': /unclosed quote/,
    };
    for (const [input, message] of Object.entries(errors)) {
      const parsed = parseFilterBox(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) expect(parsed.error, input).toMatch(message);
    }
    expect(parseFilterBox('x'.repeat(501))).toMatchObject({ ok: false });
  });

  it('gives equal keys for equal queries', () => {
    const a = parseFilterBox('method:post  x');
    const b = parseFilterBox('x method:POST');
    if (!a.ok || !b.ok) throw new Error('should parse');
    expect(filterKey(a.query)).toBe(filterKey(b.query));
  });
});
