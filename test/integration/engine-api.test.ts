// The engine through its DesktopApi: replay with lineage, endpoint sync with the relay
// (offline, conflicts), the loopback transport's guards, and one engine per data dir.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDesktopApi } from '../../app/desktop-api/ws-client.js';
import { EngineBusyError, startEngine } from '../../app/engine/engine.js';
import { readEngineLock } from '../../app/engine/engine-lock.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { type EngineHarness, eventually, inviteCode, startEngineHarness } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let h: EngineHarness;
let service: LocalService;

beforeAll(async () => {
  h = await startEngineHarness();
  service = await startLocalService();
  await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: `${service.url}/hooks` });
});
afterAll(async () => {
  await h.stop();
  await service.close();
});

const latestEventId = async () => (await h.api.invoke('events.list', { limit: 1 })).events[0]!.id;

describe('replay', () => {
  it('replays an edited event to the targets and records it under its source', async () => {
    const before = service.received.length;
    await fetch(h.endpoint.url!, { method: 'POST', headers: { 'x-kind': 'original' }, body: '{"amount":100}' });
    await service.waitFor(before + 1);
    const sourceId = await latestEventId();
    const edited = Buffer.from('{"amount":999,"edited":true}');
    const result = await h.api.invoke('replay.send', {
      eventId: sourceId,
      edits: {
        method: 'put',
        path: '/edited',
        headers: [
          ['X-Kind', 'edited'],
          ['Content-Type', 'application/json'],
        ],
        body: edited.toString('base64'),
      },
    });
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]!.status).toBe(200);
    const got = service.received.at(-1)!;
    expect(got.method).toBe('PUT');
    expect(got.url).toBe('/hooks/edited');
    expect(got.body.equals(edited)).toBe(true);
    expect(got.rawHeaders).toContainEqual(['X-Kind', 'edited']);
    expect(result.event.replayOf).toBe(sourceId);
    expect(result.event.replayDepth).toBe(1);
    const source = await h.api.invoke('events.get', { id: sourceId });
    expect(source.replays.map((r) => r.id)).toEqual([result.event.id]);
    const replay = await h.api.invoke('events.get', { id: result.event.id });
    expect(replay.attempts.map((a) => a.status)).toEqual([200]);
  });

  it('replays to any URL, and caps replays of replays at depth 5', async () => {
    const other = await startLocalService();
    let id = await latestEventId();
    const root = (await h.api.invoke('events.get', { id })).replayOf ?? id;
    id = root;
    for (let depth = 1; depth <= 5; depth++) {
      const r = await h.api.invoke('replay.send', { eventId: id, to: { url: `${other.url}/elsewhere` } });
      expect(r.event.replayDepth).toBe(depth);
      expect(r.attempts[0]!.targetId).toBeNull();
      id = r.event.id;
    }
    expect(other.received.map((r) => r.url)).toEqual(Array(5).fill('/elsewhere'));
    await expect(h.api.invoke('replay.send', { eventId: id })).rejects.toThrow(/at most 5 deep/);
    await other.close();
  });

  it('refuses to replay an unknown event', async () => {
    await expect(h.api.invoke('replay.send', { eventId: 'evt_nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('events', () => {
  it('pages newest first, counts, filters and searches', async () => {
    for (const word of ['alpha', 'bravo', 'charlie']) {
      await fetch(`${h.endpoint.url}/search/${word}`, { method: 'POST', body: `{"word":"${word}-invoice.paid"}` });
    }
    await eventually(
      async () => (await h.api.invoke('events.count', { query: { pathPrefix: '/search' } })).count === 3,
    );
    const first = await h.api.invoke('events.list', { query: { pathPrefix: '/search' }, limit: 2 });
    expect(first.events.map((e) => e.path)).toEqual(['/search/charlie', '/search/bravo']);
    const second = await h.api.invoke('events.list', {
      query: { pathPrefix: '/search' },
      limit: 2,
      before: first.nextBefore!,
    });
    expect(second.events.map((e) => e.path)).toEqual(['/search/alpha']);
    expect(second.nextBefore).toBeNull();
    const found = await h.api.invoke('events.list', { query: { text: 'bravo invoice' } });
    expect(found.events.map((e) => e.path)).toEqual(['/search/bravo']);
    const ok = await eventually(async () => {
      const n = (await h.api.invoke('events.count', { query: { pathPrefix: '/search', status: '2xx' } })).count;
      return n === 3 ? n : undefined;
    });
    expect(ok).toBe(3);
    await expect(h.api.invoke('events.list', { before: 'x' })).rejects.toMatchObject({ code: 'invalid_params' });
  });
});

describe('endpoint sync', () => {
  it('creates an endpoint offline and gets its URL once the relay is back', { timeout: 30_000 }, async () => {
    const relayDir = makeTempDir();
    const engineDir = makeTempDir();
    const config = { ...RELAY_DEFAULTS, port: 0, dataDir: relayDir.dir, log: createRelayLogger('silent') };
    let relay = await startRelay(config);
    const invite = await fetch(`${relay.url}/api/admin/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' },
      body: '{"name":"offline"}',
    });
    const engine = await startEngine({ dataDir: engineDir.dir });
    await engine.api.invoke('relay.pair', {
      relayUrl: relay.url,
      code: ((await invite.json()) as { code: string }).code,
    });
    await relay.close();
    const created = await engine.api.invoke('endpoints.create', { name: 'made-offline' });
    expect(created.url).toBeNull();
    expect(created.syncState).toBe('pending');
    relay = await startRelay({ ...config, port: relay.port });
    const synced = await eventually(
      async () => (await engine.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === created.id && e.url),
      20_000,
    );
    expect(synced.syncState).toBe('synced');
    expect((await fetch(synced.url!, { method: 'POST', body: '1' })).status).toBe(200);
    await engine.close();
    await relay.close();
    relayDir.cleanup();
    engineDir.cleanup();
  });

  it('surfaces a stale write (409) on the endpoint instead of swallowing it', async () => {
    const otherDir = makeTempDir();
    const other = await startEngine({ dataDir: otherDir.dir });
    await other.api.invoke('relay.pair', { relayUrl: h.relay.relay.url, code: await inviteCode(h.relay) });
    const mirrored = await eventually(async () =>
      (await other.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === h.endpoint.id),
    );
    await h.api.invoke('endpoints.update', { id: h.endpoint.id, name: 'renamed-here' });
    const stale = await other.api.invoke('endpoints.update', { id: mirrored.id, enabled: false });
    expect(stale.syncState).toBe('conflict');
    expect(stale.syncError).toMatch(/revision/);
    // Editing again applies the change on top of the relay's current revision.
    const retried = await other.api.invoke('endpoints.update', { id: mirrored.id, enabled: false });
    expect(retried.syncState).toBe('synced');
    // This side is now behind: its next edit conflicts too, and the one after goes through.
    expect((await h.api.invoke('endpoints.update', { id: h.endpoint.id, enabled: true })).syncState).toBe('conflict');
    const applied = await h.api.invoke('endpoints.update', { id: h.endpoint.id, enabled: true });
    expect(applied.syncState).toBe('synced');
    expect(applied.enabled).toBe(true);
    await other.close();
    otherDir.cleanup();
  });

  it('regenerates the URL through the relay; the old one answers 404', async () => {
    const before = (await h.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === h.endpoint.id)!;
    const after = await h.api.invoke('endpoints.regenerate', { id: h.endpoint.id });
    expect(after.url).not.toBe(before.url);
    expect((await fetch(before.url!, { method: 'POST', body: '1' })).status).toBe(404);
    expect((await fetch(after.url!, { method: 'POST', body: '1' })).status).toBe(200);
    h.endpoint = after;
  });
});

describe('the engine on its data dir', () => {
  it('refuses a second engine and lets a second process attach over the loopback DesktopApi', async () => {
    await expect(startEngine({ dataDir: h.dataDir })).rejects.toBeInstanceOf(EngineBusyError);
    const lock = readEngineLock(h.dataDir)!;
    expect(lock.url).toBe(h.engine.url);
    const attached = await connectDesktopApi(lock.url, lock.token);
    const status = await attached.invoke('app.status', {});
    expect(status.relay.state).toBe('connected');
    await attached.close();
  });

  it('refuses a wrong token, a foreign Origin and a foreign Host on its DesktopApi', async () => {
    await expect(connectDesktopApi(h.engine.url, 'wrong-token')).rejects.toMatchObject({ status: 401 });
    const port = new URL(h.engine.url).port;
    const upgrade = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(`${h.engine.url}/api?token=${h.engine.token}`, {
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
            ...headers,
          },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    expect(await upgrade({ origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade({ host: `evil.example:${port}` })).toBe(403);
    expect(await upgrade({})).toBe(101);
  });
});
