// The event list's paging against the real engine and relay: deep rows reached by walking
// cursors, far rows dropped and refetched identically, new events prepended exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventQuery } from '../../protocol/desktop-api.js';
import { type EventSource, EventWindow, type WindowChange } from '../../renderer/src/events/event-window.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { bodyNumber, sendNumbered } from '../helpers/send-webhooks.js';

const TOTAL = 240;
let h: EngineHarness;

beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'window' });
  await sendNumbered(h.endpoint.url!, TOTAL, { concurrency: 8 });
  await eventually(async () => (await h.api.invoke('events.count', {})).count === TOTAL);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

function source(query?: EventQuery): EventSource & { calls: number } {
  const s = {
    calls: 0,
    list: (before: string | undefined, limit: number) => {
      s.calls++;
      return h.api.invoke('events.list', { query, limit, ...(before ? { before } : {}) });
    },
    count: async () => (await h.api.invoke('events.count', { query })).count,
  };
  return s;
}

const options = { pageSize: 10, maxStep: 50, keepMargin: 20, maxHead: 100 };

async function loaded(w: EventWindow, from: number, to: number) {
  w.setVisible(from, to);
  return eventually(() => {
    for (let i = from; i <= to; i++) if (!w.get(i)) return undefined;
    return true;
  });
}

describe('EventWindow', () => {
  it('shows the newest page first and knows the total', async () => {
    const w = new EventWindow(source(), () => {}, options);
    await w.ready;
    expect(w.total).toBe(TOTAL);
    const { events } = await h.api.invoke('events.list', { limit: 10 });
    expect(w.get(0)?.id).toBe(events[0]!.id);
    expect(w.get(9)?.id).toBe(events[9]!.id);
    w.dispose();
  });

  it('reaches a deep row, drops far rows, and refetches them the same', async () => {
    const src = source();
    const w = new EventWindow(src, () => {}, options);
    await w.ready;
    const all = await h.api.invoke('events.list', { limit: TOTAL });
    await loaded(w, 200, 215);
    for (let i = 200; i <= 215; i++) expect(w.get(i)?.id).toBe(all.events[i]!.id);
    expect(w.loadedRows).toBeLessThan(120);
    expect(w.get(50)).toBeUndefined();
    await loaded(w, 45, 60);
    for (let i = 45; i <= 60; i++) expect(w.get(i)?.id).toBe(all.events[i]!.id);
    await loaded(w, 230, 239);
    expect(w.get(239)?.id).toBe(all.events[239]!.id);
    expect(w.total).toBe(TOTAL);
    w.dispose();
  });

  it('prepends new events once each, keeping the rows below in order', async () => {
    const changes: WindowChange[] = [];
    const w = new EventWindow(source(), (c) => changes.push(c), options);
    await w.ready;
    const top = w.get(0)!.id;
    const unsubscribe = h.api.on('onEvent', () => w.newEventArrived());
    await sendNumbered(h.endpoint.url!, 3, { from: 1000 });
    await eventually(() => w.total === TOTAL + 3);
    unsubscribe();
    expect(changes.reduce((n, c) => n + c.prepended, 0)).toBe(3);
    expect(w.get(3)?.id).toBe(top);
    expect(w.indexOf(top)).toBe(3);
    w.dispose();
  });

  it('starts over from the top when more events arrive than it holds above the snapshot', async () => {
    const w = new EventWindow(source(), () => {}, { ...options, maxHead: 4 });
    await w.ready;
    const before = w.total;
    const unsubscribe = h.api.on('onEvent', () => w.newEventArrived());
    const ids = await sendNumbered(h.endpoint.url!, 6, { from: 2000, concurrency: 1 });
    await eventually(() => w.total === before + 6 && w.get(0)?.id === ids[5]);
    unsubscribe();
    await loaded(w, 0, 12);
    const { events } = await h.api.invoke('events.list', { limit: 13 });
    expect(Array.from({ length: 13 }, (_, i) => w.get(i)?.id)).toEqual(events.map((e) => e.id));
    w.dispose();
  });

  it('pages a filtered query', async () => {
    const w = new EventWindow(source({ text: '1001' }), () => {}, options);
    await w.ready;
    expect(w.total).toBe(1);
    const detail = await h.api.invoke('events.get', { id: w.get(0)!.id });
    expect(bodyNumber(detail.body)).toBe(1001);
    w.dispose();
  });
});

describe('EventWindow and updates that overtake their page', () => {
  it('keeps an update that came while the page holding its row was on its way', async () => {
    const src = source();
    const w = new EventWindow(src, () => {}, options);
    await w.ready;
    const top = w.get(0)!;
    // A source whose next list answers only when told, with the row as it was.
    let answer!: () => void;
    const held: EventSource = {
      list: (before, limit) =>
        new Promise((resolve) => {
          answer = () => resolve(src.list(before, limit));
        }),
      count: src.count,
    };
    const v = new EventWindow(held, () => {}, options);
    const ready = v.ready;
    await eventually(() => answer !== undefined);
    // The engine says the top event changed (a repeat) before the page arrives.
    const newer = { ...top, repeats: (top.repeats ?? 0) + 5 };
    expect(v.update(newer)).toBe(false);
    answer();
    await ready;
    expect(v.get(0)?.repeats).toBe(newer.repeats);
    w.dispose();
    v.dispose();
  });
});
