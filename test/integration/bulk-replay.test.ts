// Bulk replay through the DesktopApi of a real engine paired with a real relay: a filter's
// 1,000 events go out to a local service with a concurrency cap, cancel stops it midway with
// an exact count of what went out, the start rate holds, and refusals are counted with why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkReplayProgress } from '../../protocol/desktop-api.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';

let h: EngineHarness;
let service: LocalService;

beforeEach(async () => {
  h = await startEngineHarness({ endpointName: 'shop' });
  service = await startLocalService();
});
afterEach(async () => {
  await service.close();
  await h.stop();
});

async function sendWebhooks(paths: string[], headers: Record<string, string> = {}) {
  for (let i = 0; i < paths.length; i += 50) {
    await Promise.all(
      paths.slice(i, i + 50).map(async (path, j) => {
        const res = await fetch(`${h.endpoint.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ n: i + j }),
        });
        expect(res.status).toBe(200);
      }),
    );
  }
}

const finished = (jobId: string) =>
  eventually(async () => {
    const p = await h.api.invoke('replay.bulk.status', { jobId });
    return p.state !== 'running' ? p : undefined;
  }, 30_000);

describe('bulk replay', () => {
  it("replays a filter's 1,000 events, and cancel midway stops with the exact count that went out", async () => {
    await sendWebhooks([
      ...Array.from({ length: 1000 }, () => '/orders'),
      ...Array.from({ length: 50 }, () => '/other'),
    ]);
    // Every event is in before a target exists, so none is forwarded live.
    await eventually(async () => (await h.api.invoke('events.count', {})).count === 1050, 20_000);
    expect((await h.api.invoke('events.count', { query: { pathPrefix: '/orders' } })).count).toBe(1000);
    // Slow enough that cancel lands midway.
    service.respond = (_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end('ok');
      }, 3);
    };
    await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: service.url });
    const pushed: BulkReplayProgress[] = [];
    const off = h.api.on('onBulkReplay', ({ progress }) => pushed.push(progress));

    const started = await h.api.invoke('replay.bulk.start', { query: { pathPrefix: '/orders' }, concurrency: 4 });
    expect(started).toMatchObject({ state: 'running', total: 1000, sent: 0 });
    await service.waitFor(300, 20_000);
    await h.api.invoke('replay.bulk.cancel', { jobId: started.jobId });
    const end = await finished(started.jobId);
    off();

    expect(end.state).toBe('cancelled');
    expect(end.sent).toBeGreaterThanOrEqual(300);
    expect(end.sent).toBeLessThan(1000);
    // Nothing more goes out after the job says it is over.
    await new Promise((r) => setTimeout(r, 200));
    expect(service.received.length).toBe(end.sent);
    expect(service.received.every((r) => r.url === '/orders')).toBe(true);
    expect(end.succeeded).toBe(end.sent);
    expect(end.statuses).toEqual({ '200': end.sent });
    // Oldest first: the first replayed body is the first event sent.
    expect(JSON.parse(service.received[0]!.body.toString()).n).toBeLessThan(50);
    // Each replay is stored as a replay of its event.
    expect((await h.api.invoke('events.count', {})).count).toBe(1050 + end.sent);
    // Progress was pushed while running and at the end.
    expect(pushed.length).toBeGreaterThan(1);
    expect(pushed.at(-1)).toEqual(end);
  }, 90_000);

  it('holds the start rate, counts local answers by status and replays carrying an idempotency key', async () => {
    await sendWebhooks(
      Array.from({ length: 10 }, () => '/hook'),
      { 'webhook-id': 'msg_same' },
    );
    await sendWebhooks(Array.from({ length: 10 }, () => '/plain'));
    await eventually(async () => (await h.api.invoke('events.count', {})).count === 11);
    // dedupe stored the ten redeliveries of msg_same once; the plain ones all count.
    const { events } = await h.api.invoke('events.list', {});
    service.respond = (req, res) => {
      const keyed = req.rawHeaders.some(([name]) => name.toLowerCase() === 'webhook-id');
      res.writeHead(!keyed && JSON.parse(req.body.toString()).n % 2 ? 500 : 200);
      res.end();
    };
    const started = performance.now();
    const job = await h.api.invoke('replay.bulk.start', {
      ids: events.map((e) => e.id),
      to: { url: service.url },
      concurrency: 8,
      ratePerSecond: 40,
    });
    const end = await finished(job.jobId);
    const elapsed = performance.now() - started;
    expect(end).toMatchObject({ state: 'done', total: 11, sent: 11, idempotencyKeys: 1 });
    // 11 starts at 40 a second: the last starts 250 ms after the first.
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(end.statuses['500']).toBe(5);
    expect(end.statuses['200']).toBe(6);
    expect(end.failed).toBe(5);
    expect(end.errors[0]!.message).toContain('500');
    expect(end.finishedAt).not.toBeNull();
  }, 60_000);

  it('counts refusals with the reason when nothing can go out, and checks its input', async () => {
    await sendWebhooks(['/a', '/b']);
    await eventually(async () => (await h.api.invoke('events.count', {})).count === 2);
    // No target and no URL: each replay is refused before anything is sent.
    const job = await h.api.invoke('replay.bulk.start', { query: {} });
    const end = await finished(job.jobId);
    expect(end).toMatchObject({ state: 'done', sent: 0, failed: 2, statuses: { refused: 2 } });
    expect(end.errors[0]!.message).toContain('no target');

    await expect(h.api.invoke('replay.bulk.start', { query: { pathPrefix: '/nothing' } })).rejects.toThrow(
      'no events to replay',
    );
    await expect(h.api.invoke('replay.bulk.start', { ids: ['evt_x'], query: {} })).rejects.toThrow('not both');
    await expect(h.api.invoke('replay.bulk.status', { jobId: 'bulk_none' })).rejects.toThrow('no bulk replay');
    await expect(h.api.invoke('replay.bulk.start', { query: {}, concurrency: 99 } as never)).rejects.toThrow(
      /concurrency/,
    );
  }, 60_000);
});
