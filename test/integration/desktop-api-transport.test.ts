// The DesktopApi over the loopback WebSocket, as a browser or the CLI meets it: who is let
// in (token, Host, Origin), how every kind of failure comes back, events, static files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DesktopHandlers } from '../../app/desktop-api/desktop-handlers.js';
import { createDispatcher } from '../../app/desktop-api/dispatcher.js';
import { DesktopEventBus } from '../../app/desktop-api/event-bus.js';
import { connectDesktopApi, type DesktopApiConnection } from '../../app/desktop-api/ws-client.js';
import { type DesktopApiServer, startDesktopApiServer } from '../../app/desktop-api/ws-server.js';
import {
  DesktopApiError,
  type DesktopMethodName,
  DesktopMethods,
  type RelayStatus,
} from '../../protocol/desktop-api.js';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { buildRequest, rawRequest } from '../helpers/raw-http.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TOKEN = 'session-token-0123456789abcdef';
const relayStatus: RelayStatus = {
  state: 'unpaired',
  relayUrl: null,
  embedded: false,
  cursor: 0,
  backlog: 0,
  lastError: null,
  connectedAt: null,
};

const internalErrors: unknown[] = [];
const replayBodySizes: number[] = [];

function testHandlers(): DesktopHandlers {
  const unavailable = async () => {
    throw new DesktopApiError('unavailable', 'not in this test');
  };
  const all = Object.fromEntries(
    Object.keys(DesktopMethods).map((m) => [m, unavailable]),
  ) as unknown as DesktopHandlers;
  return {
    ...all,
    'app.status': async () => ({
      version: '0.1.0-test',
      dataDir: '/tmp/porthole-test',
      relay: relayStatus,
      secrets: { backend: 'file', protected: false, note: null },
    }),
    'endpoints.create': async ({ name, maxBodyBytes }) => {
      if (name === 'taken') throw new DesktopApiError('conflict', 'an endpoint named taken exists');
      return {
        id: 'ep_1',
        name,
        url: null,
        enabled: true,
        maxBodyBytes: maxBodyBytes ?? 25 * 1024 * 1024,
        door: DEFAULT_DOOR_CONFIG,
        revision: 0,
        syncState: 'pending',
        syncError: null,
        eventCount: 0,
      };
    },
    'relay.status': async () => {
      throw new Error('database is locked at /home/secret/porthole.db');
    },
    // Never answers, to leave a call pending.
    'targets.list': () => new Promise(() => {}),
    'replay.send': async ({ edits }) => {
      replayBodySizes.push(edits?.body?.length ?? 0);
      throw new DesktopApiError('not_found', 'no such event');
    },
  };
}

const events = new DesktopEventBus();
let server: DesktopApiServer;
let api: DesktopApiConnection;
let temp: { dir: string; cleanup: () => void };
let staticDir: string;

beforeAll(async () => {
  temp = makeTempDir('porthole-desktop-api-');
  // The served directory sits inside the temp dir, next to a file that must stay out of reach.
  staticDir = path.join(temp.dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(temp.dir, 'package.json'), '{"secret":"outside the static dir"}');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Porthole</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("porthole");');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(staticDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  const dispatch = createDispatcher(testHandlers(), { onInternalError: (err) => internalErrors.push(err) });
  server = await startDesktopApiServer({ token: TOKEN, dispatch, events, staticDir });
  api = await connectDesktopApi(server.url, TOKEN);
});

afterAll(async () => {
  await api?.close();
  await server?.close();
  temp?.cleanup();
});

/** The HTTP status of a WebSocket upgrade to /api, sent byte for byte. */
async function upgradeStatus(opts: { target?: string; host?: string; origin?: string } = {}): Promise<number> {
  const headers: [string, string][] = [
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ];
  if (opts.origin) headers.push(['Origin', opts.origin]);
  const target = opts.target ?? `/api?token=${TOKEN}`;
  const res = await rawRequest(
    server.url,
    buildRequest('GET', target, opts.host ?? `127.0.0.1:${server.port}`, headers),
  );
  return res.status;
}

