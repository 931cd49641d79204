// Gives a command (or the desktop shell) the DesktopApi of the engine for a data dir:
// attaching to the engine that already runs there, or starting one — with the embedded
// relay when it has no other. The one composition of engine + embedded relay.
import fs from 'node:fs';
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

export interface EngineSession {
  api: DesktopApi;
  /** Set when this process runs the engine (not attached to another). */
  engine: RunningEngine | null;
  relay: RunningRelay | null;
  /** Where the engine's DesktopApi and browser mode listen. */
  url: string;
  token: string;
  close(): Promise<void>;
}

/** The built renderer: every engine the CLI starts serves it, so `porthole ui` can attach to any. */
export const RENDERER_DIST = path.resolve(import.meta.dirname, '../dist/renderer');

export function rendererBuilt(): boolean {
  return fs.existsSync(path.join(RENDERER_DIST, 'index.html'));
}

export interface SessionOptions {
  dataDir: string;
  /** Start the embedded relay when the engine is unpaired or paired with it. */
  embeddedRelay: boolean;
  relayPort?: number;
  apiPort?: number;
  /** Where the device token lives; the desktop shell passes safeStorage. Default: 0600 files. */
  secrets?: SecretStore;
  /** The built renderer to serve in browser mode (default: dist/renderer when built). */
  staticDir?: string;
  log?: (message: string) => void;
}

export async function openEngineSession(options: SessionOptions): Promise<EngineSession> {
  const running = readEngineLock(options.dataDir);
  if (running) {
    const api = await connectDesktopApi(running.url, running.token);
    return { api, engine: null, relay: null, url: running.url, token: running.token, close: () => api.close() };
  }
  const staticDir = options.staticDir ?? (rendererBuilt() ? RENDERER_DIST : undefined);
  const engine = await startEngine({
    dataDir: options.dataDir,
    log: options.log ?? ((m) => process.stderr.write(`porthole: ${m}\n`)),
    ...(staticDir ? { staticDir } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.apiPort !== undefined ? { apiPort: options.apiPort } : {}),
  });
  let relay: RunningRelay | null = null;
  try {
    const pairing = engine.pairing();
    if (options.embeddedRelay && (!pairing || pairing.embedded)) {
      relay = await startEmbeddedRelay(engine, options.dataDir, options.relayPort ?? RELAY_DEFAULTS.port);
    }
  } catch (err) {
    await engine.close();
    throw err;
  }
  return {
    api: engine.api,
    engine,
    relay,
    url: engine.url,
    token: engine.token,
    async close() {
      await engine.close();
      await relay?.close();
    },
  };
}

/** The relay inside this Porthole, on 127.0.0.1, paired over loopback like a remote one. */
export async function startEmbeddedRelay(engine: RunningEngine, dataDir: string, port: number): Promise<RunningRelay> {
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
    // (kept in the desktop app's keyring, or lost with it), so pair again.
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
