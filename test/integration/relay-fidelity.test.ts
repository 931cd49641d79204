// Every shape a sender may use arrives at a stream client byte-exact, with method, subpath,
// query and header lines (case, order, duplicates) intact.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../protocol/event.js';
import { buildRequest, rawRequest } from '../helpers/raw-http.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { connectStream, type StreamClient } from '../helpers/stream-client.js';

let h: RelayHarness;
let stream: StreamClient;
let host: string;
let keyPath: string;

beforeAll(async () => {
  h = await startTestRelay();
  stream = await connectStream(h.relay.url, h.device.deviceToken, { autoAck: true });
  host = new URL(h.relay.url).host;
  keyPath = new URL(h.endpoint.url).pathname;
});

afterAll(async () => {
  await stream.close();
  await h.stop();
});

async function nextEvent(send: () => Promise<number>): Promise<WireEvent> {
  const before = stream.events.length;
  const status = await send();
  expect(status).toBe(200);
  const events = await stream.waitForEvents(before + 1);
  return events[before]!;
}

interface RawCase {
  name: string;
  method?: string;
  suffix?: string;
  headers: [string, string][];
  body: Buffer;
}

const json = (text: string) => Buffer.from(text, 'utf8');
const bigJson = json(
  `${JSON.stringify({ items: Array.from({ length: 45_000 }, (_, i) => ({ i, v: 'x'.repeat(40) })) }).slice(
    0,
    2 * 1024 * 1024 - 2,
  )}"}`,
);

