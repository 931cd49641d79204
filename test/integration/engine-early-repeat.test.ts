// The relay tells connected devices about a redelivery at once, so a `repeat` can reach the
// engine before the event it names (still being read and sent). The engine keeps such a
// repeat until the event is stored, and the count is not lost. A scripted relay over a real
// WebSocket plays that order; the engine side is the real RelayConnection and store.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { DesktopEventBus } from '../../app/desktop-api/event-bus.js';
import { commitRelayEvents } from '../../app/engine/event-ingest.js';
import { RelayConnection } from '../../app/relay/relay-connection.js';
import { EngineStore } from '../../app/store/engine-store.js';
import type { WireEvent } from '../../protocol/event.js';
import { eventually } from '../helpers/engine-harness.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('porthole-early-repeat-');
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

function wireEvent(id: string, seq: number): WireEvent {
  return {
    id,
    seq,
    endpointId: 'ep_1',
    endpointName: 'shop',
    method: 'POST',
    path: '/',
    query: '',
    headers: [['webhook-id', 'msg_1']],
    body: Buffer.from('{}').toString('base64'),
    bodySize: 2,
    sourceIp: '127.0.0.1',
    receivedAt: new Date().toISOString(),
    outcome: 'accepted',
  };
}

describe('a repeat that arrives before its event', () => {
  it('is kept until the event is stored, and the highest count wins', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    server.on('connection', (ws) => {
      ws.once('message', () => {
        const send = (m: unknown) => ws.send(JSON.stringify(m));
        send({
          type: 'welcome',
          version: 1,
          userId: 'u',
          deviceId: 'd',
          window: 100,
          heartbeatMs: 60_000,
          latestSeq: 2,
          oldestSeq: 1,
        });
        const at = new Date().toISOString();
        // Two redeliveries told before the event, then an unrelated event, then the event.
        send({ type: 'repeat', eventId: 'evt_A', repeats: 1, lastRepeatAt: at });
        send({ type: 'repeat', eventId: 'evt_A', repeats: 2, lastRepeatAt: at });
        setTimeout(() => send({ type: 'event', event: wireEvent('evt_B', 1) }), 30);
        setTimeout(() => send({ type: 'event', event: wireEvent('evt_A', 2) }), 60);
      });
    });
    const store = EngineStore.open(temp.dir);
    const bus = new DesktopEventBus();
    const connection = new RelayConnection({
      relayUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: 'device-token',
      embedded: false,
      cursor: () => store.settings.cursor(),
      commit: (events, _awaiting, repeats) => commitRelayEvents(store, bus, () => {}, events, Date.now(), { repeats }),
      resetCursor: () => store.settings.setCursor(0),
      onStatus: () => {},
    });
    close = async () => {
      await connection.stop();
      store.close();
      await new Promise((r) => server.close(r));
    };
    connection.start();
    const stored = await eventually(() => {
      const a = store.events.summary('evt_A');
      return a && a.repeats === 2 ? a : undefined;
    }, 5000);
    expect(stored.repeats).toBe(2);
    expect(store.events.summary('evt_B')?.repeats ?? 0).toBe(0);
  });
});
