// The provider's own idempotency key for a webhook, used to store a redelivery once and count
// the repeat (DoorConfig.dedupe). Extraction only; the durable check is the store's:
//
//   unique (endpoint_id, idempotency_key) where idempotency_key = idempotencyStorageKey(key),
//   over the events the relay still retains (the retention window), checked in the same
//   transaction as the insert, so two concurrent deliveries of one event store one row.
//
// Keys are per endpoint (Stripe sends one event id to every endpoint subscribed to it) and
// carry their source, so a GitHub delivery id can never collide with a Svix message id.
import { type HeaderList, readHeader } from '../signatures/headers.js';
import { type JsonBody, parseJsonBody } from './json-body.js';

export type IdempotencySource =
  | 'webhook-id'
  | 'svix-id'
  | 'x-github-delivery'
  | 'x-shopify-event-id'
  | 'x-shopify-webhook-id'
  | 'stripe-event-id';

export interface IdempotencyKey {
  source: IdempotencySource;
  key: string;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;
/** Stripe's id is in the body; a body larger than this is not parsed just to find it. */
export const STRIPE_BODY_MAX_BYTES = 1024 * 1024;

/**
 * Checked in this order; the first usable one wins. Standard Webhooks' `webhook-id` and Svix's
 * `svix-id` are the same message id under two names. Shopify documents X-Shopify-Event-Id for
 * duplicate detection; X-Shopify-Webhook-Id (the same across retries of one webhook) is the fallback.
 */
const HEADER_SOURCES: readonly IdempotencySource[] = [
  'webhook-id',
  'svix-id',
  'x-github-delivery',
  'x-shopify-event-id',
  'x-shopify-webhook-id',
];

export interface IdempotencyInput {
  /** Ordered [name, value] pairs as received; the first of duplicated headers is used. */
  headers: HeaderList;
  body: Uint8Array;
  /** The body already parsed by the schema check, so it is not parsed twice. */
  json?: JsonBody;
}

/** Never throws; null when the request carries no usable key. */
export function extractIdempotencyKey({ headers, body, json }: IdempotencyInput): IdempotencyKey | null {
  try {
    for (const source of HEADER_SOURCES) {
      const key = usableKey(readHeader(headers, source).value);
      if (key) return { source, key };
    }
    if (readHeader(headers, 'stripe-signature').value === null) return null;
    return stripeEventId(json ?? (body.byteLength <= STRIPE_BODY_MAX_BYTES ? parseJsonBody(body) : undefined));
  } catch {
    return null;
  }
}

/** The single text the store indexes, unique per endpoint: `source:key`. */
export function idempotencyStorageKey(key: IdempotencyKey): string {
  return `${key.source}:${key.key}`;
}

function stripeEventId(json: JsonBody | undefined): IdempotencyKey | null {
  if (!json?.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) return null;
  const id = Object.hasOwn(json.value, 'id') ? (json.value as { id: unknown }).id : undefined;
  if (typeof id !== 'string' || !/^evt_[A-Za-z0-9_]+$/.test(id)) return null;
  const key = usableKey(id);
  return key ? { source: 'stripe-event-id', key } : null;
}

/** Visible ASCII, bounded: anything else is not a provider's id and is not trusted as one. */
function usableKey(value: string | null): string | null {
  if (value === null) return null;
  const key = value.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) return null;
  return key;
}
