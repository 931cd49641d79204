// Passthrough at the relay, spoken to with a raw stream client: the held sender gets the
// device's answer (status, headers, body, framing headers dropped), the fallback after the
// timeout when no device is connected (the event still stored and streamed later), the
// fallback at once when the device declines, and an answer from another user's device is
// ignored. Over real sockets, with the relay's SQLite in a temp dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import type { PairResponse } from '../../protocol/relay-api.js';
import type { RelayMessage } from '../../protocol/relay-stream.js';
import { createEndpoint, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { connectStream, type StreamClient } from '../helpers/stream-client.js';

const FALLBACK = { status: 202, headers: [['x-fallback', 'yes']] as [string, string][], body: 'fallback {{event.id}}' };
const passthrough = (timeoutMs: number): DoorConfig => ({
  ...DEFAULT_DOOR_CONFIG,
  response: { mode: 'passthrough', timeoutMs, fallback: FALLBACK },
});

let h: RelayHarness;
let bob: PairResponse;
beforeAll(async () => {
  h = await startTestRelay();
  bob = await inviteAndPair(h.relay.url, h.adminToken, 'bob');
});
afterAll(async () => {
  await h.stop();
});

let names = 0;
const endpoint = (timeoutMs: number) =>
  createEndpoint(h.relay.url, h.device.deviceToken, `pass-${++names}`, { door: passthrough(timeoutMs) });

/** Collects the `awaiting` notes a raw client is sent. */
function awaitingIds(client: StreamClient): string[] {
  const ids: string[] = [];
  client.ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as RelayMessage;
    if (message.type === 'awaiting') ids.push(message.eventId);
  });
  return ids;
}

