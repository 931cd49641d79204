// Health, metrics, retention and graceful shutdown, as an operator sees them.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEndpoint, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { spawnRelay } from '../helpers/relay-process.js';
import { sendNumbered } from '../helpers/send-webhooks.js';
import { connectStream } from '../helpers/stream-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let h: RelayHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const metric = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
};

describe('operations', () => {
  it('answers /healthz', async () => {
    h = await startTestRelay();
    const res = await fetch(`${h.relay.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: 'sqlite' });
  });

  it('exports ingest results, buffer depth, connected devices and ack lag in /metrics', async () => {
    h = await startTestRelay();
    await sendNumbered(h.endpoint.url, 3);
    await fetch(`${h.relay.url}/h/wh_00000000000000000000000000000000`, { method: 'POST' });
    const stream = await connectStream(h.relay.url, h.device.deviceToken);
    await stream.waitForEvents(3);
    stream.ack(1);
    await new Promise((r) => setTimeout(r, 100));
    const text = await (await fetch(`${h.relay.url}/metrics`)).text();
    expect(metric(text, 'porthole_ingest_total{result="accepted"}')).toBe(3);
    expect(metric(text, 'porthole_ingest_total{result="not_found"}')).toBe(1);
    expect(metric(text, 'porthole_buffer_events')).toBe(3);
    expect(metric(text, 'porthole_buffer_bytes')).toBe(3 * '{"n":0}'.length);
    expect(metric(text, 'porthole_devices_connected')).toBe(1);
    expect(metric(text, `porthole_device_ack_lag_events{device="${h.device.deviceId}"}`)).toBe(2);
    expect(metric(text, 'porthole_delivery_seconds_count')).toBe(1);
    await stream.close();
  });

  it('removes events every device acked once the grace period passed, and only those', async () => {
    let clock = Date.now();
    h = await startTestRelay({ graceMs: 60_000, now: () => clock });
    const other = await inviteAndPair(h.relay.url, h.adminToken, 'alice', 'second');
    await sendNumbered(h.endpoint.url, 4);
    const a = await connectStream(h.relay.url, h.device.deviceToken, { autoAck: true });
    const b = await connectStream(h.relay.url, other.deviceToken);
    await a.waitForEvents(4);
    await b.waitForEvents(4);
    b.ack(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(await h.relay.retention.sweep()).toEqual({ delivered: 0, expired: 0, evicted: 0 });
    clock += 61_000;
    expect(await h.relay.retention.sweep()).toEqual({ delivered: 2, expired: 0, evicted: 0 });
    expect((await h.relay.store.bufferStats()).events).toBe(2);
    await a.close();
    await b.close();
  });

  it('expires undelivered events after the TTL and evicts the oldest past the size cap, in metrics', async () => {
    let clock = Date.now();
    h = await startTestRelay({ ttlMs: 60 * 60_000, maxBufferBytes: 1000, now: () => clock });
    for (let i = 0; i < 3; i++) await fetch(h.endpoint.url, { method: 'POST', body: 'e'.repeat(600) });
    expect(await h.relay.retention.sweep()).toEqual({ delivered: 0, expired: 0, evicted: 2 });
    clock += 2 * 60 * 60_000;
    expect(await h.relay.retention.sweep()).toEqual({ delivered: 0, expired: 1, evicted: 0 });
    const text = await (await fetch(`${h.relay.url}/metrics`)).text();
    expect(metric(text, 'porthole_events_removed_total{reason="evicted"}')).toBe(2);
    expect(metric(text, 'porthole_events_removed_total{reason="expired"}')).toBe(1);
    const stream = await connectStream(h.relay.url, h.device.deviceToken);
    expect(stream.welcome.oldestSeq).toBe(0);
    expect(stream.welcome.latestSeq).toBe(3);
    await stream.close();
  });

  it('finishes an in-flight webhook on SIGTERM, then exits 0', { timeout: 30_000 }, async () => {
    const temp = makeTempDir();
    const relay = await spawnRelay(temp.dir, ['--port', '0']);
    try {
      const device = await inviteAndPair(relay.url, relay.adminToken!, 'alice');
      const ep = await createEndpoint(relay.url, device.deviceToken, 'slow');
      const body = '{"slow":true}';
      const socket = net.connect(relay.port, '127.0.0.1');
      const response = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (c) => {
          text += c.toString();
        });
        socket.on('close', () => resolve(text));
      });
      await new Promise((r) => socket.once('connect', r));
      socket.write(
        `POST ${new URL(ep.url).pathname} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
      );
      await new Promise((r) => setTimeout(r, 200));
      relay.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      socket.end(body.slice(5));
      expect(await response).toMatch(/^HTTP\/1\.1 200/);
      expect(await relay.exited).toBe(0);
      expect(relay.stderr()).toContain('relay stopped');

      const again = await spawnRelay(temp.dir, ['--port', '0']);
      const stream = await connectStream(again.url, device.deviceToken);
      const [event] = await stream.waitForEvents(1);
      expect(Buffer.from(event!.body, 'base64').toString()).toBe(body);
      await stream.close();
      again.child.kill('SIGTERM');
      await again.exited;
    } finally {
      relay.child.kill('SIGKILL');
      temp.cleanup();
    }
  });

  it('stops promptly on SIGTERM while a keep-alive connection sits idle', { timeout: 30_000 }, async () => {
    const temp = makeTempDir();
    const relay = await spawnRelay(temp.dir, ['--port', '0']);
    const agent = new http.Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) =>
        http.get(`${relay.url}/healthz`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject),
      );
      const started = Date.now();
      relay.child.kill('SIGTERM');
      expect(await relay.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      agent.destroy();
      relay.child.kill('SIGKILL');
      temp.cleanup();
    }
  });

  it('never writes tokens or pairing codes into its logs', { timeout: 30_000 }, async () => {
    const temp = makeTempDir();
    const relay = await spawnRelay(temp.dir, ['--port', '0']);
    try {
      const device = await inviteAndPair(relay.url, relay.adminToken!, 'alice');
      const stream = await connectStream(relay.url, device.deviceToken);
      await stream.close();
      await fetch(`${relay.url}/api/endpoints`, { headers: { authorization: `Bearer ${device.deviceToken}x` } });
      relay.child.kill('SIGTERM');
      await relay.exited;
      const logs = relay.stderr();
      expect(logs).toContain('device connected');
      expect(logs).not.toContain(device.deviceToken.split('.')[1]);
      expect(logs).not.toContain(relay.adminToken!);
    } finally {
      relay.child.kill('SIGKILL');
      temp.cleanup();
    }
  });
});
