// How the forwarder composes a request for a target: URL, filter and header lines.

import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../app/forwarder/forward-error.js';
import { buildForwardHeaders } from '../../app/forwarder/forward-headers.js';
import { matchesTargetFilter } from '../../app/forwarder/target-filter.js';
import { buildTargetUrl, parseRequestAddress } from '../../app/forwarder/target-url.js';
import type { StoredEvent } from '../../app/store/event-records.js';
import type { HeaderPair } from '../../protocol/event.js';

const noRewrites = { set: [], remove: [] };

/** The flat raw-headers array back into pairs, for readable expectations. */
function pairsOf(flat: string[]): HeaderPair[] {
  const result: HeaderPair[] = [];
  for (let i = 0; i < flat.length; i += 2) result.push([flat[i]!, flat[i + 1]!]);
  return result;
}

const hasCrLfOrNul = (text: string) => text.includes('\r') || text.includes('\n') || text.includes('\u0000');

describe('buildTargetUrl', () => {
  it.each([
    ['http://localhost:3000', '/stripe', '', 'http://localhost:3000/stripe'],
    ['http://localhost:3000/', '/stripe', '', 'http://localhost:3000/stripe'],
    ['http://localhost:3000/webhooks', '/stripe', '', 'http://localhost:3000/webhooks/stripe'],
    ['http://localhost:3000/webhooks/', '/stripe', '', 'http://localhost:3000/webhooks/stripe'],
    ['http://localhost:3000/webhooks//', '/stripe/', '', 'http://localhost:3000/webhooks/stripe/'],
    ['http://localhost:3000/webhooks', '', '', 'http://localhost:3000/webhooks'],
    ['http://localhost:3000/webhooks/', '', '', 'http://localhost:3000/webhooks/'],
    ['http://localhost:3000', '', '', 'http://localhost:3000'],
    ['http://localhost:3000/webhooks', '/', '', 'http://localhost:3000/webhooks/'],
  ])('append %s + %s', (target, path, query, expected) => {
    expect(buildTargetUrl(target, 'append', path, query)).toBe(expected);
  });

  it('appends the event query after the target query with &', () => {
    expect(buildTargetUrl('http://localhost:3000/hook?token=abc', 'append', '/x', 'a=1&b=2')).toBe(
      'http://localhost:3000/hook/x?token=abc&a=1&b=2',
    );
    expect(buildTargetUrl('http://localhost:3000/hook', 'append', '', 'a=1')).toBe('http://localhost:3000/hook?a=1');
    expect(buildTargetUrl('http://localhost:3000/hook?token=abc', 'append', '', '')).toBe(
      'http://localhost:3000/hook?token=abc',
    );
    expect(buildTargetUrl('http://localhost:3000/hook?', 'append', '', 'a=1')).toBe('http://localhost:3000/hook?a=1');
  });

  it('keeps encoded and unusual characters of the event path and query exactly', () => {
    const path = '/caf%C3%A9/a%2Fb/%20x/~user;v=1';
    const query = 'q=a%26b&r=%E2%9C%93&s=a+b&t=%zz&flag';
    expect(buildTargetUrl('http://127.0.0.1:8080/in', 'append', path, query)).toBe(
      `http://127.0.0.1:8080/in${path}?${query}`,
    );
  });

  it('drops the fragment of the target URL, which is never sent', () => {
    expect(buildTargetUrl('http://localhost:3000/hook?x=1#frag', 'append', '/a', 'b=2')).toBe(
      'http://localhost:3000/hook/a?x=1&b=2',
    );
  });

  it('fixed mode uses the target URL as is', () => {
    expect(buildTargetUrl('http://localhost:3000/hook?x=1', 'fixed', '/ignored', 'also=ignored')).toBe(
      'http://localhost:3000/hook?x=1',
    );
    expect(buildTargetUrl('http://localhost:3000', 'fixed', '', '')).toBe('http://localhost:3000');
  });
});