async function streamAt(token: string) {
  const client = await connectStream(h.relay.url, token, { autoAck: true, cursor: 0 });
  return { client, awaiting: awaitingIds(client) };
}

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('passthrough at the relay', () => {
  it("answers the held sender with the device's status, headers and body", async () => {
    const ep = await endpoint(5000);
    const { client, awaiting } = await streamAt(h.device.deviceToken);
    try {
      const before = client.events.length;
      const sent = fetch(ep.url, { method: 'POST', body: '{"hi":1}' });
      await until(() => client.events.length > before);
      const event = client.events.at(-1)!;
      expect(awaiting).toContain(event.id);
      client.ws.send(
        JSON.stringify({
          type: 'response',
          eventId: event.id,
          status: 201,
          headers: [
            ['X-Local', 'one'],
            ['content-length', '999'],
            ['Transfer-Encoding', 'chunked'],
            ['Connection', 'close'],
            ['Set-Cookie', 'a=1'],
            ['Set-Cookie', 'b=2'],
          ],
          body: Buffer.from('made it').toString('base64'),
        }),
      );
      const res = await sent;
      expect(res.status).toBe(201);
      expect(res.headers.get('x-local')).toBe('one');
      expect(res.headers.get('content-length')).toBe('7');
      expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(await res.text()).toBe('made it');
    } finally {
      await client.close();
    }
  });

  it('gives the fallback after the timeout with no device connected; the event is streamed later', async () => {
    const ep = await endpoint(300);
    const started = Date.now();
    const res = await fetch(ep.url, { method: 'POST', body: 'nobody home' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(202);
    expect(res.headers.get('x-fallback')).toBe('yes');
    const text = await res.text();
    expect(text).toMatch(/^fallback evt_/);
    const id = text.slice('fallback '.length);

    const { client, awaiting } = await streamAt(h.device.deviceToken);
    try {
      await until(() => client.events.some((e) => e.id === id));
      // Nobody waits any more: no note, and a late answer is ignored.
      expect(awaiting).not.toContain(id);
      client.ws.send(JSON.stringify({ type: 'response', eventId: id, status: 200, headers: [], body: '' }));
      const metrics = await (await fetch(`${h.relay.url}/metrics`)).text();
      expect(metrics).toMatch(/porthole_passthrough_total\{result="fallback_timeout"\} [1-9]/);
    } finally {
      await client.close();
    }
  });

  it('falls back at once when the only asked device declines', async () => {
    const ep = await endpoint(5000);
    const { client } = await streamAt(h.device.deviceToken);
    try {
      const before = client.events.length;
      const started = Date.now();
      const sent = fetch(ep.url, { method: 'POST', body: 'decline me' });
      await until(() => client.events.length > before);
      const event = client.events.at(-1)!;
      client.ws.send(
        JSON.stringify({ type: 'no_response', eventId: event.id, reason: 'refused: connect ECONNREFUSED' }),
      );
      const res = await sent;
      expect(res.status).toBe(202);
      expect(await res.text()).toBe(`fallback ${event.id}`);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await client.close();
    }
  });

  it('falls back at once when the only asked device goes away without answering', async () => {
    const ep = await endpoint(5000);
    const { client } = await streamAt(h.device.deviceToken);
    const before = client.events.length;
    const started = Date.now();
    const sent = fetch(ep.url, { method: 'POST', body: 'nobody answers' });
    await until(() => client.events.length > before);
    const event = client.events.at(-1)!;
    await client.close();
    const res = await sent;
    expect(res.status).toBe(202);
    expect(await res.text()).toBe(`fallback ${event.id}`);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("ignores an answer from another user's device, and bad answers, without closing the stream", async () => {
    const ep = await endpoint(600);
    const alice = await streamAt(h.device.deviceToken);
    const mallory = await connectStream(h.relay.url, bob.deviceToken, { cursor: 0 });
    try {
      const before = alice.client.events.length;
      const sent = fetch(ep.url, { method: 'POST', body: 'for alice only' });
      await until(() => alice.client.events.length > before);
      const event = alice.client.events.at(-1)!;
      // Bob's device guesses the id: ignored, and his stream stays open.
      mallory.ws.send(
        JSON.stringify({ type: 'response', eventId: event.id, status: 200, headers: [], body: 'c3RvbGVu' }),
      );
      mallory.ws.send(JSON.stringify({ type: 'no_response', eventId: event.id, reason: 'spoil it' }));
      // An unknown id from alice's device is ignored too.
      alice.client.ws.send(
        JSON.stringify({ type: 'response', eventId: 'evt_nobody', status: 200, headers: [], body: '' }),
      );
      const res = await sent;
      expect(res.status).toBe(202);
      expect(await res.text()).toBe(`fallback ${event.id}`);
      expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
      expect(alice.client.ws.readyState).toBe(alice.client.ws.OPEN);
      const metrics = await (await fetch(`${h.relay.url}/metrics`)).text();
      expect(metrics).toMatch(/porthole_passthrough_total\{result="ignored"\} [3-9]/);
    } finally {
      await alice.client.close();
      await mallory.close();
    }
  });

  it('refuses a 1xx status and an answer over 1 MiB by falling back', async () => {
    const ep = await endpoint(5000);
    const { client } = await streamAt(h.device.deviceToken);
    try {
      const started = Date.now();
      for (const status of [101, 200]) {
        const before = client.events.length;
        const sent = fetch(ep.url, { method: 'POST', body: `status ${status}` });
        await until(() => client.events.length > before);
        const event = client.events.at(-1)!;
        // 1 MiB + 1 byte still fits the schema's base64 length, but not the decoded limit.
        const body = status === 200 ? Buffer.alloc(1024 * 1024 + 1, 0x61).toString('base64') : '';
        client.ws.send(JSON.stringify({ type: 'response', eventId: event.id, status, headers: [], body }));
        const res = await sent;
        expect(res.status).toBe(202);
        expect(await res.text()).toBe(`fallback ${event.id}`);
        expect(client.ws.readyState).toBe(client.ws.OPEN);
      }
      // Declined, not timed out.
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await client.close();
    }
  });

  it('gives held senders the fallback when the relay shuts down', async () => {
    const other = await startTestRelay();
    const ep = await createEndpoint(other.relay.url, other.device.deviceToken, 'held', { door: passthrough(30_000) });
    const sent = fetch(ep.url, { method: 'POST', body: 'held at shutdown' });
    const stored = async () => (await other.relay.store.readEvents(other.device.userId, 0, 10)).length;
    while ((await stored()) === 0) await new Promise((r) => setTimeout(r, 10));
    const closing = other.stop();
    const res = await sent;
    expect(res.status).toBe(202);
    await closing;
  });
});
