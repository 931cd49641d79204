// Relay rules leave the desktop: pushed to the paired relay on create and update (synced),
// removed from it on delete, and kept pending while the relay cannot be reached.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayAlertClient } from '../../app/alerts/relay-alert-client.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'relay-rules' });
});
afterAll(async () => {
  await h?.stop();
});

const syncState = (id: string) => {
  const db = new Database(path.join(h.dataDir, 'porthole.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT sync_state FROM alert_rules WHERE id = ?').get(id) as { sync_state: string }).sync_state;
  } finally {
    db.close();
  }
};

describe('relay alert rules from the desktop', () => {
  it('pushes a relay rule to the relay, updates it there and removes it on delete', async () => {
    const rule = await h.api.invoke('alerts.create', {
      name: 'laptop offline',
      runsOn: 'relay',
      endpointId: h.endpoint.id,
      condition: { kind: 'signature_failed' },
      actions: [{ type: 'notification' }],
    });
    expect(syncState(rule.id)).toBe('synced');
    const pairing = h.engine.pairing()!;
    const token = (await import('node:fs')).readFileSync(path.join(h.dataDir, 'secrets', 'device-token'), 'utf8');
    const relay = createRelayAlertClient(() => ({ relayUrl: pairing.relayUrl, token }));
    expect((await relay.list()).map((r) => [r.id, r.name, r.secret])).toEqual([[rule.id, rule.name, rule.secret]]);

    const updated = await h.api.invoke('alerts.update', { id: rule.id, condition: { kind: 'silence', minutes: 5 } });
    expect(syncState(rule.id)).toBe('synced');
    expect((await relay.list())[0]!.condition).toEqual(updated.condition);

    await h.api.invoke('alerts.delete', { id: rule.id });
    expect(await relay.list()).toEqual([]);
  });

  it('shows a relay rule the relay switched off after a 410, and the next edit is not stale', async () => {
    const rule = await h.api.invoke('alerts.create', {
      name: 'receiver gone',
      runsOn: 'relay',
      condition: { kind: 'signature_failed' },
      actions: [{ type: 'notification' }],
    });
    const stored = (await h.relay.relay.store.alerts.listAlertRules()).find((r) => r.rule.id === rule.id)!;
    await h.relay.relay.store.alerts.markAlertRuleGone(
      stored.userId,
      rule.id,
      'the receiver answered 410 Gone',
      Date.now(),
    );
    const listed = (await h.api.invoke('alerts.list', {})).rules.find((r) => r.id === rule.id)!;
    expect(listed).toMatchObject({
      enabled: false,
      state: 'disabled_gone',
      stateReason: 'the receiver answered 410 Gone',
    });
    expect(listed.revision).toBeGreaterThan(rule.revision);
    const back = await h.api.invoke('alerts.update', { id: rule.id, enabled: true });
    expect(back).toMatchObject({ enabled: true, state: 'ok' });
    expect(syncState(rule.id)).toBe('synced');
    await h.api.invoke('alerts.delete', { id: rule.id });
  });

  it('keeps a relay rule pending while the relay is down, and pushes it on reconnect', async () => {
    const doomed = await h.api.invoke('alerts.create', {
      name: 'deleted offline',
      runsOn: 'relay',
      condition: { kind: 'signature_failed' },
      actions: [{ type: 'notification' }],
    });
    expect(syncState(doomed.id)).toBe('synced');
    const { port } = h.relay.relay;
    await h.relay.relay.close();
    await eventually(async () => (await h.api.invoke('relay.status', {})).state !== 'connected');
    const rule = await h.api.invoke('alerts.create', {
      name: 'while down',
      runsOn: 'relay',
      condition: { kind: 'device_offline', minEvents: 3 },
      actions: [{ type: 'notification' }],
    });
    expect(syncState(rule.id)).toBe('pending');
    // Deleted while the relay is down: removed there on reconnect.
    await h.api.invoke('alerts.delete', { id: doomed.id });
    const again = await startRelay({
      ...RELAY_DEFAULTS,
      port,
      dataDir: h.relay.dataDir,
      log: createRelayLogger('silent'),
    });
    try {
      await eventually(() => syncState(rule.id) === 'synced', 20_000);
      const pairing = h.engine.pairing()!;
      const token = (await import('node:fs')).readFileSync(path.join(h.dataDir, 'secrets', 'device-token'), 'utf8');
      const relay = createRelayAlertClient(() => ({ relayUrl: pairing.relayUrl, token }));
      await eventually(async () => !(await relay.list()).some((r) => r.id === doomed.id), 20_000);
    } finally {
      await h.engine.close();
      await again.close();
    }
  });
});
