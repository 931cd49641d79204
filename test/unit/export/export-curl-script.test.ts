// The exported curl script, run by a POSIX sh (dash on Debian) against a real HTTP server on
// 127.0.0.1: every request arrives with its method, target, header lines and exact body bytes.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDetail } from '../../../protocol/desktop-api.js';
import { toCurlScript } from '../../../protocol/export/curl-script.js';
import { exportEvent, NASTY_BYTES } from '../../helpers/export-events.js';
import { type LocalService, startLocalService } from '../../helpers/local-service.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const run = promisify(execFile);
let service: LocalService;
const temp = makeTempDir();

beforeAll(async () => {
  service = await startLocalService();
});
afterAll(async () => {
  await service.close();
  temp.cleanup();
});

async function runScript(script: string, ...args: string[]) {
  const file = path.join(temp.dir, `script-${Date.now()}-${Math.random()}.sh`);
  fs.writeFileSync(file, script);
  return run('sh', [file, ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** The received lines curl adds on its own (Host, Content-Length) left out. */
const sent = (raw: [string, string][]) => raw.filter(([n]) => !['host', 'content-length'].includes(n.toLowerCase()));

const events: EventDetail[] = [
  exportEvent({
    method: 'POST',
    path: '/stripe',
    query: 'a=1&a=2&b=%20x&c=[1]',
    headers: [
      ['Content-Type', 'application/json'],
      ['Stripe-Signature', "t=1,v1='$(id)'`id`"],
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['X-Empty', ''],
    ],
    bodyBytes: '{"q":"it\'s \\"here\\"","d":"$HOME `id` $(id)","nl":"a\nb"}\n',
  }),
  exportEvent({
    method: 'PUT',
    path: '/bin',
    headers: [['content-type', 'application/octet-stream']],
    bodyBytes: NASTY_BYTES,
  }),
  exportEvent({ method: 'GET', path: '/a/../b', query: '', headers: [['X-A', '$x']], bodyBytes: '' }),
  exportEvent({ method: 'PATCH', path: '/big', bodyBytes: Buffer.alloc(1_500_000, 0).map((_, i) => (i * 7) % 256) }),
  exportEvent({ method: 'POST', path: "/it's", headers: [['Content-Length', '0']], bodyBytes: '' }),
];

describe('curl script export, run by sh', () => {
  it('replays every body byte-exact to the base URL given on the command line', async () => {
    const script = toCurlScript(events, { baseUrlFor: () => 'http://127.0.0.1:9/never-used' });
    const before = service.received.length;
    const result = await runScript(script, `${service.url}/hooks`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const received = await service.waitFor(before + events.length);
    const got = received.slice(before);
    expect(got.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /hooks/stripe?a=1&a=2&b=%20x&c=[1]',
      'PUT /hooks/bin',
      'GET /hooks/a/../b',
      'PATCH /hooks/big',
      "POST /hooks/it's",
    ]);
    events.forEach((event, i) => {
      expect(Buffer.from(got[i]!.body)).toEqual(Buffer.from(event.body, 'base64'));
    });
    expect(sent(got[0]!.rawHeaders)).toEqual(events[0]!.headers);
    expect(sent(got[1]!.rawHeaders)).toEqual(events[1]!.headers);
    expect(sent(got[2]!.rawHeaders)).toEqual([['X-A', '$x']]);
    expect(got[3]!.rawHeaders.map(([n]) => n.toLowerCase())).not.toContain('expect');
    expect(result.stdout.trim().split('\n')).toEqual(
      events.map((e) => `${e.method} ${e.path}${e.query ? `?${e.query}` : ''} -> 200`),
    );
  });

  it('sends to the exported base URL when none is given, and asks for one when it was unknown', async () => {
    const before = service.received.length;
    const known = toCurlScript([events[0]!], { baseUrlFor: () => `${service.url}/exported/` });
    expect((await runScript(known)).code).toBe(0);
    const [got] = (await service.waitFor(before + 1)).slice(before);
    expect(got!.url).toBe('/exported/stripe?a=1&a=2&b=%20x&c=[1]');

    const unknown = toCurlScript([events[0]!]);
    const result = await runScript(unknown);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('BASE_URL');
  });

  it('exits non-zero and counts the requests that could not be sent', async () => {
    const result = await runScript(toCurlScript(events.slice(0, 2)), 'http://127.0.0.1:9');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 request(s) failed');
  });
});
