// One webhook try against real sockets: a redirect is the answer (not followed), a receiver
// that never answers is a timeout, a refused connection an error, a long answer capped.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhookTry } from '../../app/alerts/webhook-try.js';
import { startLocalService } from '../helpers/local-service.js';

let silent: http.Server;
let silentUrl: string;
beforeAll(async () => {
  silent = http.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((r) => silent.close(r));
});

const request = (url: string) => ({
  url,
  method: 'POST',
  headers: [['Content-Length', '999'] as [string, string], ['X-A', '1'] as [string, string]],
  body: Buffer.from('{"a":1}'),
});

describe('one webhook try', () => {
  it('does not follow a redirect and frames the body itself', async () => {
    const service = await startLocalService();
    service.respond = (_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/' });
      res.end();
    };
    try {
      const result = await sendWebhookTry(request(`${service.url}/x`));
      expect(result).toMatchObject({ status: 302, error: null });
      expect(service.received).toHaveLength(1);
      expect(service.received[0]!.body.toString()).toBe('{"a":1}');
      const lengths = service.received[0]!.rawHeaders.filter(([n]) => n.toLowerCase() === 'content-length');
      expect(lengths).toEqual([['content-length', '7']]);
    } finally {
      await service.close();
    }
  });

  it('keeps the first 4 KiB of the answer and reads Retry-After', async () => {
    const service = await startLocalService();
    service.respond = (_req, res) => {
      res.writeHead(503, { 'retry-after': '30' });
      res.end('y'.repeat(100_000));
    };
    try {
      const result = await sendWebhookTry(request(service.url));
      expect(result.status).toBe(503);
      expect(result.retryAfter).toBe('30');
      expect(result.responseBody).toBe('y'.repeat(4096));
    } finally {
      await service.close();
    }
  });

  it('gives up on a receiver that does not answer in time, and reports a refused connection', async () => {
    const timedOut = await sendWebhookTry(request(silentUrl), 200);
    expect(timedOut.status).toBeNull();
    expect(timedOut.error).toMatch(/^timeout/);
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(190);

    const probe = await startLocalService();
    const closedUrl = probe.url;
    await probe.close();
    const refused = await sendWebhookTry(request(closedUrl));
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/ECONNREFUSED/);
  });
});
