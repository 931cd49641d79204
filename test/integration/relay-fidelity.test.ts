// Every shape a sender may use arrives at a stream client byte-exact, with method, subpath,
// query and header lines (case, order, duplicates) intact.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../protocol/event.js';
import { json, FIDELITY_CASES as rawCases, withFraming } from '../helpers/fidelity-cases.js';
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

describe('ingest fidelity', () => {
  for (const c of rawCases) {
    it(`keeps ${c.name} exact`, async () => {
      const method = c.method ?? 'POST';
      const headers = withFraming(c);
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
