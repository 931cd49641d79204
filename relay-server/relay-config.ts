// Everything a relay is started with; the CLI and the environment fill it in.

import type { AlertClock } from '../protocol/alerts/alert-clock.js';
import { DEFAULT_ENDPOINT_BODY_LIMIT } from '../protocol/relay-api.js';
import type { HostResolver } from './alerts/outbound-guard.js';
import type { RelayLogger } from './observability/logger.js';
import type { Durability } from './store/sqlite/sqlite-relay-store.js';

export interface RelayConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Base of the permanent URLs; defaults to http://{host}:{port}. */
  publicUrl?: string;
  durability: Durability;
  /** Undelivered events are removed after this long. */
  ttlMs: number;
  /** Delivered events (acked by every device) are removed once they are older than this. */
  graceMs: number;
  /** Cap on buffered body bytes; the oldest events go first past it. */
  maxBufferBytes: number;
  retentionIntervalMs: number;
  defaultMaxBodyBytes: number;
  streamWindow: number;
  streamWindowBytes: number;
  heartbeatMs: number;
  /** PORTHOLE_RELAY_MASTER_KEY's value (32 bytes, base64 or hex); without it, DATA_DIR/master.key. */
  masterKey?: string;
  /** Proxies (CIDRs) whose X-Forwarded-For the door believes for the client's address. */
  trustedProxies: string[];
  /**
   * Ranges (CIDRs) relay-side alert webhooks may reach although they are private, loopback or
   * link-local; everything else of that kind is refused after DNS resolution.
   */
  alertsAllow: string[];
  /** Redirect hops an alert webhook follows, each checked again; 0 answers with the 3xx. At most 3. */
  alertsFollowRedirects: number;
  /** Tests: time for alert conditions and retries, and DNS for the SSRF guard. */
  alertClock?: AlertClock;
  alertResolver?: HostResolver;
  log?: RelayLogger;
  now?: () => number;
}

export const RELAY_DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  durability: 'full',
  ttlMs: 24 * 60 * 60 * 1000,
  graceMs: 10 * 60 * 1000,
  maxBufferBytes: 1024 ** 3,
  retentionIntervalMs: 60 * 1000,
  defaultMaxBodyBytes: DEFAULT_ENDPOINT_BODY_LIMIT,
  streamWindow: 100,
  streamWindowBytes: 16 * 1024 * 1024,
  heartbeatMs: 15 * 1000,
  trustedProxies: [] as string[],
  alertsAllow: [] as string[],
  alertsFollowRedirects: 0,
} as const satisfies Partial<RelayConfig>;
