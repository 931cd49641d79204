// A provider's redeliveries reach the desktop as a count on the one stored event: live (the
// relay's `repeat` message to a connected engine) and for a device that connects later (the
// count sent right after the event). Read through the DesktopApi (EventSummary.repeats and
// lastRepeatAt, and the same on EventDetail). Over real sockets and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningEngine, startEngine } from '../../app/engine/engine.js';
import type { RelayMessage } from '../../protocol/relay-stream.js';
import { type EngineHarness, eventually, inviteCode, startEngineHarness } from '../helpers/engine-harness.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'repeats' });
});
afterAll(async () => {
  await h.stop();
});

const deliver = (webhookId: string, body = '{"type":"invoice.paid"}') =>
  fetch(h.endpoint.url!, { method: 'POST', headers: { 'webhook-id': webhookId }, body });

async function eventWithRepeats(api: RunningEngine['api'], id: string, repeats: number) {
  return eventually(async () => {
    try {
      const detail = await api.invoke('events.get', { id });
      return detail.repeats === repeats ? detail : undefined;
    } catch {
      return undefined;
    }
  });
}

describe('repeats on the desktop', () => {
  it('counts redeliveries on the stored event, live, in the summary and the detail', async () => {
    const first = await deliver('msg_live_1');
    const { id } = (await first.json()) as { id: string };
    const stored = await eventWithRepeats(h.api, id, 0);
    expect(stored.lastRepeatAt).toBeNull();

    const before = Date.now();
    for (let i = 0; i < 2; i++) {
      const again = await deliver('msg_live_1');
      expect(((await again.json()) as { id: string }).id).toBe(id);
    }
    const detail = await eventWithRepeats(h.api, id, 2);
    expect(Date.parse(detail.lastRepeatAt!)).toBeGreaterThanOrEqual(before - 1000);
    const { events } = await h.api.invoke('events.list', { query: { endpointId: h.endpoint.id }, limit: 10 });
    expect(events.filter((e) => e.id === id)).toEqual([expect.objectContaining({ repeats: 2 })]);
    // Still one event: redeliveries are not stored again.
    expect(events.length).toBe(1);
  });

  it('gives a device that connects later the count with the event', async () => {
    const res = await deliver('msg_later_1', '{"later":true}');
    const { id } = (await res.json()) as { id: string };
    await deliver('msg_later_1', '{"later":true}');
    await deliver('msg_later_1', '{"later":true}');
    await deliver('msg_later_1', '{"later":true}');

    const temp = makeTempDir('porthole-engine-late-');
    const late = await startEngine({ dataDir: temp.dir });
    try {
      await late.api.invoke('relay.pair', { relayUrl: h.relay.relay.url, code: await inviteCode(h.relay) });
      const detail = await eventWithRepeats(late.api, id, 3);
      expect(detail.lastRepeatAt).not.toBeNull();
    } finally {
      await late.close();
      temp.cleanup();
    }
  });

  it('sends the repeat message on the stream right after the event', async () => {
    const res = await deliver('msg_stream_1', '{"stream":true}');
    const { id } = (await res.json()) as { id: string };
    await deliver('msg_stream_1', '{"stream":true}');
    const ws = new WebSocket(`${h.relay.relay.url.replace(/^http/, 'ws')}/connect`, {
      headers: { authorization: `Bearer ${h.relay.device.deviceToken}` },
    });
    const messages: RelayMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as RelayMessage));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', cursor: 0 })));
    try {
      await eventually(() => messages.some((m) => m.type === 'repeat' && m.eventId === id));
      const at = messages.findIndex((m) => m.type === 'event' && m.event.id === id);
      expect(messages[at + 1]).toMatchObject({ type: 'repeat', eventId: id, repeats: 1 });
    } finally {
      ws.close();
    }
  });
});
