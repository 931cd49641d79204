// A real relay and a real engine, paired over loopback, each with its SQLite file in a
// temp dir, plus one endpoint whose permanent URL is ready to receive.

import { type RunningEngine, startEngine } from '../../app/engine/engine.js';
import type { DesktopApi, LocalEndpoint } from '../../protocol/desktop-api.js';
import { callApi } from './relay-api-client.js';
import { type RelayHarness, startTestRelay } from './relay-harness.js';
import { makeTempDir } from './temp-dir.js';

export interface EngineHarness {
  relay: RelayHarness;
  engine: RunningEngine;
  api: DesktopApi;
  endpoint: LocalEndpoint;
  dataDir: string;
  stop(): Promise<void>;
}

export async function inviteCode(relay: RelayHarness, user = 'alice'): Promise<string> {
  const invite = await callApi<{ code: string }>(relay.relay.url, 'POST', '/api/admin/invites', {
    token: relay.adminToken,
    body: { name: user },
  });
  return invite.body.code;
}

/** Polls `check` until it returns a value (not undefined/false), or fails after timeoutMs. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startEngineHarness(options: { endpointName?: string } = {}): Promise<EngineHarness> {
  const relay = await startTestRelay();
  const temp = makeTempDir('porthole-engine-');
  const engine = await startEngine({ dataDir: temp.dir });
  const api = engine.api;
  await api.invoke('relay.pair', { relayUrl: relay.relay.url, code: await inviteCode(relay) });
  await eventually(async () => (await api.invoke('relay.status', {})).state === 'connected');
  const created = await api.invoke('endpoints.create', { name: options.endpointName ?? 'engine' });
  const endpoint = await eventually(async () => {
    const { endpoints } = await api.invoke('endpoints.list', {});
    return endpoints.find((e) => e.id === created.id && e.url !== null);
  });
  return {
    relay,
    engine,
    api,
    endpoint,
    dataDir: temp.dir,
    async stop() {
      await engine.close();
      await relay.stop();
      temp.cleanup();
    },
  };
}
