// The evaluator over one event: field semantics, missing values, full-text search, and regex
// that cannot stall.
import { describe, expect, it } from 'vitest';
import { compileFilter, matchesFilter } from '../../../protocol/filter/filter-evaluator.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { compileFilterRegExp } from '../../../protocol/filter/filter-regexp.js';
import type { FilterableEvent } from '../../../protocol/filter/filterable-event.js';

const NOW = Date.UTC(2024, 4, 1, 12);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const stripe: FilterableEvent = {
  method: 'POST',
  path: '/stripe/webhooks',
  query: 'mode=live&tag=a+b&tag=c',
  headers: [
    ['Content-Type', 'application/json'],
    ['Stripe-Signature', 't=1,v1=abc'],
    ['X-Multi', 'one'],
    ['x-multi', 'two'],
  ],
  body: json({
    id: 'evt_1',
    type: 'invoice.paid',
    livemode: false,
    data: { object: { amount: 2500, note: null } },
    tags: ['a', 'b'],
  }),
  status: 503,
  verified: true,
  valid: null,
  endpoint: 'shop',
  receivedAt: NOW - 10 * 60_000,
  size: 120,
  replayed: false,
};

const matches = (text: string, event: FilterableEvent = stripe) =>
  matchesFilter(parseFilter(text), event, { now: NOW });

describe('matchesFilter', () => {
  it.each([
    ['method=POST', true],
    ['method=post', true], // the value is upper-cased; methods are compared exactly
    ['method in (GET, PUT)', false],
    ['path^=/stripe path$=/webhooks path:ipe/web', true],
    ['path=/Stripe/webhooks', false], // exact, case-sensitive
    ['path~/STRIPE/i', true],
    ['query.mode=live query.tag="a b"', true], // first value, decoded
    ['query.missing exists', false],
    ['query.missing not exists', true],
    ['header.content-type=application/json', true], // names without case
    ['header.x-multi="one, two"', true], // repeated lines combine as in HTTP
    ['header.stripe-signature^=t=', true],
    ['header.x-none:a', false],
    ['header.x-none!:a', true], // missing matches every not_*
    ['body.type=invoice.paid', true],
    ['$.data.object.amount>=2500 body.data.object.amount<2501', true],
    ['body.data.object.amount="2500"', false], // typed: text is not the number
    ['body.data.object.note=null body.data.object.note exists', true],
    ['body.data.object.missing exists', false],
    ['body.livemode=false', true],
    ['body.tags[1]=b body.tags[2] not exists', true],
    ['body.tags.0 exists', false], // keys only into objects, indexes only into arrays
    ['body.type in (charge.failed, invoice.paid)', true],
    ['body.id!=evt_2', true],
    ['status=503 status=5xx status!=2xx status>=500', true],
    ['status in (404, 2xx)', false],
    ['verified=true valid not exists', true],
    ['valid=false', false],
    ['valid!=false', true],
    ['endpoint=shop endpoint^=sh', true],
    ['received>-15m received<-5m', true],
    ['received>-5m', false],
    ['received>2024-05-01T11:00:00Z received<2024-05-02', true],
    ['size>100 size<=120 size=120', true],
    ['replayed=false', true],
    ['invoice', true],
    ['invo pai', true], // every word as a prefix
    ['INVOICE.PAID', true],
    ['application', true], // header lines are searched
    ['webhooks', true], // the path too
    ['nothing', false],
    ['not nothing', true],
    ['"!!"', true], // no words: no constraint
    ['status=404 or body.type:paid', true],
    ['not (status=5xx or verified=true)', false],
  ])('%s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it('treats a body that is not JSON as having no paths, and still searches its text', () => {
    const form = { ...stripe, body: new TextEncoder().encode('type=push&ref=main') };
    expect(matches('body.type exists', form)).toBe(false);
    expect(matches('body.type!=push', form)).toBe(true);
    expect(matches('push ref', form)).toBe(true);
  });

  it('does not search binary bodies as text', () => {
    const zebra = new TextEncoder().encode('zebra');
    expect(matches('zebra', { ...stripe, body: zebra })).toBe(true);
    expect(matches('zebra', { ...stripe, body: new Uint8Array([...zebra, 0x00]) })).toBe(false);
  });

  it('compiles once and matches many events', () => {
    const match = compileFilter(parseFilter('status=5xx'), { now: NOW });
    expect([stripe, { ...stripe, status: 200 }, { ...stripe, status: null }].map(match)).toEqual([true, false, false]);
  });
});

describe('regex cannot stall', () => {
  it('(a+)+$ against a×50 + ! finishes within 100 ms, in the evaluator and the bare engine', () => {
    const input = `${'a'.repeat(50)}!`;
    const event = { ...stripe, path: input, body: json({ name: input }) };
    const started = performance.now();
    expect(compileFilterRegExp('(a+)+$').test(input)).toBe(false);
    expect(matches('path~/(a+)+$/', event)).toBe(false);
    expect(matches('body.name~/^(a+)+$/', event)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('stays linear on a long input', () => {
    const input = `${'a'.repeat(200_000)}!`;
    const started = performance.now();
    expect(compileFilterRegExp('(a|aa)+$').test(input)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
