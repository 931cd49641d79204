// Realistic stored events for the store benchmark: ~1.5 KB JSON bodies (Stripe-, GitHub- and
// Shopify-like), the headers their senders send, spread over five endpoints with skewed
// traffic, a few methods and paths, and forward outcomes. Deterministic (seeded PRNG), so
// every run stores the same rows. Carries one common search term and one rare one.
import type { NewStoredEvent } from '../app/store/event-records.js';
import type { WireEvent } from '../protocol/event.js';

export interface BenchEndpoint {
  id: string;
  name: string;
  /** Share of all events. */
  weight: number;
  paths: string[];
}

export const BENCH_ENDPOINTS: BenchEndpoint[] = [
  { id: 'ep_stripe0000000000000000000', name: 'stripe', weight: 0.5, paths: ['/stripe', '/stripe/connect'] },
  { id: 'ep_github0000000000000000000', name: 'github', weight: 0.25, paths: ['/github/push', '/github/pr'] },
  { id: 'ep_shopify000000000000000000', name: 'shopify', weight: 0.15, paths: ['/shopify/orders'] },
  { id: 'ep_slack00000000000000000000', name: 'slack', weight: 0.09, paths: ['/slack/events'] },
  { id: 'ep_twilio0000000000000000000', name: 'twilio', weight: 0.01, paths: ['/twilio/sms'] },
];

/** In about half the bodies (the Stripe `payment_intent.*` and `payment_method` fields). */
export const COMMON_TERM = 'payment';
/** In one event of RARE_EVERY: a dispute note in the description. */
export const RARE_TERM = 'chargebackdispute';
export const RARE_EVERY = 100_000;

/** The forward outcome an event ends with: status, or error, or none (no target). */
export interface LastResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** mulberry32: small, fast, good enough to spread rows; not for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const STRIPE_TYPES = ['payment_intent.succeeded', 'payment_intent.created', 'charge.succeeded', 'invoice.paid'];
const CITIES = ['Lyon', 'Berlin', 'Austin', 'Osaka', 'Leeds', 'Porto', 'Quebec', 'Malmo'];

