// The forwarder against real local HTTP services on 127.0.0.1: exact bytes and header
// lines arrive, signatures still verify, connections are pooled and capped, responses are
// recorded and capped, and network failures come back as named errors.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, isTargetDown } from '../../app/forwarder/deliver.js';
import type { OutgoingRequest } from '../../app/forwarder/outgoing-request.js';
import { TargetAgents } from '../../app/forwarder/target-agents.js';
import { TARGET_DEFAULTS, type Target } from '../../protocol/desktop-api.js';
import type { HeaderPair } from '../../protocol/event.js';

interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

interface Service {
  url: string;
  /** TCP connections the service accepted. */
  connections: number;
  requests: Received[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startService(handler: Handler = (_req, res) => res.end('ok')): Promise<Service> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body });
      handler(req, res, body);
    });
  });
  const service: Service = {
    url: '',
    connections: 0,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => service.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => service.close());
  return service;
}

function newAgents(): TargetAgents {
  const agents = new TargetAgents();
  cleanups.push(() => agents.destroy());
  return agents;
}

function targetFor(url: string, overrides: Partial<Target> = {}): Target {
  return {
    ...TARGET_DEFAULTS,
    filter: {},
    headers: { set: [], remove: [] },
    id: 'tgt_1',
    endpointId: 'ep_1',
    url,
    ...overrides,
  };
}

function request(overrides: Partial<OutgoingRequest> = {}): OutgoingRequest {
  return { method: 'POST', path: '', query: '', headers: [], body: Buffer.alloc(0), ...overrides };
}

describe('what the local service receives', () => {
  it.each([
    [
      'binary (every byte value)',
      Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]),
    ],
    ['empty', Buffer.alloc(0)],
    ['2 MiB', randomBytes(2 * 1024 * 1024)],
  ])('the exact body bytes: %s', async (_name, body) => {
    const service = await startService();
    const result = await deliver(
      request({ headers: [['Content-Type', 'application/octet-stream']], body }),
      targetFor(`${service.url}/in`),
      newAgents(),
    );
    expect(result.error).toBeNull();
    expect(result.status).toBe(200);
    expect(service.requests).toHaveLength(1);
    expect(service.requests[0]!.body.equals(body)).toBe(true);
  });

  it('the exact header lines, path and query: case, order, duplicates, Host of the target', async () => {
    const service = await startService();
    const headers: HeaderPair[] = [
      ['Host', 'relay.example.com'],
      ['User-Agent', 'GitHub-Hookshot/abc'],
      ['content-type', 'application/json'],
      ['X-GitHub-Event', 'push'],
      ['x-dup', 'one'],
      ['X-Dup', 'two'],
      ['Content-Length', '3'],
      ['x-dup', 'three'],
      ['Connection', 'keep-alive, X-Relay-Hop'],
      ['X-Relay-Hop', 'not forwarded'],
      ['Transfer-Encoding', 'chunked'],
      ['X-Latin1', 'caf\u00e9'],
      ['X-Empty', ''],
    ];
    const result = await deliver(
      request({
        method: 'PUT',
        path: '/github/a%2Fb',
        query: 'x=%zz&y=%E2%9C%93&flag',
        headers,
        body: Buffer.from('{}\n'),
      }),
      targetFor(`${service.url}/base/`, { headers: { set: [['X-Forwarded-By', 'porthole']], remove: ['user-agent'] } }),
      newAgents(),
    );
    expect(result.error).toBeNull();
    expect(result.url).toBe(`${service.url}/base/github/a%2Fb?x=%zz&y=%E2%9C%93&flag`);
    const received = service.requests[0]!;
    expect(received.method).toBe('PUT');
    expect(received.url).toBe('/base/github/a%2Fb?x=%zz&y=%E2%9C%93&flag');
    expect(received.rawHeaders).toEqual([
      'Host',
      new URL(service.url).host,
      'content-type',
      'application/json',
      'X-GitHub-Event',
      'push',
      'x-dup',
      'one',
      'X-Dup',
      'two',
      'Content-Length',
      '3',
      'x-dup',
      'three',
      'X-Latin1',
      'caf\u00e9',
      'X-Empty',
      '',
      'X-Forwarded-By',
      'porthole',
      // Added by node:http for the pooled connection; the sender's Connection line was dropped.
      'Connection',
      'keep-alive',
    ]);
  });

  it('never sends a header with CR, LF or NUL, and reports it on the result', async () => {
    const service = await startService();
    const result = await deliver(
      request({
        headers: [
          ['X-Ok', '1'],
          ['X-Evil', 'a\r\nX-Injected: yes'],
          ['X-Nul', 'a\u0000b'],
        ],
      }),
      targetFor(service.url, { headers: { set: [['X-Set', 'b\nX-Injected: yes']], remove: [] } }),
      newAgents(),
    );
    expect(result.error).toBeNull();
    expect(result.droppedHeaders).toHaveLength(3);
    const names = service.requests[0]!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names).toEqual(['Host', 'X-Ok', 'Content-Length', 'Connection']);
  });

  it('a body signed by the sender with HMAC-SHA256 still verifies at the service', async () => {
    const secret = 'whsec_test_secret';
    const body = Buffer.from('{"action":"opened","number":1,"title":"caf\u00e9 \u2713"}\r\n', 'utf8');
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const service = await startService((req, res, received) => {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(received).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256']));
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(valid ? 204 : 401).end();
    });
    const result = await deliver(
      request({
        headers: [
          ['Content-Type', 'application/json'],
          ['X-Hub-Signature-256', signature],
        ],
        body,
      }),
      targetFor(`${service.url}/webhooks`),
      newAgents(),
    );
    expect(result.status).toBe(204);
  });
});

