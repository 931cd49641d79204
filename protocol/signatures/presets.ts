// Provider presets the UI and CLI offer: which headers a scheme reads, its default tolerance,
// and where its provider documents it. Verification reads its defaults from here too.
import type { SignatureCheck, SignatureScheme } from './signature-check.js';

/** Stripe, Slack and Standard Webhooks all document five minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** Clock leeway for JWT exp/nbf/iat: tokens are minted elsewhere, clocks drift. */
export const DEFAULT_JWT_LEEWAY_SECONDS = 60;

export interface SignaturePreset {
  scheme: SignatureScheme;
  label: string;
  /** Headers the check reads, as the provider spells them. */
  headers: string[];
  /** Null where the scheme carries no timestamp. */
  toleranceSeconds: number | null;
  secretLabel: string;
  secretHint: string;
  docsUrl: string | null;
  /** Scheme options the preset starts from (secrets are the user's). */
  defaults: Partial<SignatureCheck>;
}

export const presets: Record<SignatureScheme, SignaturePreset> = {
  stripe: {
    scheme: 'stripe',
    label: 'Stripe',
    headers: ['Stripe-Signature'],
    toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
    secretLabel: 'Endpoint signing secret',
    secretHint: 'whsec_…, from the webhook endpoint in the Stripe dashboard or `stripe listen`',
    docsUrl: 'https://docs.stripe.com/webhooks#verify-manually',
    defaults: {},
  },
  github: {
    scheme: 'github',
    label: 'GitHub',
    headers: ['X-Hub-Signature-256'],
    toleranceSeconds: null,
    secretLabel: 'Webhook secret',
    secretHint: "the Secret field of the repository, organization or app's webhook",
    docsUrl: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
    defaults: { algorithm: 'sha256' },
  },
  slack: {
    scheme: 'slack',
    label: 'Slack',
    headers: ['X-Slack-Signature', 'X-Slack-Request-Timestamp'],
    toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
    secretLabel: 'Signing secret',
    secretHint: 'Basic Information → App Credentials → Signing Secret (not a bot token)',
    docsUrl: 'https://api.slack.com/authentication/verifying-requests-from-slack',
    defaults: {},
  },
  shopify: {
    scheme: 'shopify',
    label: 'Shopify',
    headers: ['X-Shopify-Hmac-Sha256'],
    toleranceSeconds: null,
    secretLabel: 'Client secret',
    secretHint: "the app's client secret (or the store's webhook signing secret)",
    docsUrl: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook',
    defaults: {},
  },
  twilio: {
    scheme: 'twilio',
    label: 'Twilio',
    headers: ['X-Twilio-Signature'],
    toleranceSeconds: null,
    secretLabel: 'Auth token',
    secretHint: "the account's primary Auth Token; the webhook URL must be exactly the one Twilio calls",
    docsUrl: 'https://www.twilio.com/docs/usage/webhooks/webhooks-security',
    defaults: {},
  },
  'standard-webhooks': {
    scheme: 'standard-webhooks',
    label: 'Standard Webhooks',
    headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
    toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
    secretLabel: 'Signing secret',
    secretHint: 'whsec_ followed by the base64 key',
    docsUrl: 'https://www.standardwebhooks.com/',
    defaults: {},
  },
  svix: {
    scheme: 'svix',
    label: 'Svix',
    headers: ['svix-id', 'svix-timestamp', 'svix-signature'],
    toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
    secretLabel: 'Signing secret',
    secretHint: "whsec_…, from the endpoint's page in the sender's Svix portal",
    docsUrl: 'https://docs.svix.com/receiving/verifying-payloads/how-manual',
    defaults: {},
  },
  hmac: {
    scheme: 'hmac',
    label: 'Generic HMAC',
    headers: ['X-Signature'],
    toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
    secretLabel: 'Shared secret',
    secretHint: 'the key the sender signs with',
    docsUrl: null,
    defaults: { algorithm: 'sha256', encoding: 'hex', header: 'X-Signature', template: '{body}' },
  },
  basic: {
    scheme: 'basic',
    label: 'HTTP Basic',
    headers: ['Authorization'],
    toleranceSeconds: null,
    secretLabel: 'user:password',
    secretHint: 'one user:password pair per secret',
    docsUrl: null,
    defaults: {},
  },
  'api-key': {
    scheme: 'api-key',
    label: 'API key / bearer token',
    headers: ['Authorization'],
    toleranceSeconds: null,
    secretLabel: 'Key',
    secretHint: 'sent as "Authorization: Bearer KEY" unless another header is chosen',
    docsUrl: null,
    defaults: { header: 'Authorization', prefix: 'Bearer ' },
  },
  jwt: {
    scheme: 'jwt',
    label: 'JWT',
    headers: ['Authorization'],
    toleranceSeconds: DEFAULT_JWT_LEEWAY_SECONDS,
    secretLabel: 'HS256 secret or RS256 public key',
    secretHint: 'HS256: the shared secret; RS256: a PEM public key (-----BEGIN PUBLIC KEY-----) or a JWK',
    docsUrl: 'https://www.rfc-editor.org/rfc/rfc7519',
    defaults: { algorithm: 'HS256', header: 'Authorization', prefix: 'Bearer ' },
  },
};

/** A check for `scheme` with the preset's defaults and the given secrets. */
export function checkFromPreset(scheme: SignatureScheme, secrets: string[]): SignatureCheck {
  return { ...presets[scheme].defaults, scheme, secrets } as SignatureCheck;
}