export class EventFactory {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly baseTime = Date.UTC(2026, 0, 1),
  ) {
    this.random = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private chars(n: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  private endpoint(): BenchEndpoint {
    let r = this.random();
    for (const e of BENCH_ENDPOINTS) {
      r -= e.weight;
      if (r < 0) return e;
    }
    return BENCH_ENDPOINTS[0]!;
  }

  /** Event number `n` (1-based, also its seq), as the engine stores it. */
  event(n: number): NewStoredEvent {
    const endpoint = this.endpoint();
    const r = this.random();
    const method = r < 0.02 ? 'PUT' : r < 0.03 ? 'GET' : 'POST';
    const receivedAt = this.baseTime + n * 50;
    const body = Buffer.from(this.body(endpoint, n));
    return {
      id: `evt_${String(n).padStart(10, '0')}${this.chars(16, ALPHANUMERIC)}`,
      seq: n,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      method,
      path: this.pick(endpoint.paths),
      query: this.random() < 0.1 ? `attempt=${1 + Math.floor(this.random() * 3)}` : '',
      headers: this.headers(endpoint, receivedAt, body.length),
      body,
      sourceIp: `203.0.113.${Math.floor(this.random() * 254) + 1}`,
      receivedAt,
      outcome: 'accepted',
      rejectReason: null,
      findings: null,
      replayOf: null,
      replayDepth: 0,
    };
  }

  /** Mostly delivered; some failing, some refused, a few never forwarded. */
  lastResult(): LastResult | null {
    const r = this.random();
    const durationMs = 1 + this.random() * 40;
    if (r < 0.02) return null;
    if (r < 0.04) return { status: null, error: 'refused: connect ECONNREFUSED 127.0.0.1:3000', durationMs };
    if (r < 0.06) return { status: 404, error: null, durationMs };
    if (r < 0.1) return { status: 500, error: null, durationMs };
    return { status: 200, error: null, durationMs };
  }

  private headers(endpoint: BenchEndpoint, receivedAt: number, bodyLength: number): [string, string][] {
    const common: [string, string][] = [
      ['Host', 'hooks.example.com'],
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Content-Length', String(bodyLength)],
      ['Accept', '*/*; q=0.5, application/xml'],
      ['X-Request-Id', this.chars(24, HEX)],
    ];
    const t = Math.floor(receivedAt / 1000);
    switch (endpoint.name) {
      case 'stripe':
        return [
          ...common,
          ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
          ['Stripe-Signature', `t=${t},v1=${this.chars(64, HEX)},v0=${this.chars(64, HEX)}`],
        ];
      case 'github':
        return [
          ...common,
          ['User-Agent', 'GitHub-Hookshot/8b1a2c3'],
          ['X-GitHub-Event', 'push'],
          ['X-GitHub-Delivery', `${this.chars(8, HEX)}-${this.chars(4, HEX)}-${this.chars(4, HEX)}`],
          ['X-Hub-Signature-256', `sha256=${this.chars(64, HEX)}`],
        ];
      default:
        return [
          ...common,
          ['User-Agent', `${endpoint.name}-webhooks/2.1`],
          ['X-Signature', `v1,${this.chars(44, ALPHANUMERIC)}`],
          ['X-Timestamp', String(t)],
        ];
    }
  }

  private body(endpoint: BenchEndpoint, n: number): string {
    const note = n % RARE_EVERY === 0 ? ` (${RARE_TERM} opened by the bank)` : '';
    if (endpoint.name === 'github') return this.githubBody(note);
    if (endpoint.name === 'stripe') return this.stripeBody(note);
    return this.orderBody(endpoint.name, note);
  }

  private stripeBody(note: string): string {
    const id = this.chars(24, ALPHANUMERIC);
    return JSON.stringify({
      id: `evt_${id}`,
      object: 'event',
      api_version: '2024-06-20',
      created: 1_723_456_789 + Math.floor(this.random() * 1e6),
      type: this.pick(STRIPE_TYPES),
      data: {
        object: {
          id: `pi_${this.chars(24, ALPHANUMERIC)}`,
          object: 'payment_intent',
          amount: Math.floor(this.random() * 100_000),
          amount_received: Math.floor(this.random() * 100_000),
          amount_capturable: 0,
          application: null,
          automatic_payment_methods: { allow_redirects: 'never', enabled: true },
          capture_method: 'automatic_async',
          confirmation_method: 'automatic',
          client_secret: `pi_${id}_secret_${this.chars(24, ALPHANUMERIC)}`,
          currency: this.pick(['eur', 'usd', 'gbp', 'jpy']),
          customer: `cus_${this.chars(14, ALPHANUMERIC)}`,
          description: `Order #${Math.floor(this.random() * 1e6)}: 1x Porthole Pro (annual)${note}`,
          latest_charge: `ch_${this.chars(24, ALPHANUMERIC)}`,
          livemode: false,
          metadata: { order_id: String(Math.floor(this.random() * 1e6)), channel: 'web' },
          payment_method: `pm_${this.chars(24, ALPHANUMERIC)}`,
          payment_method_configuration_details: { id: `pmc_${this.chars(24, ALPHANUMERIC)}`, parent: null },
          payment_method_options: {
            card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
          },
          payment_method_types: ['card', 'link'],
          receipt_email: `${this.chars(8, 'abcdefghijklmnopqrstuvwxyz')}@example.com`,
          shipping: {
            address: { city: this.pick(CITIES), country: 'FR', line1: '12 rue de la Republique', postal_code: '69002' },
            name: 'Jane Doe',
            phone: '+33 4 72 00 00 00',
          },
          source: null,
          statement_descriptor: 'PORTHOLE PRO',
          statement_descriptor_suffix: null,
          status: 'succeeded',
        },
      },
      livemode: false,
      pending_webhooks: 2,
      request: { id: `req_${this.chars(14, ALPHANUMERIC)}`, idempotency_key: this.chars(32, HEX) },
    });
  }

  private githubBody(note: string): string {
    const sha = () => this.chars(40, HEX);
    return JSON.stringify({
      ref: 'refs/heads/main',
      before: sha(),
      after: sha(),
      repository: {
        id: Math.floor(this.random() * 1e9),
        name: 'porthole',
        full_name: 'acme/porthole',
        private: true,
        owner: { login: 'acme', id: 1_234_567, type: 'Organization' },
        html_url: 'https://github.com/acme/porthole',
        description: 'A permanent webhook URL that lands on your desktop',
        url: 'https://api.github.com/repos/acme/porthole',
        hooks_url: 'https://api.github.com/repos/acme/porthole/hooks',
        pulls_url: 'https://api.github.com/repos/acme/porthole/pulls{/number}',
        created_at: 1_700_000_000,
        pushed_at: 1_723_456_789 + Math.floor(this.random() * 1e6),
        size: Math.floor(this.random() * 1e5),
        stargazers_count: Math.floor(this.random() * 1e3),
        language: 'TypeScript',
        default_branch: 'main',
      },
      pusher: { name: 'jdoe', email: 'jdoe@example.com' },
      sender: { login: 'jdoe', id: 7_654_321, type: 'User' },
      head_commit: {
        id: sha(),
        tree_id: sha(),
        message: `Fix the retry loop in the webhook handler: back off with jitter after a refused connection${note}`,
        timestamp: '2026-01-01T12:00:00Z',
        author: { name: 'Jane Doe', email: 'jdoe@example.com', username: 'jdoe' },
        added: [],
        removed: [],
        modified: ['src/webhooks/handler.ts', 'src/webhooks/retry.ts'],
      },
      commits: [{ id: sha(), message: 'Fix the retry loop', distinct: true, url: 'https://github.com/acme/porthole' }],
      compare: `https://github.com/acme/porthole/compare/${this.chars(12, HEX)}...${this.chars(12, HEX)}`,
    });
  }

  private orderBody(source: string, note: string): string {
    return JSON.stringify({
      id: Math.floor(this.random() * 1e12),
      source,
      email: `${this.chars(8, 'abcdefghijklmnopqrstuvwxyz')}@example.com`,
      created_at: '2026-01-01T12:00:00Z',
      currency: 'USD',
      total_price: (this.random() * 500).toFixed(2),
      financial_status: this.pick(['paid', 'pending', 'refunded']),
      note: `Leave at the door${note}`,
      customer: { id: Math.floor(this.random() * 1e9), first_name: 'Jane', last_name: 'Doe', orders_count: 4 },
      billing_address: { city: this.pick(CITIES), zip: String(10_000 + Math.floor(this.random() * 89_999)) },
      shipping_lines: [{ code: 'standard', title: 'Standard shipping', price: '4.90', carrier: 'La Poste' }],
      discount_codes: [{ code: `WELCOME-${this.chars(6, ALPHANUMERIC)}`, amount: '5.00', type: 'fixed_amount' }],
      line_items: Array.from({ length: 9 }, () => ({
        id: Math.floor(this.random() * 1e12),
        sku: `SKU-${this.chars(8, ALPHANUMERIC)}`,
        title: this.pick(['Porthole mug', 'Porthole hoodie', 'Sticker pack', 'Desk mat']),
        quantity: 1 + Math.floor(this.random() * 3),
        price: (this.random() * 80).toFixed(2),
      })),
      shipping_address: { city: this.pick(CITIES), zip: String(10_000 + Math.floor(this.random() * 89_999)) },
      tags: 'web, returning-customer',
    });
  }
}

/** The event as the relay streams it (body in base64): what commitRelayEvents takes. */
export function toWireEvent(e: NewStoredEvent): WireEvent {
  return {
    id: e.id,
    seq: e.seq ?? 0,
    endpointId: e.endpointId,
    endpointName: e.endpointName,
    method: e.method,
    path: e.path,
    query: e.query,
    headers: e.headers,
    body: e.body.toString('base64'),
    bodySize: e.body.length,
    sourceIp: e.sourceIp,
    receivedAt: new Date(e.receivedAt).toISOString(),
    outcome: e.outcome,
  };
}
