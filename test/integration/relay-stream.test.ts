// The stream's guarantees: offline buffering in order, redelivery of unacked events,
// the in-flight window, fan-out to every device of a user, and heartbeats.
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { bodyNumber, sendNumbered } from '../helpers/send-webhooks.js';
import { connectStream } from '../helpers/stream-client.js';

let h: RelayHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Resolves after `ms`: used only to prove that nothing more arrives. */
const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('relay stream', () => {
  it('delivers 500 events sent while no client was connected, in order', async () => {
    h = await startTestRelay();
    const ids = await sendNumbered(h.endpoint.url, 500);
    const stream = await connectStream(h.relay.url, h.device.deviceToken, { autoAck: true });
    expect(stream.welcome.latestSeq).toBe(500);
    const events = await stream.waitForEvents(500);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events.map((e) => bodyNumber(e.body))).toEqual(ids.map((_, i) => i));
    expect(events.map((e) => e.seq)).toEqual(ids.map((_, i) => i + 1));
    await stream.close();
  });

  it('redelivers unacked events after a reconnect, skipping nothing', async () => {
    h = await startTestRelay();
    await sendNumbered(h.endpoint.url, 10);
    const first = await connectStream(h.relay.url, h.device.deviceToken);
    await first.waitForEvents(10);
    first.ack(4);
    await first.close();

    // The client committed 1..4 locally; it resumes from there and gets 5..10 again.
    const second = await connectStream(h.relay.url, h.device.deviceToken, { cursor: 4 });
    const again = await second.waitForEvents(6);
    expect(again.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    await second.close();

    const devices = await callApi<{ devices: { id: string; ackedSeq: number }[] }>(h.relay.url, 'GET', '/api/devices', {
      token: h.device.deviceToken,
    });
    expect(devices.body.devices.find((d) => d.id === h!.device.deviceId)?.ackedSeq).toBe(4);
  });

  it('keeps at most a window of unacked events in flight', async () => {
    h = await startTestRelay({ streamWindow: 20 });
    await sendNumbered(h.endpoint.url, 50, { concurrency: 5 });
    const stream = await connectStream(h.relay.url, h.device.deviceToken);
    expect(stream.welcome.window).toBe(20);
    await stream.waitForEvents(20);
    await quiet(300);
    expect(stream.events).toHaveLength(20);
    stream.ack(15);
    await stream.waitForEvents(35);
    await quiet(300);
    expect(stream.events).toHaveLength(35);
    stream.ack(35);
    const all = await stream.waitForEvents(50);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await stream.close();
  });

  it('bounds the window by bytes too, always allowing one event', async () => {
    h = await startTestRelay({ streamWindowBytes: 1000 });
    const big = JSON.stringify({ pad: 'x'.repeat(1500) });
    for (let i = 0; i < 3; i++) await fetch(h.endpoint.url, { method: 'POST', body: big });
    const stream = await connectStream(h.relay.url, h.device.deviceToken);
    await stream.waitForEvents(1);
    await quiet(200);
    expect(stream.events).toHaveLength(1);
    stream.ack(1);
    await stream.waitForEvents(2);
    await stream.close();
  });

  it('fans every event out to every device of the user', async () => {
    h = await startTestRelay();
    const laptop = await connectStream(h.relay.url, h.device.deviceToken, { autoAck: true });
    const second = await inviteAndPair(h.relay.url, h.adminToken, 'alice', 'desktop-2');
    expect(second.userId).toBe(h.device.userId);
    const desktop = await connectStream(h.relay.url, second.deviceToken, { autoAck: true });
    const ids = await sendNumbered(h.endpoint.url, 25, { concurrency: 5 });
    const [a, b] = await Promise.all([laptop.waitForEvents(25), desktop.waitForEvents(25)]);
    expect(new Set(a.map((e) => e.id))).toEqual(new Set(ids));
    expect(new Set(b.map((e) => e.id))).toEqual(new Set(ids));
    await laptop.close();
    await desktop.close();
  });

  it('drops a peer that stops answering heartbeats within two intervals', async () => {
    h = await startTestRelay({ heartbeatMs: 300 });
    const stream = await connectStream(h.relay.url, h.device.deviceToken);
    const connected = async () => {
      const res = await callApi<{ devices: { id: string; connected: boolean }[] }>(
        h!.relay.url,
        'GET',
        '/api/devices',
        {
          token: h!.device.deviceToken,
        },
      );
      return res.body.devices.find((d) => d.id === h!.device.deviceId)?.connected;
    };
    expect(await connected()).toBe(true);
    // Stop reading: the client no longer sees pings, so it never answers them.
    (stream.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const started = Date.now();
    while ((await connected()) && Date.now() - started < 3000) await quiet(25);
    const elapsed = Date.now() - started;
    expect(await connected()).toBe(false);
    // Two intervals, plus the polling step and some scheduling slack.
    expect(elapsed).toBeLessThanOrEqual(2 * 300 + 200);
    stream.ws.terminate();
  });

  it('closes a stream whose client sends an oversized or over-fragmented message', async () => {
    h = await startTestRelay();
    const big = await connectStream(h.relay.url, h.device.deviceToken);
    const bigClosed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send('x'.repeat(2 * 1024 * 1024 + 1024));
    expect(await bigClosed).toBe(1009);

    const fragmented = await connectStream(h.relay.url, h.device.deviceToken);
    const fragClosed = new Promise<number>((resolve) => fragmented.ws.once('close', (code) => resolve(code)));
    for (let i = 0; i < 40; i++) fragmented.ws.send('{', { fin: false });
    expect(await fragClosed).toBe(1008);
  });

  it('refuses a hello whose cursor is beyond anything the relay has', async () => {
    h = await startTestRelay();
    await sendNumbered(h.endpoint.url, 2);
    await expect(connectStream(h.relay.url, h.device.deviceToken, { cursor: 1000 })).rejects.toThrow(/cursor_ahead/);
    const devices = await callApi<{ devices: { id: string; ackedSeq: number }[] }>(h.relay.url, 'GET', '/api/devices', {
      token: h.device.deviceToken,
    });
    expect(devices.body.devices[0]!.ackedSeq).toBe(0);
  });

  it('refuses malformed messages and acks beyond what was sent', async () => {
    h = await startTestRelay();
    const stream = await connectStream(h.relay.url, h.device.deviceToken);
    const closed = new Promise<number>((resolve) => stream.ws.once('close', (code) => resolve(code)));
    stream.ack(99);
    expect(await closed).toBe(4002);
  });
});
