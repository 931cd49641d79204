// Passthrough end to end: a sender's request held at the relay, streamed to a real engine,
// forwarded to a real local service, and answered with that service's response (Slack's
// url_verification included). When the local service is down, its answer is over 1 MiB, or
// the endpoint has no target, the sender gets the fallback at once, not after the timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';

const FALLBACK = { status: 202, headers: [] as [string, string][], body: 'fallback {{event.id}}' };
/** Long enough for a slow machine, short enough that a fallback by timeout shows in the test time. */
const TIMEOUT_MS = 8000;
const door: DoorConfig = {
  ...DEFAULT_DOOR_CONFIG,
  response: { mode: 'passthrough', timeoutMs: TIMEOUT_MS, fallback: FALLBACK },
};

let h: EngineHarness;
let service: LocalService;
beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'passthrough' });
  service = await startLocalService();
  await h.api.invoke('endpoints.update', { id: h.endpoint.id, door });
  await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: `${service.url}/slack` });
});
afterAll(async () => {
  await h.stop();
  await service.close();
});

async function endpointWithTarget(name: string, targetUrl: string | null) {
  const created = await h.api.invoke('endpoints.create', { name, door });
  const endpoint = await eventually(async () => {
    const { endpoints } = await h.api.invoke('endpoints.list', {});
    return endpoints.find((e) => e.id === created.id && e.url !== null && e.syncState === 'synced');
  });
  if (targetUrl) await h.api.invoke('targets.create', { endpointId: endpoint.id, url: targetUrl });
  return endpoint;
}

describe('passthrough through the engine', () => {
  it("answers the sender with the local service's status, headers and body", async () => {
    service.respond = (req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain', 'x-local-service': 'yes' });
      res.end(`you sent ${req.body.toString()}`);
    };
    const res = await fetch(h.endpoint.url!, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-local-service')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('you sent hello');
  });

  it("passes Slack's url_verification challenge", async () => {
    service.respond = (req, res) => {
      const { type, challenge } = JSON.parse(req.body.toString()) as { type: string; challenge: string };
      if (type !== 'url_verification') {
        res.writeHead(400);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ challenge }));
    };
    const challenge = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P';
    const res = await fetch(h.endpoint.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge, type: 'url_verification' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge });
    // The event is stored on the desktop like any other.
    const { events } = await h.api.invoke('events.list', { query: { endpointId: h.endpoint.id }, limit: 1 });
    expect(Buffer.from((await h.api.invoke('events.get', { id: events[0]!.id })).body, 'base64').toString()).toContain(
      challenge,
    );
  });

  it('falls back at once when the local service is down', async () => {
    const closed = await startLocalService();
    await closed.close();
    const ep = await endpointWithTarget('pass-down', `${closed.url}/gone`);
    const started = Date.now();
    const res = await fetch(ep.url!, { method: 'POST', body: 'anyone?' });
    expect(res.status).toBe(202);
    expect(await res.text()).toMatch(/^fallback evt_/);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
  });

  it('falls back at once when the endpoint has no target', async () => {
    const ep = await endpointWithTarget('pass-none', null);
    const started = Date.now();
    const res = await fetch(ep.url!, { method: 'POST', body: 'nowhere to go' });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
  });

  it('falls back when the local answer is over 1 MiB (the attempt still records it)', async () => {
    service.respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(1024 * 1024 + 1, 0x62));
    };
    const started = Date.now();
    const res = await fetch(h.endpoint.url!, { method: 'POST', body: 'big answer please' });
    expect(res.status).toBe(202);
    const id = (await res.text()).slice('fallback '.length);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
    const detail = await eventually(async () => {
      const d = await h.api.invoke('events.get', { id });
      return d.attempts.length > 0 ? d : undefined;
    });
    expect(detail.attempts[0]!.status).toBe(200);
    expect(detail.attempts[0]!.responseTruncated).toBe(true);
  });

  it('answers from the first target only, and a 1 MiB answer exactly passes', async () => {
    const second = await startLocalService();
    second.respond = (_req, res) => {
      res.writeHead(500);
      res.end('second target');
    };
    try {
      await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: `${second.url}/other` });
      const body = Buffer.alloc(1024 * 1024, 0x63);
      service.respond = (_req, res) => {
        res.writeHead(200);
        res.end(body);
      };
      const res = await fetch(h.endpoint.url!, { method: 'POST', body: 'two targets' });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
      await second.waitFor(1);
    } finally {
      await second.close();
    }
  });
});
