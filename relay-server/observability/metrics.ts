// Prometheus metrics for `/metrics`. Gauges that describe stored state are read from the
// store at scrape time, so they are right after a restart too.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RelayStore, RetentionCounts } from '../store/relay-store.js';

export const INGEST_RESULTS = [
  'accepted',
  'flagged',
  'duplicate',
  'rejected_disabled',
  'not_found',
  'ip_not_allowed',
  'too_large',
  'rate_limited',
  'signature_invalid',
  'schema_invalid',
  'filter_mismatch',
  'filtered',
  'aborted',
  'error',
] as const;
export type IngestResult = (typeof INGEST_RESULTS)[number];

/** How a held passthrough sender was answered; `ignored` counts answers nobody waited for. */
export const PASSTHROUGH_RESULTS = [
  'answered',
  'fallback_timeout',
  'fallback_declined',
  'fallback_shutdown',
  'sender_gone',
  'ignored',
] as const;
export type PassthroughResult = (typeof PASSTHROUGH_RESULTS)[number];

/** Relay-side alerts: fired (or tested, or held back by the throttle), and each try's outcome. */
export const ALERT_RESULTS = [
  'fired',
  'tested',
  'suppressed',
  'delivered',
  'retried',
  'gave_up',
  'gone',
  'blocked',
] as const;
export type AlertResult = (typeof ALERT_RESULTS)[number];

export class RelayMetrics {
  readonly registry = new Registry();
  private readonly ingestTotal = new Counter({
    name: 'porthole_ingest_total',
    help: 'Webhooks received at the door, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly passthroughTotal = new Counter({
    name: 'porthole_passthrough_total',
    help: 'Passthrough senders by how they were answered, and device answers ignored',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly retentionTotal = new Counter({
    name: 'porthole_events_removed_total',
    help: 'Buffered events removed: delivered (acked by every device), expired (TTL), evicted (size cap)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly alertsTotal = new Counter({
    name: 'porthole_alerts_total',
    help: 'Relay-side alerts fired, tested or suppressed, and their webhook tries by outcome (blocked: refused by the SSRF guard)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly deliverySeconds = new Histogram({
    name: 'porthole_delivery_seconds',
    help: 'Time from receipt at the door to a device acking it (each device, each ack)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60, 600, 3600],
    registers: [this.registry],
  });
  private readonly connectedGauge = new Gauge({
    name: 'porthole_devices_connected',
    help: 'Devices with an open event stream',
    registers: [this.registry],
  });

  constructor(store: RelayStore) {
    for (const result of INGEST_RESULTS) {
      this.ingestTotal.inc({ result }, 0);
    }
    for (const result of PASSTHROUGH_RESULTS) this.passthroughTotal.inc({ result }, 0);
    for (const reason of ['delivered', 'expired', 'evicted']) this.retentionTotal.inc({ reason }, 0);
    for (const result of ALERT_RESULTS) this.alertsTotal.inc({ result }, 0);
    new Gauge({
      name: 'porthole_buffer_events',
      help: 'Events held by the relay (not yet acked by every device, or within the grace period)',
      registers: [this.registry],
      async collect(this: Gauge) {
        this.set((await store.bufferStats()).events);
      },
    });
    new Gauge({
      name: 'porthole_buffer_bytes',
      help: 'Body bytes held by the relay',
      registers: [this.registry],
      async collect(this: Gauge) {
        this.set((await store.bufferStats()).bytes);
      },
    });
    new Gauge({
      name: 'porthole_device_ack_lag_events',
      help: 'Events of its user a device has not acked yet',
      labelNames: ['device'] as const,
      registers: [this.registry],
      async collect(this: Gauge<'device'>) {
        this.reset();
        for (const d of await store.ackLag()) this.set({ device: d.deviceId }, d.lag);
      },
    });
  }

  ingest(result: IngestResult) {
    this.ingestTotal.inc({ result });
  }

  passthrough(result: PassthroughResult) {
    this.passthroughTotal.inc({ result });
  }

  alert(result: AlertResult) {
    this.alertsTotal.inc({ result });
  }

  retention(counts: RetentionCounts) {
    for (const [reason, n] of Object.entries(counts)) if (n > 0) this.retentionTotal.inc({ reason }, n);
  }

  delivered(receivedAt: number, now: number) {
    this.deliverySeconds.observe(Math.max(0, now - receivedAt) / 1000);
  }

  deviceConnected(delta: 1 | -1) {
    this.connectedGauge.inc(delta);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