describe('connections', () => {
  it('200 concurrent deliveries with concurrency 4 use at most 4 pooled connections', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const service = await startService((_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 2);
    });
    const agents = newAgents();
    const target = targetFor(service.url, { concurrency: 4 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        deliver(request({ path: `/e/${i}`, body: Buffer.from(`event ${i}`) }), target, agents),
      ),
    );
    expect(results.every((r) => r.status === 200 && r.error === null)).toBe(true);
    expect(service.requests).toHaveLength(200);
    expect(service.connections).toBeGreaterThanOrEqual(1);
    expect(service.connections).toBeLessThanOrEqual(4);
    expect(maxInFlight).toBeLessThanOrEqual(4);

    // A later event reuses a pooled connection instead of opening one.
    const before = service.connections;
    await deliver(request(), target, agents);
    expect(service.connections).toBe(before);
  });

  it('a new concurrency gives the target a new pool with the new cap', async () => {
    const service = await startService((_req, res) => setTimeout(() => res.end('ok'), 2));
    const agents = newAgents();
    const first = agents.agentFor(targetFor(service.url, { concurrency: 4 }), 'http:');
    expect(agents.agentFor(targetFor(service.url, { concurrency: 4 }), 'http:')).toBe(first);
    const target = targetFor(service.url, { concurrency: 1 });
    expect(agents.agentFor(target, 'http:')).not.toBe(first);
    const before = service.connections;
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver(request(), target, agents)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(service.connections - before).toBe(1);
  });

  it('sends once more on a fresh connection when the service closed the pooled one', async () => {
    // The service answers the first request on each connection and drops the connection on
    // the second, as a server does when its keep-alive timeout races our reuse.
    const perSocket = new WeakMap<object, number>();
    const service = await startService((req, res) => {
      const count = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, count);
      if (count > 1) req.socket.destroy();
      else res.end('ok');
    });
    const agents = newAgents();
    const target = targetFor(service.url, { concurrency: 1 });
    expect((await deliver(request(), target, agents)).status).toBe(200);
    const second = await deliver(request(), target, agents);
    expect(second.error).toBeNull();
    expect(second.status).toBe(200);
    expect(service.connections).toBe(2);
  });
});

