// The filter benchmark's events: the shapes real senders post, so every kind of filter has
// something true to find. Stripe (JSON, several event types, data.object.amount/currency/
// customer, some livemode), GitHub (push, pull_request, issues; x-github-event), Slack (JSON
// event_callback and form-encoded slash commands), Shopify (orders with line_items), Twilio
// (form), and a legacy sender of XML and plain text. Six endpoints with skewed traffic, the
// headers each sender sends, forward outcomes of every class. Deterministic (seeded PRNG).
import type { NewStoredEvent } from '../app/store/event-records.js';
import { type LastResult, prng } from './engine-store-data.js';

export interface MixEndpoint {
  id: string;
  name: string;
  /** Share of all events. */
  weight: number;
}

export const MIX_ENDPOINTS: MixEndpoint[] = [
  { id: 'ep_mixstripe0000000000000000', name: 'stripe', weight: 0.4 },
  { id: 'ep_mixgithub0000000000000000', name: 'github', weight: 0.2 },
  { id: 'ep_mixslack00000000000000000', name: 'slack', weight: 0.15 },
  { id: 'ep_mixshopify000000000000000', name: 'shopify', weight: 0.15 },
  { id: 'ep_mixtwilio0000000000000000', name: 'twilio', weight: 0.05 },
  { id: 'ep_mixlegacy0000000000000000', name: 'legacy', weight: 0.05 },
];

/** In one event of RARE_EVERY (a Stripe description, a commit message, an order note…). */
export const RARE_WORD = 'chargebackdispute';
export const RARE_EVERY = 100_000;

/** [value, weight] pairs; weights need not sum to 1. */
type Weighted<T> = readonly (readonly [T, number])[];

const STRIPE_TYPES: Weighted<string> = [
  ['payment_intent.succeeded', 30],
  ['charge.succeeded', 20],
  ['invoice.paid', 12],
  ['invoice.payment_failed', 3],
  ['charge.failed', 5],
  ['customer.subscription.updated', 15],
  ['checkout.session.completed', 15],
];
const GITHUB_EVENTS: Weighted<string> = [
  ['push', 60],
  ['pull_request', 25],
  ['issues', 10],
  ['check_run', 5],
];
const REPOS = ['acme/api', 'acme/web', 'acme/porthole', 'acme/infra', 'octo/tools'];
const CURRENCIES = ['usd', 'eur', 'gbp', 'jpy'];
const PRODUCTS = ['Porthole mug', 'Porthole hoodie', 'Sticker pack', 'Desk mat', 'Pro licence'];
const CITIES = ['Lyon', 'Berlin', 'Austin', 'Osaka', 'Leeds', 'Porto', 'Quebec', 'Malmo'];
const WORDS = ['deploy', 'rollback', 'status', 'review', 'standup', 'incident', 'release', 'lunch'];
const AN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

interface Shape {
  method: string;
  path: string;
  query: string;
  contentType: string;
  headers: [string, string][];
  body: string;
}

export class MixedEventFactory {
  private readonly random: () => number;
  private rare = '';