/** A raw socket with the right token, for messages the typed client would never send. */
async function rawSocket(): Promise<{ ws: WebSocket; next(): Promise<unknown> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
  const queue: unknown[] = [];
  const waiting: ((message: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const message: unknown = JSON.parse(String(data));
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    ws,
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve))),
  };
}

async function rejection(promise: Promise<unknown>): Promise<DesktopApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DesktopApiError);
  return err as DesktopApiError;
}

describe('who may connect', () => {
  it('refuses a wrong or missing token with 401', async () => {
    expect(await upgradeStatus({ target: '/api?token=wrong' })).toBe(401);
    expect(await upgradeStatus({ target: `/api?token=${TOKEN}x` })).toBe(401);
    expect(await upgradeStatus({ target: '/api' })).toBe(401);
    expect(await upgradeStatus({ target: '/api?token=' })).toBe(401);
    const err = await connectDesktopApi(server.url, 'wrong').then(
      () => null,
      (e: unknown) => e as { status?: number },
    );
    expect(err?.status).toBe(401);
  });

  it('refuses a foreign Origin with 403', async () => {
    expect(await upgradeStatus({ origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus({ origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await upgradeStatus({ origin: 'null' })).toBe(403);
  });

  it('refuses a foreign Host with 403, for the API and for static files', async () => {
    const other = server.port === 65535 ? server.port - 1 : server.port + 1;
    for (const host of [`evil.example:${server.port}`, `127.0.0.1:${other}`, '127.0.0.1']) {
      expect(await upgradeStatus({ host })).toBe(403);
      const res = await rawRequest(server.url, buildRequest('GET', '/', host, [['Connection', 'close']]));
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('Porthole');
    }
  });

  it('lets in the right token, from the loopback origins or none', async () => {
    expect(await upgradeStatus()).toBe(101);
    expect(await upgradeStatus({ host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).toBe(
      101,
    );
    expect(await upgradeStatus({ origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    const status = await api.invoke('app.status', {});
    expect(status).toEqual({
      version: '0.1.0-test',
      dataDir: '/tmp/porthole-test',
      relay: relayStatus,
      secrets: { backend: 'file', protected: false, note: null },
    });
  });
});

describe('requests and errors', () => {
  it('answers unknown methods, prototype names included, with unknown_method', async () => {
    for (const method of ['nope.nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const err = await rejection(api.invoke(method as DesktopMethodName, {} as never));
      expect(err.code).toBe('unknown_method');
    }
  });

  it('answers params that break the schema with invalid_params naming the field', async () => {
    const extra = await rejection(api.invoke('endpoints.create', { name: 'a', bogus: 1 } as never));
    expect(extra.code).toBe('invalid_params');
    expect(extra.message).toContain('bogus');
    const wrongType = await rejection(api.invoke('endpoints.create', { name: 42 } as never));
    expect(wrongType.code).toBe('invalid_params');
    expect(wrongType.message).toContain('/name');
    const missing = await rejection(api.invoke('endpoints.create', {} as never));
    expect(missing.code).toBe('invalid_params');
    expect(missing.message).toContain('name');
  });

  it('treats missing params as {}', async () => {
    const { ws, next } = await rawSocket();
    ws.send(JSON.stringify({ id: 'a', method: 'app.status' }));
    expect(await next()).toMatchObject({ id: 'a', ok: true, data: { version: '0.1.0-test' } });
    ws.close();
  });

  it('passes a DesktopApiError code and message through', async () => {
    const err = await rejection(api.invoke('endpoints.create', { name: 'taken' }));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('an endpoint named taken exists');
    await expect(api.invoke('endpoints.create', { name: 'free' })).resolves.toMatchObject({ id: 'ep_1', name: 'free' });
  });

  it('reports any other failure as internal, keeping its message from the client', async () => {
    internalErrors.length = 0;
    const err = await rejection(api.invoke('relay.status', {}));
    expect(err.code).toBe('internal');
    expect(err.message).not.toContain('secret');
    expect(err.message).not.toContain('locked');
    expect(internalErrors).toHaveLength(1);
    expect(String(internalErrors[0])).toContain('database is locked');
  });

  it('answers malformed JSON and broken envelopes with invalid_params', async () => {
    const { ws, next } = await rawSocket();
    ws.send('{not json');
    expect(await next()).toMatchObject({ id: null, ok: false, error: { code: 'invalid_params' } });
    ws.send(JSON.stringify({ method: 'app.status' }));
    expect(await next()).toMatchObject({ id: null, ok: false, error: { code: 'invalid_params' } });
    ws.send(JSON.stringify({ id: 7, method: 'app.status', extra: true }));
    expect(await next()).toMatchObject({ id: 7, ok: false, error: { code: 'invalid_params' } });
    // JSON.parse makes `__proto__` an own key; the schema refuses it like any unknown field.
    ws.send('{"id":8,"method":"app.status","params":{"__proto__":{"polluted":true}}}');
    expect(await next()).toMatchObject({ id: 8, ok: false, error: { code: 'invalid_params' } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    ws.close();
  });

  it('carries a replay body of 25 MB (as base64) in one message', async () => {
    const body = Buffer.alloc(25 * 1024 * 1024, 7).toString('base64');
    const err = await rejection(api.invoke('replay.send', { eventId: 'ev_1', edits: { body } }));
    expect(err.code).toBe('not_found');
    expect(replayBodySizes).toContain(body.length);
  });
});

describe('events', () => {
  it('sends every bus event to every connected client', async () => {
    const second = await connectDesktopApi(server.url, TOKEN);
    const status: RelayStatus = { ...relayStatus, state: 'connecting', relayUrl: 'https://relay.example' };
    const received = Promise.all(
      [api, second].map(
        (client) =>
          new Promise((resolve) => {
            const off = client.on('onRelayStatus', (data) => {
              off();
              resolve(data);
            });
          }),
      ),
    );
    events.emit('onRelayStatus', status);
    expect(await received).toEqual([status, status]);
    await second.close();
  });

  it('rejects calls still waiting when the connection closes, and calls made after', async () => {
    const client = await connectDesktopApi(server.url, TOKEN);
    const waiting = client.invoke('targets.list', { endpointId: 'ep_1' });
    await client.close();
    expect((await rejection(waiting)).code).toBe('unavailable');
    expect((await rejection(client.invoke('app.status', {}))).code).toBe('unavailable');
  });

  it('closes its clients when the server closes', async () => {
    const dispatch = createDispatcher(testHandlers());
    const other = await startDesktopApiServer({ token: TOKEN, dispatch, events: new DesktopEventBus() });
    const client = await connectDesktopApi(other.url, TOKEN);
    const waiting = client.invoke('targets.list', { endpointId: 'ep_1' });
    await other.close();
    expect((await rejection(waiting)).code).toBe('unavailable');
    await client.close();
  });
});

describe('static files', () => {
  it('serves index.html at / and assets with their content types and security headers', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Porthole</title>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(
      `default-src 'self'; connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}; ` +
        `worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
    );
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    const types = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/app.css': 'text/css; charset=utf-8',
      '/assets/font.woff2': 'font/woff2',
    };
    for (const [file, type] of Object.entries(types)) {
      const res = await fetch(`${server.url}${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      await res.arrayBuffer();
    }
    const head = await fetch(`${server.url}/index.html`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>Porthole</title>'.length));
  });

  it('answers 404 for missing files and directories', async () => {
    for (const target of ['/missing.js', '/assets', '/assets/']) {
      const res = await fetch(`${server.url}${target}`);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    }
  });

  it('never serves a file outside the static dir', async () => {
    const targets = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%5cpackage.json',
      '/%00',
      '/%zz',
      'package.json',
    ];
    for (const target of targets) {
      const host = `127.0.0.1:${server.port}`;
      const res = await rawRequest(server.url, buildRequest('GET', target, host, [['Connection', 'close']]));
      expect([400, 404], target).toContain(res.status);
      expect(res.body, target).not.toContain('secret');
    }
  });
});