describe('the recorded response', () => {
  it('status, header lines and body', async () => {
    const service = await startService((_req, res) => {
      res.writeHead(201, ['X-Reply', 'a', 'x-reply', 'b', 'Content-Type', 'text/plain']);
      res.end('created');
    });
    let clock = Date.parse('2026-01-02T03:04:05.678Z');
    const result = await deliver(request(), targetFor(service.url), newAgents(), { now: () => (clock += 25) });
    expect(result).toMatchObject({
      url: service.url,
      startedAt: '2026-01-02T03:04:05.703Z',
      durationMs: 25,
      status: 201,
      responseBodySize: 7,
      responseTruncated: false,
      error: null,
      droppedHeaders: [],
    });
    expect(result.responseHeaders.slice(0, 3)).toEqual([
      ['X-Reply', 'a'],
      ['x-reply', 'b'],
      ['Content-Type', 'text/plain'],
    ]);
    expect(result.responseBody.toString()).toBe('created');
  });

  it('a 3 MiB body is kept up to 1 MiB and counted in full', async () => {
    const big = randomBytes(3 * 1024 * 1024);
    const service = await startService((_req, res) => res.end(big));
    const result = await deliver(request(), targetFor(service.url), newAgents());
    expect(result.status).toBe(200);
    expect(result.error).toBeNull();
    expect(result.responseBody.length).toBe(1024 * 1024);
    expect(result.responseBody.equals(big.subarray(0, 1024 * 1024))).toBe(true);
    expect(result.responseBodySize).toBe(3 * 1024 * 1024);
    expect(result.responseTruncated).toBe(true);
  });
});

describe('failures', () => {
  it('a closed port is refused, which means the target is down', async () => {
    const service = await startService();
    await service.close();
    const result = await deliver(request(), targetFor(service.url), newAgents());
    expect(result.status).toBeNull();
    expect(result.error?.kind).toBe('refused');
    expect(result.error?.message).toContain('ECONNREFUSED');
    expect(isTargetDown(result)).toBe(true);
  });

  it('a service that never answers times out within timeoutMs', async () => {
    let aborted: Promise<void> = Promise.resolve();
    const service = await startService((req) => {
      aborted = new Promise((resolve) => req.socket.once('close', () => resolve()));
    });
    const startedAt = performance.now();
    const result = await deliver(request(), targetFor(service.url, { timeoutMs: 300 }), newAgents());
    const elapsed = performance.now() - startedAt;
    expect(result.error?.kind).toBe('timeout');
    expect(result.status).toBeNull();
    expect(isTargetDown(result)).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(300 + 1000);
    // The request was aborted, not left open on the service.
    await aborted;
  });

  it('a response body that never ends times out too: the timeout covers the whole exchange', async () => {
    const service = await startService((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
    });
    const result = await deliver(request(), targetFor(service.url, { timeoutMs: 300 }), newAgents());
    expect(result.error?.kind).toBe('timeout');
    expect(result.status).toBe(200);
    expect(result.responseBody.toString()).toBe('partial');
  });

  it('a service that destroys the socket is a reset', async () => {
    const service = await startService((req) => req.socket.destroy());
    const result = await deliver(request({ body: Buffer.from('x') }), targetFor(service.url), newAgents());
    expect(result.status).toBeNull();
    expect(result.error?.kind).toBe('reset');
    expect(isTargetDown(result)).toBe(false);
  });

  it('an invalid method is an error on the result, not a throw', async () => {
    const service = await startService();
    const result = await deliver(request({ method: 'BAD METHOD' }), targetFor(service.url), newAgents());
    expect(result.error?.kind).toBe('other');
    expect(service.requests).toHaveLength(0);
  });
});
