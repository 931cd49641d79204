// Export and import through a real engine and relay: webhooks sent over real sockets,
// exported as HAR, imported back with events.import as events of the endpoint (listed,
// marked as imported, not forwarded), then replayed to a local service byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesktopApiError, type EventDetail } from '../../protocol/desktop-api.js';
import { renderExport } from '../../protocol/export/export-format.js';
import { toImportParams } from '../../protocol/export/import/imported-request.js';
import { parseImport } from '../../protocol/export/import/parse-import.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { NASTY_BYTES } from '../helpers/export-events.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';

let h: EngineHarness;
let service: LocalService;

beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'exports' });
  service = await startLocalService();
}, 30_000);
afterAll(async () => {
  await service.close();
  await h.stop();
});

async function sendWebhooks(): Promise<EventDetail[]> {
  const url = h.endpoint.url!;
  await fetch(`${url}/stripe?a=1&b=%20x`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' },
    body: '{"type":"invoice.paid","note":"$HOME `id`"}',
  });
  await fetch(`${url}/bin`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: NASTY_BYTES,
  });
  const { events } = await eventually(async () => {
    const page = await h.api.invoke('events.list', { query: { endpointId: h.endpoint.id } });
    return page.events.length >= 2 ? page : undefined;
  });
  return Promise.all(events.reverse().map((e) => h.api.invoke('events.get', { id: e.id })));
}

describe('events.import', () => {
  it('stores the requests of an exported HAR as events that list, read back exactly and replay', async () => {
    const originals = await sendWebhooks();
    const har = renderExport('har', originals, { baseUrlFor: () => h.endpoint.url });
    const parsed = parseImport(har);
    const { events } = await h.api.invoke('events.import', {
      endpointId: h.endpoint.id,
      source: parsed.format,
      requests: parsed.requests.map(toImportParams),
    });
    expect(events).toHaveLength(2);
    const listed = await h.api.invoke('events.list', { query: { endpointId: h.endpoint.id } });
    expect(listed.events.map((e) => e.id).slice(0, 2)).toEqual(events.map((e) => e.id).reverse());

    for (const [i, summary] of events.entries()) {
      const imported = await h.api.invoke('events.get', { id: summary.id });
      const original = originals[i]!;
      expect(imported).toMatchObject({
        method: original.method,
        path: original.path,
        query: original.query,
        headers: original.headers,
        body: original.body,
        seq: null,
        sourceIp: 'import:har',
        endpointName: 'exports',
      });
      expect(imported.attempts).toEqual([]);
    }

    const replay = await h.api.invoke('replay.send', { eventId: events[1]!.id, to: { url: `${service.url}/local` } });
    expect(replay.attempts[0]!.status).toBe(200);
    const [received] = await service.waitFor(1);
    expect(received!.method).toBe('PUT');
    expect(Buffer.from(received!.body)).toEqual(NASTY_BYTES);
  });

  it('refuses an unknown endpoint and requests the schema does not allow', async () => {
    const request = { method: 'POST', path: '/x', query: '', headers: [] as [string, string][], body: '' };
    await expect(
      h.api.invoke('events.import', { endpointId: 'ep_nope', source: 'json', requests: [request] }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const bad = h.api.invoke('events.import', {
      endpointId: h.endpoint.id,
      source: 'json',
      requests: [{ ...request, headers: [['X', 'a\r\nInjected: 1']] }],
    });
    await expect(bad).rejects.toBeInstanceOf(DesktopApiError);
    await expect(bad).rejects.toMatchObject({ code: 'invalid_params' });
  });
});
