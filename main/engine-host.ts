// The engine inside the desktop app, composed as `porthole start` composes it: attach to the
// engine already running on the data dir (a CLI session), or start one in-process with the
// app's safeStorage secrets, the embedded relay on 127.0.0.1 paired over loopback, and a
// first endpoint. The relay and endpoint steps mirror cli/engine-session.ts and
// cli/commands/start-command.ts, which do not export them yet (see README).
import path from 'node:path';
import { connectDesktopApi } from '../app/desktop-api/ws-client.js';
import { type RunningEngine, startEngine } from '../app/engine/engine.js';
import { readEngineLock } from '../app/engine/engine-lock.js';
import { pairWithRelay } from '../app/relay/pairing.js';
import type { SecretStore } from '../app/secrets/secret-store.js';
import type { DesktopApi, LocalEndpoint } from '../protocol/desktop-api.js';
import { createInvite } from '../relay-server/accounts/invites.js';
import { createRelayLogger } from '../relay-server/observability/logger.js';
import { RELAY_DEFAULTS } from '../relay-server/relay-config.js';
import { type RunningRelay, startRelay } from '../relay-server/relay-server.js';

export interface EngineHostOptions {
  dataDir: string;
  relayPort: number;
  secrets: SecretStore;
  /** The built renderer, also served in browser mode by the engine's loopback server. */
  staticDir?: string;
  log: (message: string) => void;
}

export interface EngineHost {
  api: DesktopApi;
  /** True when another process runs the engine and this app talks to it over loopback. */
  attached: boolean;
  close(): Promise<void>;
}

export async function startEngineHost(options: EngineHostOptions): Promise<EngineHost> {
  const running = readEngineLock(options.dataDir);
  if (running) {
    const api = await connectDesktopApi(running.url, running.token);
    options.log(`attached to the engine already running on ${options.dataDir} (pid ${running.pid})`);
    return { api, attached: true, close: () => api.close() };
  }
  const engine = await startEngine({
    dataDir: options.dataDir,
    secrets: options.secrets,
    log: options.log,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
  });
  let relay: RunningRelay | null = null;
  try {
    const pairing = engine.pairing();
    if (!pairing || pairing.embedded) relay = await startEmbeddedRelay(engine, options.dataDir, options.relayPort);
  } catch (err) {
    await engine.close();
    throw err;
  }
  return {
    api: engine.api,
    attached: false,
    async close() {
      await engine.close();
      await relay?.close();
    },
  };
}

/** The relay inside this Porthole, paired over loopback like a remote one. */
async function startEmbeddedRelay(engine: RunningEngine, dataDir: string, port: number): Promise<RunningRelay> {
  const relay = await startRelay({
    ...RELAY_DEFAULTS,
    host: '127.0.0.1',
    port,
    dataDir: path.join(dataDir, 'relay'),
    log: createRelayLogger(process.env['PORTHOLE_LOG_LEVEL'] ?? 'warn'),
  });
  try {
    const pairing = engine.pairing();
    // 'unpaired' with a pairing on record: the device token is missing from this secret store
    // (stored by a CLI that could not reach the keyring, or lost with it), so pair again.
    const { state } = await engine.api.invoke('relay.status', {});
    if (!pairing || pairing.relayUrl !== relay.url || state === 'unpaired') {
      const invite = await createInvite(relay.store, 'local');
      const paired = await pairWithRelay(relay.url, invite.code, 'this computer');
      await engine.pair({
        relayUrl: relay.url,
        token: paired.deviceToken,
        deviceId: paired.deviceId,
        userId: paired.userId,
        embedded: true,
      });
    }
  } catch (err) {
    await relay.close();
    throw err;
  }
  return relay;
}

/** The first endpoint, created on a fresh data dir and waited on until the relay has given it a URL. */
export async function ensureFirstEndpoint(api: DesktopApi, timeoutMs = 10_000): Promise<LocalEndpoint> {
  const { endpoints } = await api.invoke('endpoints.list', {});
  let endpoint = endpoints[0] ?? (await api.invoke('endpoints.create', { name: 'default' }));
  const deadline = Date.now() + timeoutMs;
  while (!endpoint.url && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    endpoint = (await api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === endpoint.id) ?? endpoint;
  }
  return endpoint;
}
