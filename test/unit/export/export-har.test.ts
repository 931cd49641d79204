// HAR export: checked against the HAR 1.2 JSON Schema with ajv, and the spec's rules the
// schema leaves out (timings add up, base64 bodies marked, response from the last attempt).
import { describe, expect, it } from 'vitest';
import { toHar } from '../../../protocol/export/har.js';
import { attempt, exportEvent, NASTY_BYTES } from '../../helpers/export-events.js';
import { validateHar } from './har-schema-check.js';

const base = () => 'https://hooks.example.com/h/wh_abcdefghijklmnopqrstuvwxyz012345';

describe('HAR 1.2 export', () => {
  const events = [
    exportEvent({
      method: 'POST',
      path: '/stripe',
      query: 'a=1&b=%20x&c&d=caf%C3%A9+ok',
      headers: [
        ['Content-Type', 'application/json'],
        ['Stripe-Signature', 't=1,v1=abc'],
        ['Cookie', 'sid=1; theme=dark'],
        ['X-Dup', 'one'],
        ['x-dup', 'two'],
      ],
      bodyBytes: '{"type":"invoice.paid"}',
      attempts: [
        attempt({ status: 500, bodyBytes: 'first', durationMs: 3 }),
        attempt({ status: 201, bodyBytes: '{"ok":true}', durationMs: 40.5 }),
      ],
    }),
    exportEvent({ headers: [['content-type', 'application/octet-stream']], bodyBytes: NASTY_BYTES }),
    exportEvent({
      method: 'GET',
      path: '',
      attempts: [attempt({ status: null, error: { kind: 'refused', message: 'ECONNREFUSED' } })],
    }),
    exportEvent({ attempts: [attempt({ status: 200, responseHeaders: [], bodyBytes: Buffer.from([0, 1, 255]) })] }),
  ];
  const har = toHar(events, { baseUrlFor: base, creatorVersion: '9.9.9' });

  it('passes the HAR 1.2 JSON Schema', () => {
    const valid = validateHar(JSON.parse(JSON.stringify(har)));
    expect(validateHar.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails the schema when a required field is missing (the check is real)', () => {
    const broken = JSON.parse(JSON.stringify(har)) as { log: { entries: { request: Record<string, unknown> }[] } };
    delete broken.log.entries[0]!.request['httpVersion'];
    expect(validateHar(broken)).toBe(false);
  });

  it('names Porthole as the creator and keeps each request as received', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Porthole', version: '9.9.9' });
    const [first] = har.log.entries;
    expect(first!.request.url).toBe(`${base()}/stripe?a=1&b=%20x&c&d=caf%C3%A9+ok`);
    expect(first!.request.headers.map((h) => [h.name, h.value])).toEqual(events[0]!.headers);
    expect(first!.request.queryString).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: ' x' },
      { name: 'c', value: '' },
      { name: 'd', value: 'café ok' },
    ]);
    expect(first!.request.cookies).toEqual([
      { name: 'sid', value: '1' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(first!.request.postData).toEqual({ mimeType: 'application/json', text: '{"type":"invoice.paid"}' });
    expect(first!.request.bodySize).toBe(23);
  });

  it('takes the response from the last forward attempt, and the timings add up to time', () => {
    const [first] = har.log.entries;
    expect(first!.response.status).toBe(201);
    expect(first!.response.content).toEqual({ size: 11, mimeType: 'application/json', text: '{"ok":true}' });
    expect(first!.time).toBe(40.5);
    const { send, wait, receive } = first!.timings;
    expect(send + wait + receive).toBe(first!.time);
  });

  it('marks a body that is not UTF-8 as base64 and keeps every byte', () => {
    const post = har.log.entries[1]!.request.postData!;
    expect(post._encoding).toBe('base64');
    expect(Buffer.from(post.text, 'base64')).toEqual(NASTY_BYTES);
    const content = har.log.entries[3]!.response.content;
    expect(content.encoding).toBe('base64');
    expect(Buffer.from(content.text!, 'base64')).toEqual(Buffer.from([0, 1, 255]));
  });

  it('gives status 0 and the error when nothing answered, and no postData without a body', () => {
    const entry = har.log.entries[2]!;
    expect(entry.response.status).toBe(0);
    expect(entry.response._error).toBe('refused: ECONNREFUSED');
    expect(entry.request.postData).toBeUndefined();
    expect(entry.request.url).toBe(base());
    expect(har.log.entries[1]!.response.status).toBe(0);
  });
});
