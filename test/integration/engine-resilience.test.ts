// Crashes and restarts cost nothing: the engine killed with SIGKILL mid-stream, the relay
// restarted mid-stream, the local service down for a while.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../app/engine/engine.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { eventually, inviteCode, startEngineHarness } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { startTestRelay } from '../helpers/relay-harness.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { bodyNumber } from '../helpers/send-webhooks.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const run = promisify(execFile);
const numbersAt = (service: LocalService) =>
  new Set(service.received.map((r) => (JSON.parse(r.body.toString()) as { n: number }).n));

/** Posts {n} bodies one after another at roughly `perSecond`, recording which got a 2xx. */
async function steadyStream(url: () => string, count: number, perSecond: number, onSent?: (n: number) => void) {
  const acked = new Set<number>();
  for (let n = 0; n < count; n++) {
    try {
      const res = await fetch(url(), {
        method: 'POST',
        body: JSON.stringify({ n }),
        signal: AbortSignal.timeout(3000),
      });
      if (res.status === 200) acked.add(n);
    } catch {
      // the relay is down: this one was not acknowledged
    }
    onSent?.(n);
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  return acked;
}

function spawnListen(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [PORTHOLE_BIN, 'listen', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
  });
}

describe('engine resilience', () => {
  it('stores every event exactly once and forwards it when the engine is SIGKILLed mid-stream', {
    timeout: 120_000,
  }, async () => {
    const relay = await startTestRelay();
    cleanups.push(() => relay.stop());
    const service = await startLocalService();
    cleanups.push(() => service.close());
    const temp = makeTempDir();
    cleanups.push(() => temp.cleanup());
    await run(process.execPath, [
      PORTHOLE_BIN,
      'pair',
      relay.relay.url,
      await inviteCode(relay),
      '--data-dir',
      temp.dir,
    ]);
    const listenArgs = [
      '--forward-to',
      service.url,
      '--relay',
      relay.relay.url,
      '--endpoint',
      'crash',
      '--data-dir',
      temp.dir,
    ];
    const first = await spawnListen(listenArgs);
    cleanups.push(() => void first.child.kill('SIGKILL'));

    const TOTAL = 400;
    let killed = false;
    const acked = await steadyStream(
      () => first.url,
      TOTAL,
      400,
      () => {
        if (!killed && service.received.length >= 120) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      },
    );
    expect(killed).toBe(true);
    expect(acked.size).toBe(TOTAL);

    const second = await spawnListen(listenArgs);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    expect(second.url).toBe(first.url);
    await eventually(() => numbersAt(service).size === TOTAL, 30_000);

    const db = new Database(path.join(temp.dir, 'porthole.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT body FROM events').all() as { body: Buffer }[];
    db.close();
    const numbers = stored.map((r) => bodyNumber(r.body.toString('base64')));
    expect(numbers).toHaveLength(TOTAL);
    expect(new Set(numbers).size).toBe(TOTAL);
  });

  it('loses and duplicates nothing when the relay restarts during a steady stream', { timeout: 60_000 }, async () => {
    const relayDir = makeTempDir();
    const engineDir = makeTempDir();
    cleanups.push(
      () => relayDir.cleanup(),
      () => engineDir.cleanup(),
    );
    const relayConfig = { ...RELAY_DEFAULTS, port: 0, dataDir: relayDir.dir, log: createRelayLogger('silent') };
    let relay = await startRelay(relayConfig);
    const port = relay.port;
    const invite = await fetch(`${relay.url}/api/admin/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' },
      body: '{"name":"alice"}',
    });
    const engine = await startEngine({ dataDir: engineDir.dir });
    cleanups.push(() => engine.close());
    await engine.api.invoke('relay.pair', {
      relayUrl: relay.url,
      code: ((await invite.json()) as { code: string }).code,
    });
    const created = await engine.api.invoke('endpoints.create', { name: 'steady' });
    const endpoint = await eventually(async () =>
      (await engine.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === created.id && e.url),
    );

    let restarted = false;
    const acked = await steadyStream(
      () => endpoint.url!,
      300,
      150,
      (n) => {
        if (n === 100) {
          void relay.close().then(async () => {
            await new Promise((r) => setTimeout(r, 300));
            relay = await startRelay({ ...relayConfig, port });
            restarted = true;
          });
        }
      },
    );
    cleanups.push(() => relay.close());
    expect(restarted).toBe(true);
    expect(acked.size).toBeGreaterThan(200);
    expect(acked.size).toBeLessThan(300);
    await eventually(async () => (await engine.api.invoke('events.count', {})).count >= acked.size, 20_000);
    const page = await engine.api.invoke('events.list', { limit: 1000 });
    const numbers = page.events.map((e) => e.id);
    expect(new Set(numbers).size).toBe(numbers.length);
    const details = await Promise.all(page.events.map((e) => engine.api.invoke('events.get', { id: e.id })));
    expect(new Set(details.map((d) => bodyNumber(d.body)))).toEqual(acked);
  });

  it('holds events while the local service is down and delivers them in order when it is back', {
    timeout: 60_000,
  }, async () => {
    const h = await startEngineHarness();
    cleanups.push(() => h.stop());
    const probe = await startLocalService();
    const port = probe.port;
    await probe.close();
    await h.api.invoke('targets.create', {
      endpointId: h.endpoint.id,
      url: `http://127.0.0.1:${port}/hooks`,
      holdWhileDown: true,
    });
    for (let n = 0; n < 300; n++) {
      const res = await fetch(h.endpoint.url!, { method: 'POST', body: JSON.stringify({ n }) });
      expect(res.status).toBe(200);
    }
    await eventually(async () => (await h.api.invoke('events.count', {})).count === 300);
    const service = await startLocalService(port);
    cleanups.push(() => service.close());
    await service.waitFor(300, 30_000);
    expect(service.received.map((r) => (JSON.parse(r.body.toString()) as { n: number }).n)).toEqual(
      Array.from({ length: 300 }, (_, i) => i),
    );
    const first = await h.api.invoke('events.list', { limit: 1 });
    const detail = await eventually(async () => {
      const d = await h.api.invoke('events.get', { id: first.events[0]!.id });
      return d.attempts.length > 0 ? d : undefined;
    });
    // Held deliveries leave no failed attempts behind: one attempt, the successful one.
    expect(detail.attempts.map((a) => a.status)).toEqual([200]);
  });
});
