// kill -9 mid-burst: every webhook whose sender got a 2xx must be delivered after restart.
import { afterAll, expect, it } from 'vitest';
import { createEndpoint, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayProcess, spawnRelay } from '../helpers/relay-process.js';
import { connectStream } from '../helpers/stream-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('porthole-crash-');
const children: RelayProcess[] = [];

afterAll(() => {
  for (const c of children) c.child.kill('SIGKILL');
  temp.cleanup();
});

it('loses no acknowledged event when the relay is SIGKILLed mid-burst', { timeout: 90_000 }, async () => {
  const first = await spawnRelay(temp.dir, ['--port', '0', '--durability', 'full']);
  children.push(first);
  const device = await inviteAndPair(first.url, first.adminToken!, 'alice');
  const endpoint = await createEndpoint(first.url, device.deviceToken, 'crash');

  const TOTAL = 2400;
  const CONCURRENCY = 16;
  const KILL_AFTER_ACKED = 800;
  const ledger = { sent: 0, acked: new Map<number, string>(), errors: 0 };
  let killed = false;
  let next = 0;

  const worker = async () => {
    while (next < TOTAL) {
      const n = next++;
      ledger.sent++;
      try {
        const res = await fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n }),
          signal: AbortSignal.timeout(5000),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status === 200 && body.id) ledger.acked.set(n, body.id);
        else ledger.errors++;
      } catch {
        ledger.errors++;
      }
      if (!killed && ledger.acked.size >= KILL_AFTER_ACKED) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  expect(killed).toBe(true);
  expect(await first.exited).toBe('SIGKILL');
  expect(ledger.sent).toBe(TOTAL);
  expect(ledger.acked.size + ledger.errors).toBe(ledger.sent);
  expect(ledger.acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKED);
  expect(ledger.errors).toBeGreaterThan(0);

  const second = await spawnRelay(temp.dir, ['--port', String(first.port)]);
  children.push(second);
  expect(second.adminToken).toBeNull();
  const stream = await connectStream(second.url, device.deviceToken, { autoAck: true });
  const events = await stream.waitForEvents(stream.welcome.latestSeq, 30_000);
  await stream.close();

  const delivered = new Set(events.map((e) => e.id));
  const missing = [...ledger.acked.entries()].filter(([, id]) => !delivered.has(id));
  expect(missing).toEqual([]);
  // Sequence numbers stay gapless and ordered across the crash.
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
