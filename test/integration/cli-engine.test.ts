// The engine commands as a user runs them: pair, listen (lines per event, --json), events
// list/show/export, replay; a second command attaches to the running engine.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteCode } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const porthole = (...args: string[]) =>
  run(process.execPath, [PORTHOLE_BIN, ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let relay: RelayHarness;
let service: LocalService;
let listen: ChildProcess;
const lines: string[] = [];
const temp = makeTempDir();
let url = '';

function nextLine(count: number, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (lines.length >= count) resolve(lines[count - 1]!);
      else if (Date.now() - started > timeoutMs) reject(new Error(`only ${lines.length} lines from listen`));
      else setTimeout(check, 20);
    };
    check();
  });
}

beforeAll(async () => {
  relay = await startTestRelay();
  service = await startLocalService();
  const paired = await porthole('pair', relay.relay.url, await inviteCode(relay), '--data-dir', temp.dir, '--json');
  expect(paired.code).toBe(0);
  expect(JSON.parse(paired.stdout).relayUrl).toBe(relay.relay.url);
  listen = spawn(
    process.execPath,
    [
      PORTHOLE_BIN,
      'listen',
      '--forward-to',
      `${service.url}/webhooks`,
      '--relay',
      relay.relay.url,
      '--data-dir',
      temp.dir,
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  readline.createInterface({ input: listen.stdout! }).on('line', (line) => lines.push(line));
  url = (JSON.parse(await nextLine(1)) as { url: string }).url;
}, 60_000);

afterAll(async () => {
  listen.kill('SIGTERM');
  await new Promise((r) => listen.once('exit', r));
  await service.close();
  await relay.stop();
  temp.cleanup();
});

describe('porthole listen and friends', () => {
  it('prints the permanent URL, then one JSON line per event with the local status', async () => {
    expect(url).toMatch(new RegExp(`^${relay.relay.url}/h/wh_`));
    service.respond = (_req, res) => {
      res.writeHead(202);
      res.end();
    };
    await fetch(`${url}/orders?id=7`, { method: 'POST', body: '{"order":7}' });
    const line = JSON.parse(await nextLine(2)) as { method: string; path: string; status: number; durationMs: number };
    expect(line).toMatchObject({ method: 'POST', path: '/orders', status: 202 });
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(service.received.at(-1)!.url).toBe('/webhooks/orders?id=7');
  });

  it('lists, shows and exports events by attaching to the running engine', async () => {
    const list = await porthole('events', 'list', '--data-dir', temp.dir);
    expect(list.code).toBe(0);
    const events = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; path: string });
    expect(events[0]!.path).toBe('/orders');
    const show = await porthole('events', 'show', events[0]!.id, '--data-dir', temp.dir);
    const detail = JSON.parse(show.stdout) as { body: string; attempts: { status: number }[] };
    expect(Buffer.from(detail.body, 'base64').toString()).toBe('{"order":7}');
    expect(detail.attempts[0]!.status).toBe(202);
    const exported = await porthole('events', 'export', '--search', 'order', '--data-dir', temp.dir);
    expect(exported.stdout.trim().split('\n')).toHaveLength(1);
    const missing = await porthole('events', 'show', 'evt_missing', '--data-dir', temp.dir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no event evt_missing/);
  });

  it('replays an event to its targets or to another URL', async () => {
    const id = (
      JSON.parse((await porthole('events', 'list', '--data-dir', temp.dir)).stdout.split('\n')[0]!) as { id: string }
    ).id;
    const other = await startLocalService();
    const replayed = await porthole('replay', id, '--to', `${other.url}/x`, '--data-dir', temp.dir, '--json');
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout).event.replayOf).toBe(id);
    expect(other.received[0]!.body.toString()).toBe('{"order":7}');
    const again = await porthole('replay', id, '--data-dir', temp.dir);
    expect(again.stdout).toMatch(/-> 202/);
    await other.close();
  });

  it('rejects bad arguments clearly', async () => {
    const bad = await porthole('listen', '--forward-to', 'not a url', '--data-dir', temp.dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--forward-to must be an http\(s\) URL/);
    const help = await porthole('events', 'export', '--help');
    expect(help.stdout).toMatch(/--search/);
  });
});
