// The desktop engine: local store, relay connection, forwarder, replay, endpoint sync and
// the DesktopApi, composed for one data dir. Runs in the Electron main process, in the CLI
// and headless in tests; never imports Electron.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type AlertClock, systemAlertClock } from '../../protocol/alerts/alert-clock.js';
import { DoorVault } from '../../protocol/crypto/door-vault.js';
import type { SecretBox } from '../../protocol/crypto/secret-box.js';
import { type DesktopApi, DesktopApiError, type RelayStatus } from '../../protocol/desktop-api.js';
import { AlertEngine } from '../alerts/alert-engine.js';
import { alertHandlers } from '../alerts/alert-handlers.js';
import { createRelayAlertClient } from '../alerts/relay-alert-client.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import { createDispatcher } from '../desktop-api/dispatcher.js';
import { DesktopEventBus } from '../desktop-api/event-bus.js';
import { createInProcessApi } from '../desktop-api/in-process-api.js';
import { startDesktopApiServer } from '../desktop-api/ws-server.js';
import { EndpointSync, type RelayAccess } from '../endpoints/endpoint-sync.js';
import { filterHandlers } from '../filters/filter-handlers.js';
import { Forwarder } from '../forwarder/forward-lanes.js';
import { PassthroughReplies } from '../forwarder/passthrough-replies.js';
import { TargetAgents } from '../forwarder/target-agents.js';
import { pairWithRelay } from '../relay/pairing.js';
import { RelayConnection } from '../relay/relay-connection.js';
import { RelayHttpError } from '../relay/relay-http.js';
import { BulkReplays } from '../replay/bulk-replay.js';
import { ReplayService } from '../replay/replay-service.js';
import { openEngineSecretBox } from '../secrets/secret-box.js';
import { FileSecretStore, type SecretStore } from '../secrets/secret-store.js';
import { toLocalEndpoint } from '../store/endpoint-repository.js';
import { engineDatabasePath } from '../store/engine-database.js';
import { EngineStore } from '../store/engine-store.js';
import { EventReadThread } from '../store/event-read-thread.js';
import type { RetentionReport } from '../store/retention.js';
import { endpointHandlers } from './endpoint-handlers.js';
import { EngineLock, type EngineLockInfo } from './engine-lock.js';
import { eventHandlers } from './event-handlers.js';
import { commitRelayEvents } from './event-ingest.js';
import { importHandlers } from './import-handlers.js';
import { type RetentionSchedule, RetentionScheduler } from './retention-scheduler.js';

export const ENGINE_VERSION = '0.1.0';
const DEVICE_TOKEN_SECRET = 'device-token';

export interface EngineOptions {
  dataDir: string;
  secrets?: SecretStore;
  /** Port of the DesktopApi on 127.0.0.1; 0 picks one. */
  apiPort?: number;
  /** The built renderer, served in browser mode. */
  staticDir?: string;
  now?: () => number;
  log?: (message: string) => void;
  /** When retention cleanups run (tests shorten or stretch it). */
  retention?: RetentionSchedule;
  /** The alert rules' timers (silence, relay unreachable, retries); tests move it by hand. */
  alertClock?: AlertClock;
}

export interface EnginePairing {
  relayUrl: string;
  token: string;
  deviceId: string;
  userId: string;
  embedded?: boolean;
}

export interface RunningEngine {
  api: DesktopApi;
  /** Stores a pairing made outside the DesktopApi (the embedded relay's) and connects. */
  pair(pairing: EnginePairing): Promise<void>;
  /** The pairing in force, if any. */
  pairing(): { relayUrl: string; embedded: boolean } | null;
  /** Where the DesktopApi and browser mode listen, e.g. http://127.0.0.1:PORT */
  url: string;
  token: string;
  dataDir: string;
  /** Runs a retention cleanup now (or right after the running one) and says what it did. */
  runRetention(): Promise<RetentionReport>;
  close(): Promise<void>;
}