  constructor(
    seed: number,
    private readonly baseTime = Date.UTC(2026, 0, 1),
  ) {
    this.random = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private weighted<T>(items: Weighted<T>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.random() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[0]![0];
  }

  private chars(n: number, alphabet = AN): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  /** Event number `n` (1-based, also its seq), as the engine stores it. */
  event(n: number): NewStoredEvent {
    const endpoint = this.weighted(MIX_ENDPOINTS.map((e) => [e, e.weight] as const));
    const receivedAt = this.baseTime + n * 50;
    this.rare = n % RARE_EVERY === 0 ? ` ${RARE_WORD} opened by the bank` : '';
    const shape = this.shape(endpoint.name, Math.floor(receivedAt / 1000));
    const body = Buffer.from(shape.body);
    const headers: [string, string][] = [
      ['Host', 'hooks.example.com'],
      ...shape.headers,
      ...(body.length > 0 ? ([['Content-Type', shape.contentType]] as [string, string][]) : []),
      ['Content-Length', String(body.length)],
      ['X-Forwarded-For', `203.0.113.${1 + this.int(254)}`],
      ['X-Forwarded-Proto', 'https'],
      ['Accept-Encoding', 'gzip'],
    ];
    return {
      id: `evt_${String(n).padStart(10, '0')}${this.chars(16)}`,
      seq: n,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      method: shape.method,
      path: shape.path,
      query: shape.query,
      headers,
      body,
      sourceIp: `203.0.113.${1 + this.int(254)}`,
      receivedAt,
      outcome: 'accepted',
      rejectReason: null,
      findings: null,
      replayOf: null,
      replayDepth: 0,
    };
  }

  /** Mostly 2xx; some 4xx and 5xx from the local service, some refused, some never forwarded. */
  lastResult(): LastResult | null {
    const r = this.random();
    const durationMs = 1 + this.random() * 40;
    const status = (s: number): LastResult => ({ status: s, error: null, durationMs });
    if (r < 0.05) return null;
    if (r < 0.07) return { status: null, error: 'refused: connect ECONNREFUSED 127.0.0.1:3000', durationMs };
    if (r < 0.1) return status(this.pick([400, 401, 404, 422]));
    if (r < 0.14) return status(this.pick([500, 502, 503]));
    return status(this.pick([200, 200, 200, 201, 202, 204]));
  }

  private shape(sender: string, t: number): Shape {
    switch (sender) {
      case 'stripe':
        return this.stripe(t);
      case 'github':
        return this.github();
      case 'slack':
        return this.slack(t);
      case 'shopify':
        return this.shopify();
      case 'twilio':
        return this.twilio();
      default:
        return this.legacy();
    }
  }

  private stripe(t: number): Shape {
    const type = this.weighted(STRIPE_TYPES);
    const object = type.split('.')[0]!;
    const livemode = this.random() < 0.1;
    const body = {
      id: `evt_${this.chars(24)}`,
      object: 'event',
      api_version: '2024-06-20',
      created: t,
      type,
      livemode,
      pending_webhooks: 1 + this.int(3),
      data: {
        object: {
          id: `${object.slice(0, 3)}_${this.chars(24)}`,
          object,
          amount: this.int(50_000),
          currency: this.pick(CURRENCIES),
          customer: `cus_${this.chars(14)}`,
          description: `Order #${this.int(1e6)}: ${this.pick(PRODUCTS)}${this.rare}`,
          livemode,
          metadata: { order_id: String(this.int(1e6)), channel: this.pick(['web', 'ios', 'android']) },
          status: type.endsWith('failed') ? 'failed' : 'succeeded',
          // The rest of a real object's fields, so bodies weigh what Stripe's do (~1.5 KB).
          payment_method: `pm_${this.chars(24)}`,
          payment_method_types: ['card', 'link'],
          receipt_email: `${this.chars(8, 'abcdefghijklmnopqrstuvwxyz')}@example.com`,
          billing_details: {
            address: { city: this.pick(CITIES), country: 'FR', line1: '12 rue de la Republique', postal_code: '69002' },
            name: 'Jane Doe',
            phone: '+33 4 72 00 00 00',
          },
          payment_method_details: {
            card: {
              brand: this.pick(['visa', 'mastercard', 'amex']),
              last4: String(1000 + this.int(9000)),
              exp_year: 2030,
              funding: 'credit',
              network: null,
              three_d_secure: null,
            },
            type: 'card',
          },
          statement_descriptor: 'PORTHOLE PRO',
          latest_charge: `ch_${this.chars(24)}`,
          created: t,
          ...(object === 'invoice'
            ? { amount_paid: this.int(50_000), hosted_invoice_url: 'https://invoice.stripe.com/i/acct' }
            : {}),
        },
      },
      request: { id: `req_${this.chars(14)}`, idempotency_key: this.chars(32, HEX) },
    };
    return {
      method: 'POST',
      path: this.random() < 0.8 ? '/stripe' : '/stripe/connect',
      query: '',
      contentType: 'application/json; charset=utf-8',
      headers: [
        ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
        ['Accept', '*/*; q=0.5, application/xml'],
        ['Cache-Control', 'no-cache'],
        ['Stripe-Signature', `t=${t},v1=${this.chars(64, HEX)}`],
      ],
      body: JSON.stringify(body),
    };
  }

  private github(): Shape {
    const event = this.weighted(GITHUB_EVENTS);
    const repo = this.pick(REPOS);
    const repository = {
      id: 1000 + REPOS.indexOf(repo),
      name: repo.split('/')[1],
      full_name: repo,
      private: true,
      owner: { login: repo.split('/')[0], id: 1_234_567, type: 'Organization' },
      html_url: `https://github.com/${repo}`,
      url: `https://api.github.com/repos/${repo}`,
      hooks_url: `https://api.github.com/repos/${repo}/hooks`,
      pulls_url: `https://api.github.com/repos/${repo}/pulls{/number}`,
      issues_url: `https://api.github.com/repos/${repo}/issues{/number}`,
      pushed_at: 1_723_456_789 + this.int(1e6),
      size: this.int(1e5),
      language: 'TypeScript',
      default_branch: 'main',
    };
    const sender = { login: this.pick(['jdoe', 'asmith', 'dependabot[bot]']), type: 'User' };
    const sha = () => this.chars(40, HEX);
    const body =
      event === 'push'
        ? {
            ref: this.random() < 0.7 ? 'refs/heads/main' : `refs/heads/feature-${this.int(300)}`,
            before: sha(),
            after: sha(),
            repository,
            sender,
            head_commit: { id: sha(), message: `Fix the retry loop after a refused connection${this.rare}` },
          }
        : event === 'pull_request'
          ? {
              action: this.pick(['opened', 'synchronize', 'closed', 'labeled']),
              number: 1 + this.int(2000),
              pull_request: { title: `Bump the webhook handler${this.rare}`, state: 'open', draft: false },
              repository,
              sender,
            }
          : { action: this.pick(['opened', 'completed', 'created']), repository, sender, note: this.rare };
    return {
      method: 'POST',
      path: '/github',
      query: '',
      contentType: 'application/json',
      headers: [
        ['User-Agent', `GitHub-Hookshot/${this.chars(7, HEX)}`],
        ['Accept', '*/*'],
        ['X-GitHub-Event', event],
        ['X-GitHub-Delivery', `${this.chars(8, HEX)}-${this.chars(4, HEX)}-${this.chars(12, HEX)}`],
        ['X-GitHub-Hook-ID', String(400_000 + REPOS.indexOf(repo))],
        ['X-Hub-Signature-256', `sha256=${this.chars(64, HEX)}`],
      ],
      body: JSON.stringify(body),
    };
  }

  private slack(t: number): Shape {
    const headers: [string, string][] = [
      ['User-Agent', 'Slackbot 1.0 (+https://api.slack.com/robots)'],
      ['Accept', '*/*'],
      ['X-Slack-Request-Timestamp', String(t)],
      ['X-Slack-Signature', `v0=${this.chars(64, HEX)}`],
    ];
    if (this.random() < 0.05) headers.push(['X-Slack-Retry-Num', '1'], ['X-Slack-Retry-Reason', 'http_timeout']);
    const team = `T${this.chars(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
    const user = `U${this.chars(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
    if (this.random() < 0.3) {
      // A slash command: form-encoded, so body paths do not reach into it.
      const form = new URLSearchParams({
        token: this.chars(24),
        team_id: team,
        channel_name: this.pick(['general', 'ops', 'random']),
        user_id: user,
        command: this.pick(['/deploy', '/standup', '/oncall']),
        text: `${this.pick(WORDS)} ${this.pick(WORDS)}${this.rare}`,
        response_url: `https://hooks.slack.com/commands/${team}/${this.chars(12)}`,
        trigger_id: `${this.int(1e9)}.${this.chars(10)}`,
      });
      return {
        method: 'POST',
        path: '/slack/commands',
        query: '',
        contentType: 'application/x-www-form-urlencoded',
        headers,
        body: form.toString(),
      };
    }
    const type = this.pick(['message', 'message', 'app_mention', 'reaction_added']);
    const body = {
      token: this.chars(24),
      team_id: team,
      api_app_id: 'A0PORTHOLE',
      type: 'event_callback',
      event_id: `Ev${this.chars(10)}`,
      event_time: t,
      event: {
        type,
        user,
        channel: `C${this.chars(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
        channel_type: this.pick(['channel', 'im']),
        text: `${this.pick(WORDS)} at ${this.int(24)}:00${this.rare}`,
        ts: `${t}.${this.int(1e6)}`,
      },
    };
    return {
      method: 'POST',
      path: '/slack/events',
      query: '',
      contentType: 'application/json',
      headers,
      body: JSON.stringify(body),
    };
  }

  private shopify(): Shape {
    const topic = this.pick(['orders/create', 'orders/create', 'orders/paid', 'orders/fulfilled']);
    const items = Array.from({ length: 1 + this.int(5) }, () => ({
      id: this.int(1e12),
      sku: `SKU-${this.chars(8)}`,
      title: this.pick(PRODUCTS),
      quantity: 1 + this.int(3),
      price: (this.random() * 80).toFixed(2),
    }));
    const body = {
      id: this.int(1e12),
      email: `${this.chars(8, 'abcdefghijklmnopqrstuvwxyz')}@example.com`,
      currency: this.pick(['USD', 'EUR', 'GBP']),
      total_price: items.reduce((s, i) => s + Number(i.price) * i.quantity, 0).toFixed(2),
      financial_status: topic === 'orders/paid' ? 'paid' : this.pick(['paid', 'pending']),
      note: `Leave at the door${this.rare}`,
      customer: { id: this.int(1e9), first_name: 'Jane', last_name: 'Doe', orders_count: 1 + this.int(9) },
      billing_address: { city: this.pick(CITIES), zip: String(10_000 + this.int(89_999)), country: 'US' },
      shipping_address: { city: this.pick(CITIES), zip: String(10_000 + this.int(89_999)), country: 'US' },
      shipping_lines: [{ code: 'standard', title: 'Standard shipping', price: '4.90', carrier: 'La Poste' }],
      line_items: items,
      tags: 'web, returning-customer',
    };
    return {
      method: 'POST',
      path: '/shopify/orders',
      query: '',
      contentType: 'application/json',
      headers: [
        ['User-Agent', 'Shopify-Captain-Hook'],
        ['Accept', '*/*'],
        ['X-Shopify-Topic', topic],
        ['X-Shopify-Shop-Domain', 'porthole-shop.myshopify.com'],
        ['X-Shopify-Hmac-Sha256', Buffer.from(this.chars(32, HEX), 'hex').toString('base64')],
        ['X-Shopify-Webhook-Id', `${this.chars(8, HEX)}-${this.chars(4, HEX)}-${this.chars(12, HEX)}`],
      ],
      body: JSON.stringify(body),
    };
  }

  private twilio(): Shape {
    const form = new URLSearchParams({
      ToCountry: 'US',
      SmsMessageSid: `SM${this.chars(32, HEX)}`,
      NumMedia: '0',
      MessageSid: `SM${this.chars(32, HEX)}`,
      AccountSid: `AC${this.chars(32, HEX)}`,
      From: `+1555${String(this.int(1e7)).padStart(7, '0')}`,
      To: '+15550001111',
      Body: `${this.pick(['STOP', 'YES', 'Where is my order?', 'HELP'])}${this.rare}`,
      NumSegments: '1',
      ApiVersion: '2010-04-01',
    });
    return {
      method: 'POST',
      path: '/twilio/sms',
      query: this.random() < 0.2 ? `attempt=${1 + this.int(3)}` : '',
      contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
      headers: [
        ['User-Agent', 'TwilioProxy/1.1'],
        ['Accept', '*/*'],
        ['I-Twilio-Idempotency-Token', this.chars(36, HEX)],
        ['X-Twilio-Signature', Buffer.from(this.chars(40, HEX), 'hex').toString('base64')],
      ],
      body: form.toString(),
    };
  }

  /** An old system: SOAP-ish XML by PUT, text pings, and health checks by GET with no body. */
  private legacy(): Shape {
    const r = this.random();
    const headers: [string, string][] = [
      ['User-Agent', 'Apache-HttpClient/4.5.13 (Java/11.0.2)'],
      ['Accept', 'text/xml, text/plain'],
    ];
    if (r < 0.2) return { method: 'GET', path: '/legacy/health', query: 'probe=1', contentType: '', headers, body: '' };
    if (r < 0.5) {
      return {
        method: 'POST',
        path: '/legacy/ping',
        query: '',
        contentType: 'text/plain; charset=utf-8',
        headers,
        body: `PING ${this.chars(12)} status=${this.pick(['ok', 'degraded'])}${this.rare}`,
      };
    }
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
      `<soap:Body><OrderUpdate><OrderId>${this.int(1e6)}</OrderId><Status>${this.pick(['SHIPPED', 'HELD'])}</Status>` +
      `<Note>${this.pick(WORDS)}${this.rare}</Note></OrderUpdate></soap:Body></soap:Envelope>`;
    return { method: 'PUT', path: '/legacy/orders', query: '', contentType: 'text/xml; charset=utf-8', headers, body };
  }
}
