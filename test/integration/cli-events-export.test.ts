// `porthole events export` and `porthole events import` as a user runs them, attached to a
// running engine (with a real relay) over its loopback DesktopApi: HAR that passes the HAR 1.2
// schema, a curl script that replays byte-exact bodies when run by sh, CSV, NDJSON as before,
// and an import that brings the same requests back; bad input is one line and exit 1.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDetail, EventSummary } from '../../protocol/desktop-api.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { NASTY_BYTES } from '../helpers/export-events.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { validateHar } from '../unit/export/har-schema-check.js';

const run = promisify(execFile);
const outcome = (p: Promise<{ stdout: string; stderr: string }>) =>
  p.then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let h: EngineHarness;
let service: LocalService;
const temp = makeTempDir();
const porthole = (...args: string[]) =>
  outcome(run(process.execPath, [PORTHOLE_BIN, ...args, '--data-dir', h.dataDir], { maxBuffer: 64 * 1024 * 1024 }));
let originals: EventDetail[] = [];

beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'shop' });
  service = await startLocalService();
  const url = h.endpoint.url!;
  await fetch(`${url}/orders?id=7&x=%20`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sig': "t=1,v1='$(id)'" },
    body: '{"id":7,"note":"`id` $HOME \\"q\\"\\n"}',
  });
  await fetch(`${url}/blob`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: NASTY_BYTES,
  });
  await fetch(`${url}/ping`);
  const { events } = await eventually(async () => {
    const page = await h.api.invoke('events.list', {});
    return page.events.length >= 3 ? page : undefined;
  });
  originals = await Promise.all(events.reverse().map((e) => h.api.invoke('events.get', { id: e.id })));
}, 30_000);

afterAll(async () => {
  await service.close();
  await h.stop();
  temp.cleanup();
});

