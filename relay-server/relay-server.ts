// Composes the relay: store, door, API, stream, retention, metrics, on one node:http server.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureAdminToken } from './accounts/admin-token.js';
import { RelayAlerts } from './alerts/relay-alerts.js';
import { mountAccountsApi } from './api/accounts-api.js';
import { mountAlertsApi } from './api/alerts-api.js';
import { mountEndpointsApi } from './api/endpoints-api.js';
import { DoorGate } from './door/door-gate.js';
import { compileIpRanges } from './door/ip-ranges.js';
import { ApiRouter } from './http/api-router.js';
import { sendError, sendJson } from './http/json-response.js';
import { CommitBatcher } from './ingest/commit-batcher.js';
import { IngestHandler } from './ingest/ingest-handler.js';
import { PassthroughWaiters } from './ingest/passthrough-waiters.js';
import { createRelayLogger, type RelayLogger } from './observability/logger.js';
import { RelayMetrics } from './observability/metrics.js';
import type { RelayConfig } from './relay-config.js';
import { RetentionSweeper } from './retention/retention-sweeper.js';
import { openRelaySecrets, type SecretBox } from './secrets/secret-box.js';
import type { RelayStore } from './store/relay-store.js';
import { openSqliteRelayStore } from './store/sqlite/sqlite-relay-store.js';
import { StreamHub } from './stream/stream-hub.js';

export interface RunningRelay {
  /** Where the relay listens, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  publicUrl: string;
  /** Set only on the first start of a data dir: shown once, stored hashed. */
  adminToken: string | null;
  store: RelayStore;
  log: RelayLogger;
  retention: RetentionSweeper;
  /** Seals and opens secrets at rest under the master key (see relay-server/secrets). */
  secretBox: SecretBox;
  /** Relay-side alert rules: evaluation, the SSRF-guarded sender. */
  alerts: RelayAlerts;
  close(): Promise<void>;
}

const SHUTDOWN_DEADLINE_MS = 10_000;

