// A pasted sample as the filter evaluator sees an event: "test against" runs the rule on it.
import type { FilterableEvent } from '../../../../protocol/filter/filterable-event.js';

export interface Sample {
  method: string;
  /** Path with an optional ?query. */
  target: string;
  /** `Name: value` lines. */
  headers: string;
  body: string;
}

export const EMPTY_SAMPLE: Sample = {
  method: 'POST',
  target: '/',
  headers: 'Content-Type: application/json',
  body: '{\n  "type": "invoice.paid",\n  "data": { "object": { "amount_paid": 1200 } }\n}',
};

export function sampleEvent(sample: Sample, now: number): FilterableEvent {
  const [path = '/', query = ''] = sample.target.split('?', 2);
  const headers: [string, string][] = [];
  for (const line of sample.headers.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const body = new TextEncoder().encode(sample.body);
  return {
    method: sample.method.toUpperCase(),
    path,
    query,
    headers,
    body,
    status: null,
    verified: null,
    valid: null,
    endpoint: '',
    receivedAt: now,
    size: body.byteLength,
    replayed: false,
  };
}