describe('parseRequestAddress', () => {
  it('gives the socket address, the Host value and the raw request target', () => {
    expect(parseRequestAddress('http://localhost:3000/a%2Fb?q=%zz')).toEqual({
      protocol: 'http:',
      hostname: 'localhost',
      port: 3000,
      host: 'localhost:3000',
      requestTarget: '/a%2Fb?q=%zz',
    });
    expect(parseRequestAddress('https://Example.test?x=1')).toMatchObject({
      protocol: 'https:',
      hostname: 'example.test',
      port: 443,
      host: 'example.test',
      requestTarget: '/?x=1',
    });
    expect(parseRequestAddress('http://[::1]:9000')).toMatchObject({ hostname: '::1', host: '[::1]:9000', port: 9000 });
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => parseRequestAddress('localhost:3000/x')).toThrow();
    expect(() => parseRequestAddress('ftp://localhost/x')).toThrow();
  });
});

/** A stored event with only what a test sets differing from a plain JSON POST. */
function storedEvent(fields: Partial<StoredEvent>): StoredEvent {
  return {
    rowid: 1,
    id: 'evt_1',
    seq: 1,
    endpointId: 'ep_1',
    endpointName: 'shop',
    method: 'POST',
    path: '/',
    query: '',
    headers: [['content-type', 'application/json']],
    contentType: 'application/json',
    body: Buffer.from('{}'),
    sourceIp: '127.0.0.1',
    receivedAt: 0,
    outcome: 'accepted',
    rejectReason: null,
    findings: null,
    replayOf: null,
    replayDepth: 0,
    lastStatus: null,
    lastError: null,
    lastDurationMs: null,
    ...fields,
  };
}

describe('matchesTargetFilter', () => {
  const post = storedEvent(storedEvent({ method: 'POST', path: '/stripe/events' }));

  it('matches everything with an empty filter', () => {
    expect(matchesTargetFilter({}, post)).toBe(true);
    expect(matchesTargetFilter({ methods: [] }, storedEvent({ method: 'GET', path: '' }))).toBe(true);
  });

  it('compares methods case-insensitively', () => {
    expect(matchesTargetFilter({ methods: ['post', 'put'] }, post)).toBe(true);
    expect(matchesTargetFilter({ methods: ['GET'] }, post)).toBe(false);
    expect(matchesTargetFilter({ methods: ['PATCH'] }, storedEvent({ method: 'patch', path: '' }))).toBe(true);
  });

  it('matches the path prefix against the event subpath', () => {
    expect(matchesTargetFilter({ pathPrefix: '/stripe' }, post)).toBe(true);
    expect(matchesTargetFilter({ pathPrefix: '/github' }, post)).toBe(false);
    expect(matchesTargetFilter({ pathPrefix: '' }, post)).toBe(true);
    expect(matchesTargetFilter({ pathPrefix: '/' }, storedEvent({ method: 'POST', path: '' }))).toBe(true);
    expect(matchesTargetFilter({ pathPrefix: '/stripe' }, storedEvent({ method: 'POST', path: '' }))).toBe(false);
  });

  it('needs both method and prefix to match', () => {
    expect(matchesTargetFilter({ methods: ['POST'], pathPrefix: '/stripe' }, post)).toBe(true);
    expect(matchesTargetFilter({ methods: ['PUT'], pathPrefix: '/stripe' }, post)).toBe(false);
    expect(matchesTargetFilter({ methods: ['POST'], pathPrefix: '/x' }, post)).toBe(false);
  });

  it('routes by an expression in the filter language, over headers and the JSON body', () => {
    const paid = storedEvent({ body: Buffer.from('{"type":"invoice.paid","data":{"amount":1200}}') });
    const failed = storedEvent({ body: Buffer.from('{"type":"invoice.payment_failed"}') });
    const route = { expression: 'body.type="invoice.paid" body.data.amount>=1000' };
    expect(matchesTargetFilter(route, paid)).toBe(true);
    expect(matchesTargetFilter(route, failed)).toBe(false);
    expect(matchesTargetFilter({ expression: 'not body.type="invoice.paid"' }, failed)).toBe(true);
    expect(matchesTargetFilter({ expression: 'header.content-type^=application/json', methods: ['PUT'] }, paid)).toBe(
      false,
    );
  });
});