/** A host to reach a server listening on `host` from this machine. */
function displayHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** A raw JSON error for requests node:http rejects before any handler runs. */
function clientErrorResponse(code: string | undefined): string {
  const [status, reason, errorCode, message] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'the request head exceeds 32 KiB']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'the request took too long to arrive']
        : [400, 'Bad Request', 'bad_request', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify({ error: { code: errorCode, message } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export async function startRelay(config: RelayConfig): Promise<RunningRelay> {
  const now = config.now ?? Date.now;
  const log = config.log ?? createRelayLogger();
  // First: a trusted-proxy entry that is not a CIDR stops the start with nothing to undo.
  const gate = new DoorGate(config.trustedProxies ?? []);
  // Likewise an alerts allowlist entry that is not a CIDR.
  compileIpRanges(config.alertsAllow ?? [], 'alerts allowlist');
  // Before the store opens: a missing or wrong master key stops the start with nothing to undo.
  const secrets = await openRelaySecrets(config.dataDir, config.masterKey);
  if (secrets.source === 'created') {
    log.info({ file: secrets.file }, 'created the master key for secrets at rest; back it up with the database');
  }
  const store = openSqliteRelayStore(config.dataDir, config.durability, { checkpointThread: true });
  // Endpoints' signing secrets are sealed under the master key in the store.
  store.setSecretBox(secrets.box);
  const adminToken = await ensureAdminToken(store);
  const metrics = new RelayMetrics(store);
  const waiters = new PassthroughWaiters({ metrics, log, now });
  const hub = new StreamHub({
    store,
    metrics,
    log,
    now,
    waiters,
    settings: {
      window: config.streamWindow,
      windowBytes: config.streamWindowBytes,
      heartbeatMs: config.heartbeatMs,
      helloTimeoutMs: Math.max(config.heartbeatMs, 10_000),
    },
  });
  const alerts = new RelayAlerts(
    { store, metrics, log, isConnected: (id) => hub.isConnected(id) },
    {
      allow: config.alertsAllow ?? [],
      followRedirects: config.alertsFollowRedirects ?? 0,
      ...(config.alertClock ? { clock: config.alertClock } : {}),
      ...(config.alertResolver ? { resolver: config.alertResolver } : {}),
    },
  );
  const batcher = new CommitBatcher(store, (events, seqs) => {
    waiters.committed(events, seqs);
    hub.committed(events);
    alerts.committed(events, seqs);
  });
  let publicUrl = config.publicUrl ?? '';
  const ingest = new IngestHandler({
    store,
    batcher,
    metrics,
    log,
    now,
    gate,
    waiters,
    repeated: (userId, event) => hub.repeated(userId, event),
    publicUrl: () => publicUrl,
    rateLimited: (endpoint) => alerts.rateLimited(endpoint),
  });
  const router = new ApiRouter(store, log);
  mountEndpointsApi(router, {
    store,
    now,
    publicUrl: () => publicUrl,
    defaultMaxBodyBytes: config.defaultMaxBodyBytes,
  });
  mountAccountsApi(router, {
    store,
    now,
    isConnected: (id) => hub.isConnected(id),
    onRevoked: (id) => hub.revoked(id),
  });
  mountAlertsApi(router, { store, alerts });
  const retention = new RetentionSweeper({
    store,
    metrics,
    log,
    now,
    policy: {
      graceMs: config.graceMs,
      ttlMs: config.ttlMs,
      maxBytes: config.maxBufferBytes,
      intervalMs: config.retentionIntervalMs,
    },
  });

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith('/h/')) return ingest.handle(req, res);
    if (url.startsWith('/api/')) return router.handle(req, res);
    const pathname = url.split('?')[0];
    if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, { ok: true, store: store.kind });
    }
    if (pathname === '/metrics' && req.method === 'GET') {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    sendError(res, 404, 'not_found', `nothing at ${pathname}; webhooks go to /h/{key}`);
  };
  const guarded = (fn: () => Promise<void>, res: ServerResponse) =>
    fn().catch((err: unknown) => {
      log.error({ err }, 'request failed');
      sendError(res, 500, 'internal_error', 'the relay failed to handle this request');
    });

  const server = http.createServer({
    // Slowloris: headers must arrive quickly; a whole 25 MB body gets two minutes.
    headersTimeout: 15_000,
    requestTimeout: 120_000,
    keepAliveTimeout: 5_000,
    maxHeaderSize: 32 * 1024,
  });
  // A sender may half-close its side right after the request. Node would then abort the
  // request while its commit is in flight; answer first, then close.
  (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // No count limit: dropping header lines silently could drop a signature. maxHeaderSize bounds them.
  server.maxHeadersCount = 0;
  server.on('request', (req, res) => void guarded(() => dispatch(req, res), res));
  // Decide on Expect: 100-continue before the sender uploads anything.
  server.on('checkContinue', (req, res) => {
    void guarded(async () => {
      if ((req.url ?? '').startsWith('/h/')) {
        const admission = await ingest.admit(req, res);
        if (!admission.ok) return;
        res.writeContinue();
        return ingest.handle(req, res, admission);
      }
      res.writeContinue();
      return dispatch(req, res);
    }, res);
  });
  server.on('upgrade', (req, socket, head) => {
    void hub.handleUpgrade(req, socket, head).catch((err: unknown) => {
      log.error({ err }, 'stream upgrade failed');
      socket.destroy();
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable) socket.end(clientErrorResponse(err.code));
    log.debug({ err: err.message, code: err.code }, 'client error');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(config.host)}:${port}`;
  publicUrl = (config.publicUrl ?? url).replace(/\/+$/, '');
  retention.start();
  await alerts.start();
  log.info({ url, publicUrl, dataDir: config.dataDir, durability: config.durability }, 'relay listening');

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      log.info('relay shutting down: finishing in-flight requests');
      // Held passthrough senders get their fallback now rather than hold up the shutdown.
      waiters.shutdown();
      await retention.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections go idle once their last response is sent: close them then.
      const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      await hub.close();
      const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_DEADLINE_MS);
      await closed;
      clearTimeout(deadline);
      clearInterval(idleSweep);
      await batcher.drain();
      await alerts.stop();
      await store.close();
      log.info('relay stopped');
    })();
    return closing;
  };

  return { url, port, publicUrl, adminToken, store, log, retention, secretBox: secrets.box, alerts, close };
}