export class EngineBusyError extends Error {
  constructor(readonly holder: EngineLockInfo) {
    super(`an engine (pid ${holder.pid}) is already running on this data dir at ${holder.url}`);
  }
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const dataDir = path.resolve(options.dataDir);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const lock = EngineLock.acquire(dataDir);
  if (!(lock instanceof EngineLock)) throw new EngineBusyError(lock);

  const secrets = options.secrets ?? new FileSecretStore(path.join(dataDir, 'secrets'));
  // Endpoints' signing secrets are sealed in the store under the store key (made at first start).
  let doors: DoorVault;
  let box: SecretBox;
  try {
    box = await openEngineSecretBox(secrets);
    doors = new DoorVault(box, 1000);
  } catch (err) {
    lock.release();
    throw err;
  }
  const store = EngineStore.open(dataDir);
  const reader = new EventReadThread(engineDatabasePath(dataDir), { checkpoints: true });
  // The read thread checkpoints; commits on this thread no longer stop to do it.
  store.db.pragma('wal_autocheckpoint = 0');
  const bus = new DesktopEventBus();
  const agents = new TargetAgents();
  let connection: RelayConnection | null = null;
  const replies = new PassthroughReplies({ send: (message) => connection?.send(message), now });
  const forwarder = new Forwarder({ store, agents, events: bus, now, replies });
  const replay = new ReplayService({ store, forwarder, events: bus, doors, now });
  const bulk = new BulkReplays({
    store,
    replay,
    events: bus,
    now,
    list: (query, before, limit) => reader.list(query, before, limit, now()),
  });
  // Relay rules go to the paired relay; `access` is read at call time (it is defined below).
  const relayAlerts = createRelayAlertClient(() => access());
  const alerts = new AlertEngine({
    store,
    box,
    events: bus,
    clock: options.alertClock ?? systemAlertClock(now),
    relay: () => (access() ? relayAlerts : null),
    log,
  });

  const access = (): RelayAccess | null => {
    const pairing = store.settings.pairing();
    const token = secrets.get(DEVICE_TOKEN_SECRET);
    return pairing && token ? { relayUrl: pairing.relayUrl, token } : null;
  };
  // Door configs open asynchronously: one list at a time, so the last change is emitted last.
  let emitting = Promise.resolve();
  const emitEndpoints = () => {
    emitting = emitting
      .then(async () => {
        if (!store.db.open) return;
        const counts = store.events.countByEndpoint();
        const endpoints = await Promise.all(
          store.endpoints
            .list()
            .map(async (e) =>
              toLocalEndpoint(
                e,
                await doors.open(e.id, e.sealedDoor),
                counts.get(e.id) ?? 0,
                store.retention.get(e.id),
              ),
            ),
        );
        bus.emit('onEndpointsChanged', { endpoints });
      })
      .catch((err: unknown) => log(`listing endpoints failed: ${String(err)}`));
  };
  const sync = new EndpointSync({ store, doors, access, now, changed: emitEndpoints });
  const retention = new RetentionScheduler({
    store,
    now,
    log,
    ...(options.retention ? { schedule: options.retention } : {}),
    onRemoved: (endpointId, count) => {
      bus.emit('onEventsRemoved', { endpointId, count });
      emitEndpoints();
    },
  });
  const runRetention = () => retention.run();

  let relayState: RelayStatus['state'] | null = null;
  const unpairedStatus = (): RelayStatus => ({
    state: 'unpaired',
    relayUrl: null,
    embedded: false,
    cursor: store.settings.cursor(),
    backlog: 0,
    lastError: null,
    connectedAt: null,
  });
  const relayStatus = () => connection?.current() ?? unpairedStatus();
  const connect = () => {
    const pairing = store.settings.pairing();
    const relay = access();
    if (!pairing || !relay) return;
    connection = new RelayConnection({
      relayUrl: relay.relayUrl,
      token: relay.token,
      embedded: pairing.embedded,
      cursor: () => store.settings.cursor(),
      commit: (events, awaiting, repeats) =>
        commitRelayEvents(store, bus, (id) => forwarder.kick(id), events, now(), {
          passthrough: { awaiting, replies },
          repeats,
          onCommitted: (added) => alerts.eventsCommitted(added),
        }),
      now,
      resetCursor: () => store.settings.setCursor(0),
      onStatus: (status) => {
        bus.emit('onRelayStatus', status);
        alerts.relayStatus(status);
        // Sync once per (re)connect. The status is also reported after every committed batch
        // (its backlog); a sync each time put an HTTP round trip, a commit and a count of all
        // events behind every batch.
        const connected = status.state === 'connected' && relayState !== 'connected';
        relayState = status.state;
        if (connected && status.lastError === null) void sync.sync().catch(() => {});
      },
      log,
    });
    connection.start();
  };

