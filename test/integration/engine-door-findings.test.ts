// The door's findings reach the desktop: a webhook the relay flagged, and one it rejected for
// its schema, arrive through the stream with their findings, and the DesktopApi shows them
// (EventSummary.flagged, EventDetail.findings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'door-findings' });
});
afterAll(async () => {
  await h.stop();
});

const door: DoorConfig = {
  ...DEFAULT_DOOR_CONFIG,
  signature: { check: { scheme: 'stripe', secrets: ['whsec_EngineFindingsSecret4Lm'] }, onFail: 'flag' },
  schema: { schema: { type: 'object', required: ['id'] }, onFail: 'reject' },
};

describe('door findings on the desktop', () => {
  it('shows a flagged event and a schema rejection with their findings', async () => {
    const updated = await h.api.invoke('endpoints.update', { id: h.endpoint.id, door });
    expect(updated.syncState).toBe('synced');

    const flagged = await fetch(h.endpoint.url!, { method: 'POST', body: '{"id":"evt_1"}' });
    expect(flagged.status).toBe(200);
    const refused = await fetch(h.endpoint.url!, { method: 'POST', body: '{"no":"id"}' });
    expect(refused.status).toBe(422);

    const { events } = await eventually(async () => {
      const page = await h.api.invoke('events.list', { limit: 10 });
      return page.events.length >= 2 ? page : undefined;
    });
    const [rejected, accepted] = events;
    expect(accepted!.outcome).toBe('accepted');
    expect(accepted!.flagged).toBe(true);
    expect(rejected!.outcome).toBe('rejected');
    expect(rejected!.flagged).toBe(true);

    const acceptedDetail = await h.api.invoke('events.get', { id: accepted!.id });
    expect(acceptedDetail.findings!.signature).toMatchObject({ ok: false, scheme: 'stripe', reason: 'missing_header' });
    expect(acceptedDetail.findings!.signature!.explanation!.summary).toBeTruthy();
    expect(acceptedDetail.findings!.schema).toEqual({ ok: true, errors: [] });

    const rejectedDetail = await h.api.invoke('events.get', { id: rejected!.id });
    expect(rejectedDetail.rejectReason).toBe('schema_invalid');
    expect(rejectedDetail.findings!.schema!.ok).toBe(false);
    expect(rejectedDetail.findings!.schema!.errors.length).toBeGreaterThanOrEqual(1);
  });

  it('gives an event no check ran on findings null and flagged false', async () => {
    await h.api.invoke('endpoints.update', { id: h.endpoint.id, door: DEFAULT_DOOR_CONFIG });
    const res = await fetch(h.endpoint.url!, { method: 'POST', body: 'plain' });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const detail = await eventually(async () => {
      try {
        return await h.api.invoke('events.get', { id });
      } catch {
        return undefined;
      }
    });
    expect(detail.flagged).toBe(false);
    expect(detail.findings).toBeNull();
  });
});
