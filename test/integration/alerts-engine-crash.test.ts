// The alert queue is durable: an engine SIGKILLed after a webhook try failed still owes the
// retry, and the next engine on the data dir sends it (same alert id, so the receiver can
// drop a duplicate).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import { eventually } from '../helpers/engine-harness.js';
import { startLocalService } from '../helpers/local-service.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function startPorthole(dataDir: string, relayPort: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [PORTHOLE_BIN, 'start', '--data-dir', dataDir, '--relay-port', String(relayPort), '--no-open', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  cleanups.push(() => void child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`porthole start exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
  });
}

describe('alert queue across a crash', () => {
  it('delivers the pending retry after the engine is SIGKILLed and started again', { timeout: 90_000 }, async () => {
    const temp = makeTempDir();
    cleanups.push(() => temp.cleanup());
    const receiver = await startLocalService();
    cleanups.push(() => receiver.close());
    const relayPort = await freePort();
    const first = await startPorthole(temp.dir, relayPort);

    let fail = true;
    let killed: Promise<void> | null = null;
    receiver.respond = (_req, res) => {
      res.writeHead(fail ? 503 : 200);
      res.end();
      if (fail && !killed) {
        // Time for the engine to log the try and reschedule it; then the crash.
        killed = new Promise((resolve) =>
          setTimeout(() => {
            first.child.kill('SIGKILL');
            first.child.once('exit', () => resolve());
          }, 300),
        );
      }
    };
    const porthole = (...args: string[]) => run(process.execPath, [PORTHOLE_BIN, ...args, '--data-dir', temp.dir]);
    const created = JSON.parse(
      (
        await porthole(
          'alerts',
          'create',
          'crashproof',
          '--when',
          'match:method=POST',
          '--webhook',
          receiver.url,
          '--retry',
          '0,3s',
          '--show-secret',
          '--json',
        )
      ).stdout,
    ) as AlertRule;

    expect((await fetch(first.url, { method: 'POST', body: '{"n":1}' })).status).toBe(200);
    await eventually(() => killed !== null, 20_000);
    await killed;

    const db = new Database(path.join(temp.dir, 'porthole.sqlite'), { readonly: true });
    const owed = db.prepare('SELECT attempt FROM alert_queue').all() as { attempt: number }[];
    db.close();
    expect(owed).toEqual([{ attempt: 2 }]);

    fail = false;
    await startPorthole(temp.dir, relayPort);
    const [firstTry, retry] = await receiver.waitFor(2, 30_000);
    const id = (r: typeof firstTry) => r!.rawHeaders.find(([n]) => n.toLowerCase() === 'webhook-id')?.[1];
    expect(id(retry)).toBe(id(firstTry));
    const headers = Object.fromEntries(retry!.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
    expect(() => new Webhook(created.secret).verify(retry!.body.toString(), headers)).not.toThrow();
    const log = JSON.parse((await porthole('alerts', 'log', 'crashproof', '--json')).stdout.trim()) as {
      attempts: { attempt: number; status: number }[];
    };
    expect(log.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [2, 200],
      [1, 503],
    ]);
  });
});