  const handlers: DesktopHandlers = {
    'app.status': async () => ({
      version: ENGINE_VERSION,
      dataDir,
      relay: relayStatus(),
      secrets: secrets.describe(),
    }),
    'relay.status': async () => relayStatus(),
    'relay.useEmbedded': async () => {
      const embedded = store.settings.embeddedPairing();
      if (!embedded) throw new DesktopApiError('unavailable', 'no embedded relay runs in this Porthole');
      await pairEngine({ ...embedded, embedded: true });
      return relayStatus();
    },
    'relay.pair': async ({ relayUrl, code, deviceName }) => {
      let paired: Awaited<ReturnType<typeof pairWithRelay>>;
      try {
        paired = await pairWithRelay(relayUrl, code, deviceName);
      } catch (err) {
        throw new DesktopApiError('relay_error', err instanceof RelayHttpError ? err.message : String(err));
      }
      await pairEngine({ relayUrl, token: paired.deviceToken, deviceId: paired.deviceId, userId: paired.userId });
      return relayStatus();
    },
    ...endpointHandlers({
      store,
      doors,
      sync,
      agents,
      access,
      now,
      changed: emitEndpoints,
      retentionChanged: () => void runRetention().catch((err: unknown) => log(`retention failed: ${String(err)}`)),
    }),
    ...eventHandlers({ store, reader, replay, bulk, events: bus, now }),
    ...filterHandlers({ store, now }),
    ...importHandlers({ store, events: bus, now }),
    ...alertHandlers(alerts),
  };

  /** Stores a new pairing and (re)connects; a different relay or user starts a fresh cursor. */
  const pairEngine = async (p: EnginePairing) => {
    const previous = store.settings.pairing();
    await connection?.stop();
    connection = null;
    secrets.set(DEVICE_TOKEN_SECRET, p.token);
    if (p.embedded) store.settings.setEmbeddedPairing({ ...p, embedded: true });
    if (!previous || previous.relayUrl !== p.relayUrl || previous.userId !== p.userId) store.settings.setCursor(0);
    store.settings.setPairing({
      relayUrl: p.relayUrl,
      deviceId: p.deviceId,
      userId: p.userId,
      embedded: p.embedded ?? false,
    });
    connect();
  };

  // Rules are loaded (their secrets opened) before any client can ask for them.
  await alerts.start();
  const dispatch = createDispatcher(handlers, {
    onInternalError: (err, method) => log(`${method} failed: ${String(err)}`),
  });
  const token = randomBytes(32).toString('base64url');
  let server: Awaited<ReturnType<typeof startDesktopApiServer>>;
  try {
    server = await startDesktopApiServer({
      port: options.apiPort ?? 0,
      token,
      dispatch,
      events: bus,
      ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    });
  } catch (err) {
    await alerts.stop();
    await reader.close();
    store.close();
    lock.release();
    throw err;
  }
  lock.publish(server.url, token);
  forwarder.start();
  connect();
  retention.start();

  let closing: Promise<void> | null = null;
  const engine: RunningEngine = {
    api: createInProcessApi(dispatch, bus),
    url: server.url,
    token,
    dataDir,
    pair: pairEngine,
    pairing: () => store.settings.pairing(),
    runRetention,
    close() {
      closing ??= (async () => {
        bulk.cancelAll();
        await retention.stop();
        await connection?.stop();
        await forwarder.stop();
        await alerts.stop();
        await server.close();
        agents.destroy();
        await emitting;
        await reader.close();
        store.close();
        lock.release();
      })();
      return closing;
    },
  };
  return engine;
}