describe('porthole events export', () => {
  it('--format har --out writes a HAR 1.2 file that passes its JSON Schema, oldest first', async () => {
    const file = path.join(temp.dir, 'events.har');
    const result = await porthole('events', 'export', '--format', 'har', '--out', file, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ out: file, format: 'har', count: 3 });
    const har = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(validateHar(har)).toBe(true);
    expect(har.log.entries.map((e: { request: { url: string } }) => e.request.url)).toEqual([
      `${h.endpoint.url}/orders?id=7&x=%20`,
      `${h.endpoint.url}/blob`,
      `${h.endpoint.url}/ping`,
    ]);
  });

  it('--format curl --target-url writes a script that sh runs to replay every body byte-exact', async () => {
    const result = await porthole('events', 'export', '--format', 'curl', '--target-url', `${service.url}/local`);
    expect(result.code).toBe(0);
    const script = path.join(temp.dir, 'replay.sh');
    fs.writeFileSync(script, result.stdout);
    const ran = await outcome(run('sh', [script]));
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const received = await service.waitFor(3);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /local/orders?id=7&x=%20',
      'PUT /local/blob',
      'GET /local/ping',
    ]);
    received.forEach((r, i) => {
      expect(Buffer.from(r.body)).toEqual(Buffer.from(originals[i]!.body, 'base64'));
    });
    expect(Buffer.from(received[1]!.body)).toEqual(NASTY_BYTES);
  });

  it('prints NDJSON by default (every event in full, newest first, as before) and CSV on request', async () => {
    const ndjson = await porthole('events', 'export', '--endpoint', 'shop');
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EventDetail);
    expect(lines.map((e) => e.id)).toEqual(originals.map((e) => e.id).reverse());
    expect(lines[1]!.body).toBe(NASTY_BYTES.toString('base64'));
    const limited = await porthole('events', 'export', '--method', 'PUT', '--limit', '1');
    expect(limited.stdout.trim().split('\n')).toHaveLength(1);

    const csv = await porthole('events', 'export', '--format', 'csv');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split('\r\n');
    expect(rows[0]).toBe('id,receivedAt,endpoint,method,path,query,status,error,size,contentType,body,bodyComplete');
    expect(rows).toHaveLength(5); // header, 3 rows, and the empty string after the last CRLF
  });

  it('--filter narrows list and export with the filter language, and points at a mistake', async () => {
    const list = await porthole('events', 'list', '--filter', 'body.id=7 path^=/orders');
    expect(list.code).toBe(0);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { path: string }).path),
    ).toEqual(['/orders']);
    const exported = await porthole('events', 'export', '--filter', 'method in (PUT, GET)', '--format', 'csv');
    expect(exported.stdout.split('\r\n')).toHaveLength(4); // header, 2 rows, the empty string after the last CRLF
    const bad = await porthole('events', 'list', '--filter', 'status=');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('at 7');
    expect(bad.stderr).toContain('  status=\n         ^');
  });

  it('refuses bad options with one line and a non-zero exit, and has --help', async () => {
    const format = await porthole('events', 'export', '--format', 'xml');
    expect(format.code).not.toBe(0);
    // The reason on one line, then the program's usual hint.
    expect(format.stderr).toMatch(
      /^porthole: .*'xml' is invalid\. Allowed choices are har, json, ndjson, csv, curl\.\n/,
    );
    const url = await porthole('events', 'export', '--target-url', 'ftp://x');
    expect(url.code).not.toBe(0);
    expect(url.stderr).toContain('expected an http(s) URL');
    const dir = await porthole('events', 'export', '--out', path.join(temp.dir, 'missing', 'x.har'));
    expect(dir.code).toBe(1);
    expect(dir.stderr).toMatch(/^porthole: .*ENOENT.*\n$/);
    for (const sub of ['export', 'import']) {
      const help = await outcome(run(process.execPath, [PORTHOLE_BIN, 'events', sub, '--help']));
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: porthole events ${sub}`);
    }
  });
});

describe('porthole events import', () => {
  it('brings back the requests of a HAR export as imported events with the same bytes', async () => {
    const file = path.join(temp.dir, 'roundtrip.har');
    expect((await porthole('events', 'export', '--format', 'har', '--out', file)).code).toBe(0);
    const result = await porthole('events', 'import', file, '--endpoint', 'shop', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const imported = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EventSummary);
    expect(imported).toHaveLength(3);
    for (const [i, summary] of imported.entries()) {
      const event = await h.api.invoke('events.get', { id: summary.id });
      const original = originals[i]!;
      expect(event).toMatchObject({
        method: original.method,
        path: original.path,
        query: original.query,
        headers: original.headers,
        body: original.body,
        sourceIp: 'import:har',
      });
    }
  });

  it('imports JSON fixtures into the endpoint the file names, and says what it did', async () => {
    const file = path.join(temp.dir, 'fixtures.json');
    expect(
      (await porthole('events', 'export', '--format', 'json', '--method', 'PUT', '--limit', '1', '--out', file)).code,
    ).toBe(0);
    const result = await porthole('events', 'import', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^imported 1 request\(s\) from .*fixtures\.json \(json\) into shop\nevt_\S+ {2}PUT \/blob\n$/,
    );
  });

  it('refuses a missing, malformed or unknown-endpoint import with one line and exit 1', async () => {
    const missing = await porthole('events', 'import', path.join(temp.dir, 'nope.har'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^porthole: cannot read .*nope\.har\n$/);
    const bad = path.join(temp.dir, 'bad.json');
    fs.writeFileSync(
      bad,
      '{"log":{"entries":[{"request":{"method":"GET","url":"http://x/","headers":[{"name":"a b","value":""}]}}]}}',
    );
    const malformed = await porthole('events', 'import', bad);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toBe(`porthole: ${bad}: HAR entry 1: "a b" is not a header name\n`);
    const fixtures = path.join(temp.dir, 'fixtures.json');
    const unknown = await porthole('events', 'import', fixtures, '--endpoint', 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('porthole: no endpoint named "nowhere"\n');
  });
});
