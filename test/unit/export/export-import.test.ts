// Import: HAR 1.2, JSON fixtures and NDJSON back into requests with the exact bytes, foreign
// HAR files (a browser's), and clear errors for files that are malformed or too large.
import { describe, expect, it } from 'vitest';
import { renderExport } from '../../../protocol/export/export-format.js';
import { IMPORT_LIMITS } from '../../../protocol/export/import/imported-request.js';
import { parseImport } from '../../../protocol/export/import/parse-import.js';
import { exportEvent, NASTY_BYTES } from '../../helpers/export-events.js';

const events = [
  exportEvent({
    method: 'POST',
    path: '/stripe/x',
    query: 'a=1&a=2&b=%20x&raw=caf%C3%A9',
    headers: [
      ['Content-Type', 'application/json'],
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['X-Empty', ''],
      ['X-Latin1', 'caf\u00e9'],
    ],
    bodyBytes: '{"type":"invoice.paid","é":"✓"}',
  }),
  exportEvent({
    method: 'PUT',
    path: '',
    headers: [['content-type', 'application/octet-stream']],
    bodyBytes: NASTY_BYTES,
  }),
  exportEvent({ method: 'GET', path: '/', query: 'x', bodyBytes: '' }),
];
const base = () => 'https://relay.example/h/wh_abcdefghijklmnopqrstuvwxyz012345';

function expectSameRequests(requests: ReturnType<typeof parseImport>['requests']) {
  expect(requests).toHaveLength(events.length);
  requests.forEach((r, i) => {
    const e = events[i]!;
    expect({ method: r.method, path: r.path, query: r.query, headers: r.headers }).toEqual({
      method: e.method,
      path: e.path,
      query: e.query,
      headers: e.headers,
    });
    expect(Buffer.from(r.body)).toEqual(Buffer.from(e.body, 'base64'));
    expect(r.endpoint).toBe('shop');
  });
}

describe('import', () => {
  it('reads a HAR export back: same method, path, query, header lines and body bytes', () => {
    const parsed = parseImport(renderExport('har', events, { baseUrlFor: base }));
    expect(parsed.format).toBe('har');
    expectSameRequests(parsed.requests);
  });

  it('reads JSON fixtures and NDJSON (the events export) back the same way', () => {
    const json = parseImport(renderExport('json', events));
    expect(json.format).toBe('json');
    expectSameRequests(json.requests);
    const ndjson = parseImport(renderExport('ndjson', events));
    expect(ndjson.format).toBe('ndjson');
    expectSameRequests(ndjson.requests);
    const one = parseImport(renderExport('ndjson', events.slice(0, 1)));
    expect(one.requests).toHaveLength(1);
  });

  it("reads a browser's HAR: path from the URL (less a relay's /h/key), no pseudo-headers, form params", () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: [
          {
            request: {
              method: 'post',
              url: 'https://api.example.com/v1/hook?x=1#frag',
              headers: [
                { name: ':authority', value: 'api.example.com' },
                { name: 'content-type', value: 'application/x-www-form-urlencoded' },
              ],
              postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a b', value: 'c&d' }] },
            },
          },
          {
            request: {
              method: 'GET',
              url: 'http://127.0.0.1:8787/h/wh_abcdefghijklmnopqrstuvwxyz012345/sub',
              headers: [],
            },
          },
        ],
      },
    };
    const { requests } = parseImport(JSON.stringify(har));
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/hook', query: 'x=1', endpoint: null });
    expect(requests[0]!.headers).toEqual([['content-type', 'application/x-www-form-urlencoded']]);
    expect(Buffer.from(requests[0]!.body).toString()).toBe('a%20b=c%26d');
    expect(requests[1]).toMatchObject({ path: '/sub', query: '' });
  });

  it('refuses malformed files with a reason that says where', () => {
    expect(() => parseImport('')).toThrow('the file is empty');
    expect(() => parseImport('hello')).toThrow(/not JSON/);
    expect(() => parseImport('{"log":{"entries":[{"request":{"method":"GET"}}]}}')).toThrow(/HAR file is invalid/);
    expect(() => parseImport('{"something":"else"}')).toThrow(/not a HAR file/);
    const badHeader = {
      log: { entries: [{ request: { method: 'GET', url: 'http://x/', headers: [{ name: 'a b', value: '1' }] } }] },
    };
    expect(() => parseImport(JSON.stringify(badHeader))).toThrow('HAR entry 1: "a b" is not a header name');
    const crlf = [
      { method: 'POST', path: '/', query: '', headers: [['X', 'a\r\nInjected: 1']], bodyEncoding: 'utf8', body: '' },
    ];
    expect(() => parseImport(JSON.stringify(crlf))).toThrow(/fixture 1: header X has control/);
    const badBase64 = [{ method: 'POST', path: '/', query: '', headers: [], bodyEncoding: 'base64', body: '!!!' }];
    expect(() => parseImport(JSON.stringify(badBase64))).toThrow('fixture 1: the body is not base64');
    const relative = [{ method: 'POST', path: 'x', query: '', headers: [], bodyEncoding: 'utf8', body: '' }];
    expect(() => parseImport(JSON.stringify(relative))).toThrow('fixture 1: the path must start with /');
    expect(() => parseImport('{"method":"GET","path":"/","query":"","headers":[],"body":""}\nnope')).toThrow(
      'line 2: not JSON',
    );
  });

  it('enforces its size limits', () => {
    const text = renderExport('json', events);
    expect(() => parseImport(text, { ...IMPORT_LIMITS, maxFileChars: 100 })).toThrow(/larger than 100 characters/);
    expect(() => parseImport(text, { ...IMPORT_LIMITS, maxRequests: 2 })).toThrow(/3 requests; at most 2/);
    expect(() => parseImport(text, { ...IMPORT_LIMITS, maxBodyBytes: 100 })).toThrow(/fixture 2: the body is larger/);
  });
});
