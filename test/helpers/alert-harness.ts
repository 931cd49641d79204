// A real relay and a real engine whose alert timers run on a ManualAlertClock, with one
// endpoint, plus helpers to collect what the alert engine says.
import { type RunningEngine, startEngine } from '../../app/engine/engine.js';
import type { AlertFiring } from '../../protocol/alerts/alert-rule.js';
import type { DesktopApi, DesktopEventData, LocalEndpoint } from '../../protocol/desktop-api.js';
import { eventually, inviteCode } from './engine-harness.js';
import { ManualAlertClock } from './manual-alert-clock.js';
import { type RelayHarness, startTestRelay } from './relay-harness.js';
import { makeTempDir } from './temp-dir.js';

export interface AlertHarness {
  relay: RelayHarness;
  engine: RunningEngine;
  api: DesktopApi;
  clock: ManualAlertClock;
  endpoint: LocalEndpoint;
  /** Every onAlert since the start (or the last clear). */
  alerts: DesktopEventData<'onAlert'>[];
  firings(ruleId: string): AlertFiring[];
  /** Posts to the endpoint and waits until the engine has the event. */
  send(body: string, init?: RequestInit): Promise<string>;
  stop(): Promise<void>;
}

export async function startAlertHarness(options: { endpointName?: string } = {}): Promise<AlertHarness> {
  const relay = await startTestRelay();
  const temp = makeTempDir('porthole-alerts-');
  const clock = new ManualAlertClock();
  const engine = await startEngine({ dataDir: temp.dir, now: clock.now, alertClock: clock });
  const api = engine.api;
  await api.invoke('relay.pair', { relayUrl: relay.relay.url, code: await inviteCode(relay) });
  await eventually(async () => (await api.invoke('relay.status', {})).state === 'connected');
  const created = await api.invoke('endpoints.create', { name: options.endpointName ?? 'alerts' });
  const endpoint = await eventually(async () => {
    const { endpoints } = await api.invoke('endpoints.list', {});
    return endpoints.find((e) => e.id === created.id && e.url !== null);
  });
  const alerts: DesktopEventData<'onAlert'>[] = [];
  api.on('onAlert', (data) => alerts.push(data));
  return {
    relay,
    engine,
    api,
    clock,
    endpoint,
    alerts,
    firings: (ruleId) => alerts.map((a) => a.alert).filter((a) => a.ruleId === ruleId),
    async send(body, init = {}) {
      const res = await fetch(endpoint.url!, { method: 'POST', body, ...init });
      const { id } = (await res.json()) as { id: string };
      await eventually(async () => {
        try {
          return await api.invoke('events.get', { id });
        } catch {
          return undefined;
        }
      });
      return id;
    },
    async stop() {
      await engine.close();
      await relay.stop();
      temp.cleanup();
    },
  };
}