describe('buildForwardHeaders', () => {
  it('keeps case, order and duplicates; Host first and replaced; Content-Length recomputed in place', () => {
    const { headers, dropped } = buildForwardHeaders(
      [
        ['host', 'relay.example.com'],
        ['User-Agent', 'Stripe/1.0'],
        ['content-type', 'application/json'],
        ['X-Dup', 'one'],
        ['content-length', '999'],
        ['x-dup', 'two'],
        ['Stripe-Signature', 't=1,v1=abc'],
        ['X-Latin', 'caf\u00e9 \u0080\u00ff'],
      ],
      noRewrites,
      'localhost:3000',
      42,
    );
    expect(dropped).toEqual([]);
    expect(pairsOf(headers)).toEqual([
      ['Host', 'localhost:3000'],
      ['User-Agent', 'Stripe/1.0'],
      ['content-type', 'application/json'],
      ['X-Dup', 'one'],
      ['content-length', '42'],
      ['x-dup', 'two'],
      ['Stripe-Signature', 't=1,v1=abc'],
      ['X-Latin', 'caf\u00e9 \u0080\u00ff'],
    ]);
  });

  it('adds Content-Length when the sender had none, and drops extra Host and Content-Length lines', () => {
    const { headers } = buildForwardHeaders(
      [
        ['X-A', '1'],
        ['Host', 'a'],
        ['Host', 'b'],
      ],
      noRewrites,
      '127.0.0.1:8080',
      0,
    );
    expect(pairsOf(headers)).toEqual([
      ['Host', '127.0.0.1:8080'],
      ['X-A', '1'],
      ['Content-Length', '0'],
    ]);
    const twice = buildForwardHeaders(
      [
        ['Content-Length', '5'],
        ['Content-Length', '5'],
      ],
      noRewrites,
      'h',
      5,
    );
    expect(pairsOf(twice.headers)).toEqual([
      ['Host', 'h'],
      ['Content-Length', '5'],
    ]);
  });

  it('drops hop-by-hop headers, including those named in Connection', () => {
    const { headers, dropped } = buildForwardHeaders(
      [
        ['Connection', 'keep-alive, X-Hop-One'],
        ['connection', 'x-hop-two'],
        ['Keep-Alive', 'timeout=5'],
        ['Proxy-Connection', 'keep-alive'],
        ['Proxy-Authenticate', 'Basic'],
        ['Proxy-Authorization', 'Basic abc'],
        ['TE', 'trailers'],
        ['Trailer', 'X-Checksum'],
        ['Transfer-Encoding', 'chunked'],
        ['Upgrade', 'websocket'],
        ['X-Hop-One', 'gone'],
        ['X-HOP-TWO', 'gone'],
        ['X-Kept', 'here'],
        ['Authorization', 'Bearer kept'],
      ],
      noRewrites,
      'h',
      3,
    );
    expect(dropped).toEqual([]);
    expect(pairsOf(headers)).toEqual([
      ['Host', 'h'],
      ['X-Kept', 'here'],
      ['Authorization', 'Bearer kept'],
      ['Content-Length', '3'],
    ]);
  });

  it('applies remove (case-insensitive), then set at the position of the first same-name line', () => {
    const { headers, dropped } = buildForwardHeaders(
      [
        ['X-Env', 'prod'],
        ['X-Remove-Me', '1'],
        ['x-env', 'prod-2'],
        ['Authorization', 'Bearer live'],
        ['x-remove-me', '2'],
      ],
      {
        remove: ['X-REMOVE-ME'],
        set: [
          ['X-ENV', 'local'],
          ['X-Added', 'a'],
          ['X-Added', 'b'],
          ['authorization', 'Bearer test'],
        ],
      },
      'h',
      1,
    );
    expect(dropped).toEqual([]);
    expect(pairsOf(headers)).toEqual([
      ['Host', 'h'],
      ['X-ENV', 'local'],
      ['authorization', 'Bearer test'],
      ['Content-Length', '1'],
      ['X-Added', 'a'],
      ['X-Added', 'b'],
    ]);
  });

  it('lets a rewrite set Host but never remove it, nor touch framing or hop-by-hop lines', () => {
    const { headers, dropped } = buildForwardHeaders(
      [['X-A', '1']],
      {
        remove: ['host', 'Content-Length'],
        set: [
          ['Host', 'app.local'],
          ['Content-Length', '9999'],
          ['Transfer-Encoding', 'chunked'],
          ['Connection', 'close'],
        ],
      },
      'localhost:3000',
      7,
    );
    expect(pairsOf(headers)).toEqual([
      ['Host', 'app.local'],
      ['X-A', '1'],
      ['Content-Length', '7'],
    ]);
    expect(dropped).toHaveLength(3);
    expect(dropped.join('\n')).toMatch(/Content-Length[\s\S]*Transfer-Encoding[\s\S]*Connection/);
  });

  it('drops and reports CR, LF and NUL injection in names and values, from the event or from rewrites', () => {
    const { headers, dropped } = buildForwardHeaders(
      [
        ['X-Ok', 'fine'],
        ['X-Evil', 'a\r\nX-Injected: 1'],
        ['X-Lf', 'a\nb'],
        ['X-Nul', 'a\u0000b'],
        ['X-Name\r\nX-Injected', 'v'],
        ['X-Nul\u0000Name', 'v'],
        ['X Space', 'v'],
        ['', 'empty name'],
        [':authority', 'h2 pseudo-header'],
        ['X-Tab', 'a\tb'],
      ],
      {
        remove: [],
        set: [
          ['X-Set-Evil', 'v\r\nX-Injected: 2'],
          ['X-Ok', 'still\u0000bad'],
          ['X-Unicode', '\u2713'],
        ],
      },
      'h',
      0,
    );
    expect(pairsOf(headers)).toEqual([
      ['Host', 'h'],
      // The invalid `set` of X-Ok was dropped, so it left the captured line alone.
      ['X-Ok', 'fine'],
      ['X-Tab', 'a\tb'],
      ['Content-Length', '0'],
    ]);
    expect(dropped).toHaveLength(11);
    // Reported with CR/LF/NUL escaped, so the report itself cannot break a line.
    for (const line of dropped) expect(hasCrLfOrNul(line)).toBe(false);
    expect(dropped.some((d) => d.includes('"X-Name\\r\\nX-Injected"'))).toBe(true);
    expect(dropped.some((d) => d.startsWith('"X-Evil"'))).toBe(true);
    expect(dropped.some((d) => d.startsWith('"X-Set-Evil"'))).toBe(true);
    for (const [name, value] of pairsOf(headers)) {
      expect(hasCrLfOrNul(`${name}${value}`)).toBe(false);
    }
  });
});

describe('classifyNetworkError', () => {
  const withCode = (code: string, message = `x ${code}`) => Object.assign(new Error(message), { code });

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['EHOSTUNREACH', 'other'],
  ])('%s is %s', (code, kind) => {
    expect(classifyNetworkError(withCode(code))).toEqual({ kind, message: `x ${code}` });
  });

  it('reads a "socket hang up" without a code as a reset', () => {
    expect(classifyNetworkError(new Error('socket hang up')).kind).toBe('reset');
  });

  it('reads the attempts of an AggregateError from trying several addresses', () => {
    const err = new AggregateError(
      [withCode('ECONNREFUSED', 'connect ECONNREFUSED ::1:3000'), withCode('ECONNREFUSED', 'connect 127.0.0.1:3000')],
      '',
    );
    expect(classifyNetworkError(err)).toEqual({
      kind: 'refused',
      message: 'connect ECONNREFUSED ::1:3000; connect 127.0.0.1:3000',
    });
  });
});
