// The relay's SSRF guard for outgoing alerts: which addresses are refused (ipaddr.js ranges,
// IPv4 inside IPv6), the admin allowlist, DNS answers (an injected resolver, and `localhost`),
// the pinned connection, redirects (refused unless enabled, each hop checked), the body cap and
// the timeout. Receivers are real servers on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedRange, type HostResolver, OutboundGuard } from '../../relay-server/alerts/outbound-guard.js';
import { safeFetch } from '../../relay-server/alerts/safe-fetch.js';

const LOOPBACK_ALLOWED = ['127.0.0.1/32'];
const fakeDns: Record<string, string[]> = {
  'internal.example': ['10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'mixed.example': ['93.184.216.34', '127.0.0.1'],
  'public.example': ['93.184.216.34'],
  'receiver.test': ['127.0.0.1'],
};
const resolver: HostResolver = async (host) => {
  const found = fakeDns[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('which addresses are refused', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.4.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'ipv4Mapped loopback'],
    ['::ffff:169.254.169.254', 'ipv4Mapped linkLocal'],
    ['64:ff9b::a00:1', 'rfc6052 private'],
    ['2002:7f00:1::', '6to4 loopback'],
  ])('%s is %s', (text, range) => {
    expect(blockedRange(ipaddr.parse(text))).toBe(range);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::5db8:d822'])(
    '%s is public',
    (text) => {
      expect(blockedRange(ipaddr.parse(text))).toBeNull();
    },
  );
});

describe('URLs checked when a rule is saved', () => {
  const guard = new OutboundGuard([], resolver);
  it.each([
    'http://127.0.0.1/hook',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
    'http://0x7f.1/',
    'http://2130706433/',
  ])('refuses %s', (url) => {
    expect(guard.staticProblems(url).join()).toMatch(/address/);
  });

  it('refuses other schemes and credentials, and leaves names to DNS time', () => {
    expect(guard.staticProblems('ftp://example.com/')).toHaveLength(1);
    expect(guard.staticProblems('https://user:pw@example.com/')).toHaveLength(1);
    expect(guard.staticProblems('https://hooks.slack.com/services/T0/B0/x')).toEqual([]);
  });

  it('lets through what the admin allowed, also written IPv4-mapped', () => {
    const allowing = new OutboundGuard(LOOPBACK_ALLOWED, resolver);
    expect(allowing.staticProblems('http://127.0.0.1:9/')).toEqual([]);
    expect(allowing.staticProblems('http://[::ffff:127.0.0.1]:9/')).toEqual([]);
    expect(allowing.staticProblems('http://127.0.0.2:9/')).not.toEqual([]);
  });
});

describe('names, after DNS', () => {
  const guard = new OutboundGuard([], resolver);
  it('refuses a name that resolves to a private or metadata address', async () => {
    await expect(guard.check(new URL('http://internal.example/'))).rejects.toThrow(/10\.0\.0\.5 is a private/);
    await expect(guard.check(new URL('http://metadata.example/'))).rejects.toThrow(/linkLocal/);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    await expect(guard.check(new URL('http://mixed.example/'))).rejects.toThrow(/127\.0\.0\.1 is a loopback/);
  });

  it('passes a public name and returns the address to connect to', async () => {
    await expect(guard.check(new URL('https://public.example/'))).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('refuses localhost through the system resolver', async () => {
    await expect(new OutboundGuard().check(new URL('http://localhost:9/'))).rejects.toThrow(/loopback/);
  });
});

describe('sending through the guard', () => {
  let server: http.Server;
  let base: string;
  const seen: { url: string; host: string; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', host: req.headers.host ?? '', body: Buffer.concat(chunks).toString() });
        if (req.url === '/to-private') res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
        else if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
        else if (req.url === '/to-self') res.writeHead(307, { location: '/ok' }).end();
        else if (req.url === '/big') res.writeHead(200).end('x'.repeat(1024 * 1024));
        else if (req.url === '/hang')
          res.writeHead(200).write('partial'); // the body never ends
        else if (req.url === '/silent')
          return; // never answers
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('fine');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const post = (url: string) => ({
    url,
    method: 'POST',
    headers: [['x-a', '1']] as [string, string][],
    body: Buffer.from('{}'),
  });

  it('refuses a receiver on loopback unless the admin allows it', async () => {
    const before = seen.length;
    const blocked = await safeFetch(new OutboundGuard([], resolver), post(`${base}/ok`));
    expect(blocked).toMatchObject({ status: null, error: expect.stringMatching(/^blocked: .*loopback/) });
    expect(seen.length).toBe(before);
    const allowed = await safeFetch(new OutboundGuard(LOOPBACK_ALLOWED, resolver), post(`${base}/ok`));
    expect(allowed).toMatchObject({ status: 200, body: 'fine', error: null });
    expect(seen.at(-1)).toMatchObject({ url: '/ok', body: '{}' });
  });

  it('connects to the address it checked, and names the host in Host', async () => {
    const port = new URL(base).port;
    const out = await safeFetch(new OutboundGuard(LOOPBACK_ALLOWED, resolver), post(`http://receiver.test:${port}/ok`));
    expect(out.status).toBe(200);
    expect(seen.at(-1)!.host).toBe(`receiver.test:${port}`);
  });

  it('does not follow a 302 to a private address by default: the 3xx is the answer', async () => {
    const out = await safeFetch(new OutboundGuard(LOOPBACK_ALLOWED, resolver), post(`${base}/to-private`));
    expect(out.status).toBe(302);
    expect(out.error).toMatch(/redirect to http:\/\/10\.0\.0\.1\/ not followed/);
  });

  it('checks every hop when following is enabled', async () => {
    const guard = new OutboundGuard(LOOPBACK_ALLOWED, resolver);
    const metadata = await safeFetch(guard, post(`${base}/to-metadata`), { followRedirects: 3 });
    expect(metadata).toMatchObject({ status: null, error: expect.stringMatching(/^blocked: 169\.254\.169\.254/) });
    const priv = await safeFetch(guard, post(`${base}/to-private`), { followRedirects: 3 });
    expect(priv.error).toMatch(/^blocked: 10\.0\.0\.1 is a private/);
    const self = await safeFetch(guard, post(`${base}/to-self`), { followRedirects: 1 });
    expect(self).toMatchObject({ status: 200, finalUrl: `${base}/ok` });
    expect(seen.at(-1)).toMatchObject({ url: '/ok', body: '{}' });
  });

  it('keeps only the first 4 KiB of an answer', async () => {
    const out = await safeFetch(new OutboundGuard(LOOPBACK_ALLOWED, resolver), post(`${base}/big`));
    expect(out.status).toBe(200);
    expect(out.body.length).toBe(4096);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const out = await safeFetch(new OutboundGuard(LOOPBACK_ALLOWED, resolver), post(`${base}/silent`), {
      timeoutMs: 200,
    });
    expect(out).toMatchObject({ status: null, error: expect.stringMatching(/^timed out/) });
  });

  it('keeps the status of an answer whose body does not finish in time', async () => {
    const out = await safeFetch(new OutboundGuard(LOOPBACK_ALLOWED, resolver), post(`${base}/hang`), {
      timeoutMs: 200,
    });
    expect(out).toMatchObject({ status: 200, error: expect.stringMatching(/body timed out/) });
  });
});
