// `porthole endpoints` as a user runs it against a running `porthole start`: door flags become
// the endpoint's config (secrets masked when shown), updates merge, the relay enforces what was
// set once synced, and bad flags fail with a one-line reason before anything is sent.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEndpoint } from '../../protocol/desktop-api.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const temp = makeTempDir();
const porthole = (...args: string[]) =>
  run(process.execPath, [PORTHOLE_BIN, ...args, '--data-dir', temp.dir]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let start: ChildProcess;

/** The endpoint as the engine lists it once the relay has acknowledged its current revision. */
async function synced(name: string, revision: number, timeoutMs = 10_000): Promise<LocalEndpoint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await porthole('endpoints', 'list', '--json');
    const endpoint = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LocalEndpoint)
      .find((e) => e.name === name);
    if (endpoint?.url && endpoint.syncState === 'synced' && endpoint.revision >= revision) return endpoint;
    if (Date.now() > deadline) throw new Error(`${name} not synced: ${JSON.stringify(endpoint)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  start = spawn(
    process.execPath,
    [PORTHOLE_BIN, 'start', '--data-dir', temp.dir, '--relay-port', '0', '--no-open', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: start.stdout! }).once('line', resolve);
    start.once('exit', (code) => reject(new Error(`porthole start exited with ${code}`)));
  });
  expect(JSON.parse(first).url).toMatch(/\/h\/wh_/);
}, 60_000);

afterAll(async () => {
  start.kill('SIGTERM');
  if (start.exitCode === null) await new Promise((r) => start.once('exit', r));
  temp.cleanup();
});

describe('porthole endpoints', { timeout: 60_000 }, () => {
  it('creates an endpoint with its door, shown with secrets masked, synced to the relay', async () => {
    const body = path.join(temp.dir, 'accepted.json');
    fs.writeFileSync(body, '{"accepted":true}');
    const created = await porthole(
      'endpoints',
      'create',
      'shop',
      '--verify',
      'stripe',
      '--secret',
      'whsec_first',
      '--secret',
      'whsec_second',
      '--rate-limit',
      '100/1m',
      '--allow',
      '10.0.0.0/8',
      '--allow',
      '2001:db8::/32',
      '--respond',
      `202:${body}`,
      '--json',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).not.toContain('whsec_');

    const show = await porthole('endpoints', 'show', 'shop', '--json');
    expect(show.code).toBe(0);
    expect(show.stdout).not.toContain('whsec_');
    const shown = JSON.parse(show.stdout) as LocalEndpoint;
    expect(shown.door.signature).toMatchObject({ check: { scheme: 'stripe' }, onFail: 'reject' });
    expect(shown.door.signature!.check.secrets).toHaveLength(2);
    for (const s of shown.door.signature!.check.secrets) expect(s).toMatch(/^\*{4}[0-9a-f]{4}$/);
    expect(shown.door.rateLimit).toEqual({ requests: 100, windowSeconds: 60 });
    expect(shown.door.allow).toEqual({ cidrs: ['10.0.0.0/8', '2001:db8::/32'] });
    expect(shown.door.response).toEqual({
      mode: 'static',
      response: { status: 202, headers: [['content-type', 'application/json']], body: '{"accepted":true}' },
    });
    const clear = JSON.parse((await porthole('endpoints', 'show', 'shop', '--json', '--show-secrets')).stdout);
    expect(clear.door.signature.check.secrets).toEqual(['whsec_first', 'whsec_second']);

    // The relay has it: the engine lists it as synced at the revision the CLI created.
    const listed = await synced('shop', shown.revision);
    expect(listed.door).toEqual(shown.door);
    expect(listed.url).toMatch(/\/h\/wh_/);
  });

  it('updates only what is given, and the relay follows', async () => {
    const before = JSON.parse((await porthole('endpoints', 'show', 'shop', '--json')).stdout) as LocalEndpoint;
    const updated = await porthole('endpoints', 'update', 'shop', '--no-allow', '--json');
    expect(updated.code).toBe(0);
    const after = JSON.parse(updated.stdout) as LocalEndpoint;
    const door = after.door;
    expect(door.allow).toBeNull();
    expect(door.signature!.check.secrets).toHaveLength(2);
    expect(door.rateLimit).toEqual({ requests: 100, windowSeconds: 60 });
    expect(door.response).toMatchObject({ mode: 'static', response: { status: 202 } });
    expect(door).toEqual({ ...before.door, allow: null });
    expect(after.revision).toBeGreaterThan(before.revision);
    expect((await synced('shop', after.revision)).door.allow).toBeNull();

    const flagged = await porthole('endpoints', 'update', 'shop', '--on-fail', 'flag', '--max-body', '5mb', '--json');
    const flaggedEndpoint = JSON.parse(flagged.stdout) as LocalEndpoint;
    expect(flaggedEndpoint.door.signature!.onFail).toBe('flag');
    expect(flaggedEndpoint.maxBodyBytes).toBe(5_000_000);
    expect(flaggedEndpoint.door.rateLimit).toEqual(door.rateLimit);

    // --secret replaces the list; --no-verify clears the check.
    const rotated = await porthole('endpoints', 'update', 'shop', '--secret', 'whsec_third', '--json');
    expect((JSON.parse(rotated.stdout) as LocalEndpoint).door.signature!.check.secrets).toHaveLength(1);

    const table = await porthole('endpoints', 'list');
    expect(table.stdout).toMatch(/shop .*verify stripe×1 \(flag\), rate 100\/1m, respond 202/);
    const cleared = await porthole('endpoints', 'update', 'shop', '--no-verify', '--no-rate-limit', '--json');
    const clearedDoor = (JSON.parse(cleared.stdout) as LocalEndpoint).door;
    expect(clearedDoor.signature).toBeNull();
    expect(clearedDoor.rateLimit).toBeNull();
    expect(clearedDoor.response).toEqual(door.response);
  });

  it('refuses bad flags with a one-line reason and a non-zero exit', async () => {
    const notJson = path.join(temp.dir, 'schema.txt');
    fs.writeFileSync(notJson, 'type: object');
    const cases: [string[], RegExp][] = [
      [['--verify', 'paypal', '--secret', 's'], /unknown scheme "paypal"/],
      [['--rate-limit', '5'], /--rate-limit "5": expected N\/WINDOW/],
      [['--allow', '10.0.0.0/33'], /--allow "10.0.0.0\/33": has prefix length \/33/],
      [['--schema', path.join(temp.dir, 'missing.json')], /--schema .*missing\.json: no such file/],
      [['--schema', notJson], /--schema .*schema\.txt: not JSON/],
      [['--verify', 'stripe'], /--verify stripe needs at least one --secret/],
      [['--respond', '99'], /--respond "99"/],
    ];
    for (const [flags, reason] of cases) {
      const result = await porthole('endpoints', 'create', 'bad', ...flags);
      expect(result.code, flags.join(' ')).not.toBe(0);
      expect(result.stderr.split('\n')[0]).toMatch(reason);
    }
    const list = await porthole('endpoints', 'list', '--json');
    expect(list.stdout).not.toContain('"bad"');
    const help = await porthole('endpoints', 'create', '--help');
    expect(help.stdout).toMatch(/--rate-limit <n\/window>/);
  });

  it('deletes an endpoint', async () => {
    const deleted = await porthole('endpoints', 'delete', 'shop', '--json');
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ deleted: 'shop' });
    const show = await porthole('endpoints', 'show', 'shop');
    expect(show.code).not.toBe(0);
    expect(show.stderr).toMatch(/no endpoint named "shop"/);
  });
});