const rawCases: RawCase[] = [
  { name: 'compact JSON', headers: [['Content-Type', 'application/json']], body: json('{"a":1,"b":[true,null]}') },
  {
    name: 'pretty JSON',
    headers: [['Content-Type', 'application/json']],
    body: json('{\n  "a": 1,\n  "nested": {\n    "b": [ 1, 2 ]\n  }\n}\n'),
  },
  {
    name: 'JSON with \\u escapes',
    headers: [['Content-Type', 'application/json']],
    body: json('{"s":"caf\\u00e9 \\ud83d\\ude00 \\u0000","t":"\\"q\\""}'),
  },
  {
    name: 'integers past 2^53 and 1.0',
    headers: [['Content-Type', 'application/json']],
    body: json('{"id":12345678901234567890123,"n":9007199254740993,"f":1.0,"e":1E+2}'),
  },
  { name: 'top-level array', headers: [['Content-Type', 'application/json']], body: json('[1,"two",{"three":3}]') },
  { name: 'empty body', headers: [['Content-Length', '0']], body: Buffer.alloc(0) },
  {
    name: 'form-urlencoded',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: json('a=1&b=%20x+y&a=2&payload=%7B%22k%22%3A1%7D'),
  },
  {
    name: 'XML',
    headers: [['Content-Type', 'application/xml; charset=utf-8']],
    body: json('<?xml version="1.0"?>\n<Response><Message a="1">Hi &amp; bye</Message></Response>'),
  },
  { name: 'text/plain', headers: [['Content-Type', 'text/plain']], body: json('hello\r\nworld\n\ttabbed ') },
  { name: '256 random bytes', headers: [['Content-Type', 'application/octet-stream']], body: randomBytes(256) },
  { name: '2 MiB JSON', headers: [['Content-Type', 'application/json']], body: bigJson },
  { name: 'PUT', method: 'PUT', headers: [['Content-Type', 'application/json']], body: json('{"put":true}') },
  { name: 'PATCH', method: 'PATCH', headers: [['Content-Type', 'application/json']], body: json('{"patch":1}') },
  { name: 'DELETE', method: 'DELETE', headers: [], body: Buffer.alloc(0) },
  {
    name: 'subpath and repeated query keys',
    suffix: '/stripe/events%2Fx?a=1&a=2&b=%2F&empty=&flag',
    headers: [['Content-Type', 'application/json']],
    body: json('{}'),
  },
  {
    name: 'duplicated and mixed-case headers',
    headers: [
      ['X-Dup', 'one'],
      ['x-MiXeD-CaSe', 'Value With  Spaces'],
      ['X-Dup', 'two'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['Content-Type', 'application/json'],
    ],
    body: json('{"dup":true}'),
  },
];

describe('ingest fidelity', () => {
  for (const c of rawCases) {
    it(`keeps ${c.name} exact`, async () => {
      const method = c.method ?? 'POST';
      const headers: [string, string][] = c.headers.some(([n]) => n.toLowerCase() === 'content-length')
        ? [...c.headers, ['Connection', 'close']]
        : [...c.headers, ['Content-Length', String(c.body.length)], ['Connection', 'close']];
      const suffix = c.suffix ?? '';
      const event = await nextEvent(async () => {
        const res = await rawRequest(h.relay.url, buildRequest(method, keyPath + suffix, host, headers, c.body));
        return res.status;
      });
      const q = suffix.indexOf('?');
      expect(event.method).toBe(method);
      expect(event.path).toBe(q === -1 ? suffix : suffix.slice(0, q));
      expect(event.query).toBe(q === -1 ? '' : suffix.slice(q + 1));
      expect(event.headers).toEqual([['Host', host], ...headers]);
      expect(Buffer.from(event.body, 'base64').equals(c.body)).toBe(true);
      expect(event.bodySize).toBe(c.body.length);
      expect(event.outcome).toBe('accepted');
      expect(event.endpointId).toBe(h.endpoint.id);
      expect(event.sourceIp).toMatch(/127\.0\.0\.1/);
    });
  }

  it('keeps all of 300 header lines (a signature may come last)', async () => {
    const headers: [string, string][] = [
      ...Array.from({ length: 299 }, (_, i): [string, string] => [`X-Filler-${i}`, `v${i}`]),
      ['X-Signature', 'sha256=last'],
      ['Content-Length', '2'],
      ['Connection', 'close'],
    ];
    const event = await nextEvent(async () => {
      const res = await rawRequest(h.relay.url, buildRequest('POST', keyPath, host, headers, json('{}')));
      return res.status;
    });
    expect(event.headers).toEqual([['Host', host], ...headers]);
  });

  it('answers 431 with a JSON error when the request head passes 32 KiB', async () => {
    const headers: [string, string][] = [
      ['X-Huge', 'h'.repeat(40 * 1024)],
      ['Connection', 'close'],
    ];
    const res = await rawRequest(h.relay.url, buildRequest('POST', keyPath, host, headers));
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('keeps a chunked body exact', async () => {
    const parts = [json('{"chunk":'), json('"one'), json('-two"}')];
    const chunked = Buffer.concat([
      ...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]),
      Buffer.from('0\r\n\r\n'),
    ]);
    const headers: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['Transfer-Encoding', 'chunked'],
      ['Connection', 'close'],
    ];
    const event = await nextEvent(async () => {
      const res = await rawRequest(h.relay.url, buildRequest('POST', keyPath, host, headers, chunked));
      return res.status;
    });
    expect(Buffer.from(event.body, 'base64').toString()).toBe('{"chunk":"one-two"}');
    expect(event.headers).toEqual([['Host', host], ...headers]);
  });

  it('answers Expect: 100-continue and keeps the body exact', async () => {
    const body = json('{"expect":"continue"}');
    let sawContinue = false;
    const event = await nextEvent(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = http.request(h.endpoint.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' },
          });
          req.on('continue', () => {
            sawContinue = true;
            req.end(body);
          });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
        }),
    );
    expect(sawContinue).toBe(true);
    expect(Buffer.from(event.body, 'base64').equals(body)).toBe(true);
    expect(event.headers.find(([n]) => n.toLowerCase() === 'expect')?.[1]).toBe('100-continue');
  });

  it('answers the sender only with its event id, after the stream can already read it', async () => {
    const res = await fetch(h.endpoint.url, { method: 'POST', body: '{"x":1}' });
    const answer = (await res.json()) as { ok: boolean; id: string };
    expect(res.status).toBe(200);
    expect(answer.ok).toBe(true);
    const stored = await h.relay.store.readEvents(h.device.userId, 0, 10_000);
    expect(stored.some((e) => e.id === answer.id)).toBe(true);
  });
});
