// The signature-check config model (what an endpoint stores, syncs and the relay enforces),
// the request it is checked against, and the JSON-serialisable result with its explanation.
import { type Static, type TSchema, Type } from '@sinclair/typebox';

export const SIGNATURE_SCHEMES = [
  'stripe',
  'github',
  'slack',
  'shopify',
  'twilio',
  'standard-webhooks',
  'svix',
  'hmac',
  'basic',
  'api-key',
  'jwt',
] as const;

export const SignatureScheme = Type.Union(SIGNATURE_SCHEMES.map((s) => Type.Literal(s)));
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

/** Several at once so a secret can be rotated without dropping webhooks signed with the old one. */
export const MAX_SECRETS = 5;
const Secrets = Type.Array(Type.String({ minLength: 1, maxLength: 16384 }), {
  minItems: 1,
  maxItems: MAX_SECRETS,
  description: 'tried in order; the first is used for re-signing',
});
const Tolerance = Type.Integer({
  minimum: 1,
  maximum: 7 * 24 * 3600,
  description: 'seconds a timestamp may be off from now, either way; ignored by schemes without one',
});
const HeaderName = Type.String({ minLength: 1, maxLength: 200, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });

function check<S extends SignatureScheme, P extends Record<string, TSchema>>(scheme: S, options: P) {
  return Type.Object(
    { scheme: Type.Literal(scheme), secrets: Secrets, toleranceSeconds: Type.Optional(Tolerance), ...options },
    { additionalProperties: false },
  );
}

export const HmacAlgorithm = Type.Union([Type.Literal('sha1'), Type.Literal('sha256'), Type.Literal('sha512')]);
export type HmacAlgorithm = Static<typeof HmacAlgorithm>;
export const SignatureEncoding = Type.Union([Type.Literal('hex'), Type.Literal('base64')]);
export type SignatureEncoding = Static<typeof SignatureEncoding>;

export const StripeCheck = check('stripe', {});
export const GithubCheck = check('github', {
  algorithm: Type.Optional(
    Type.Union([Type.Literal('sha256'), Type.Literal('sha1')], {
      description: 'sha256 reads X-Hub-Signature-256 (default); sha1 reads the legacy X-Hub-Signature',
    }),
  ),
});
export const SlackCheck = check('slack', {});
export const ShopifyCheck = check('shopify', {});
export const TwilioCheck = check('twilio', {});
export const StandardWebhooksCheck = check('standard-webhooks', {});
export const SvixCheck = check('svix', {});

export const GenericHmacCheck = check('hmac', {
  algorithm: HmacAlgorithm,
  encoding: SignatureEncoding,
  header: HeaderName,
  prefix: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. "sha256=", stripped before comparing' })),
  template: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1000,
      description:
        'what is signed; placeholders {body} {timestamp} {id} {url} {method} {header:Name}; default "{body}"',
    }),
  ),
  timestampHeader: Type.Optional(HeaderName),
  timestampUnit: Type.Optional(Type.Union([Type.Literal('seconds'), Type.Literal('milliseconds')])),
  idHeader: Type.Optional(HeaderName),
  secretEncoding: Type.Optional(
    Type.Union([Type.Literal('utf8'), Type.Literal('base64'), Type.Literal('hex')], {
      description: 'how the secret text becomes key bytes; default utf8 (the text itself)',
    }),
  ),
});

export const BasicCheck = check('basic', {});
export const ApiKeyCheck = check('api-key', {
  header: Type.Optional(HeaderName),
  prefix: Type.Optional(
    Type.String({ maxLength: 100, description: 'default "Bearer " when the header is Authorization, else none' }),
  ),
});
export const JwtCheck = check('jwt', {
  algorithm: Type.Union([Type.Literal('HS256'), Type.Literal('RS256')], {
    description: 'HS256: secrets are shared secrets; RS256: secrets are PEM (SPKI) public keys or JWK JSON',
  }),
  header: Type.Optional(HeaderName),
  prefix: Type.Optional(Type.String({ maxLength: 100 })),
  issuer: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  audience: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  requireExp: Type.Optional(Type.Boolean({ description: 'refuse tokens without an exp claim' })),
});

export const SignatureCheck = Type.Union([
  StripeCheck,
  GithubCheck,
  SlackCheck,
  ShopifyCheck,
  TwilioCheck,
  StandardWebhooksCheck,
  SvixCheck,
  GenericHmacCheck,
  BasicCheck,
  ApiKeyCheck,
  JwtCheck,
]);
export type SignatureCheck = Static<typeof SignatureCheck>;
export type CheckOf<S extends SignatureScheme> = Extract<SignatureCheck, { scheme: S }>;

/** What a check is run against: the request exactly as the sender made it. */
export interface SignatureRequest {
  method: string;
  /** The full public URL as the sender used it (scheme, host, path, query); Twilio signs it. */
  url: string;
  /** Ordered pairs, names in any case, duplicates kept. */
  headers: readonly (readonly [string, string])[];
  body: Uint8Array;
}

export const FailureReason = Type.Union([
  Type.Literal('missing_header'),
  Type.Literal('malformed'),
  Type.Literal('timestamp_out_of_tolerance'),
  Type.Literal('mismatch'),
  Type.Literal('claim_mismatch'),
  Type.Literal('algorithm_not_allowed'),
  Type.Literal('config_error'),
]);
export type FailureReason = Static<typeof FailureReason>;

export const HeaderRead = Type.Object(
  {
    name: Type.String(),
    value: Type.Union([Type.String(), Type.Null()], { description: 'null when absent' }),
    occurrences: Type.Integer({ minimum: 0, description: 'more than 1: the first was used' }),
  },
  { additionalProperties: false },
);
export type HeaderRead = Static<typeof HeaderRead>;

export const SignedContent = Type.Object(
  {
    text: Type.String({ description: 'the signed bytes as UTF-8 text, cut at a sane length' }),
    byteLength: Type.Integer({ minimum: 0 }),
    truncated: Type.Boolean(),
    sha256: Type.String({ description: 'hex SHA-256 of all signed bytes, to compare with what a handler signed' }),
  },
  { additionalProperties: false },
);
export type SignedContent = Static<typeof SignedContent>;

export const TimestampCheck = Type.Object(
  {
    source: Type.String({ description: 'where it was read, e.g. "X-Slack-Request-Timestamp" or "exp claim"' }),
    value: Type.String(),
    unixSeconds: Type.Union([Type.Number(), Type.Null()]),
    nowUnixSeconds: Type.Number(),
    skewSeconds: Type.Union([Type.Number(), Type.Null()], {
      description: 'now minus the timestamp: positive when it is in the past',
    }),
    toleranceSeconds: Type.Number(),
    withinTolerance: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type TimestampCheck = Static<typeof TimestampCheck>;

export const SecretTried = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    fingerprint: Type.String({ description: 'first characters of the SHA-256 hex of the secret; never the secret' }),
    expected: Type.Union([Type.String(), Type.Null()], {
      description:
        'the signature this secret gives, encoded as the scheme encodes it; null where showing it would show the secret',
    }),
    matched: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SecretTried = Static<typeof SecretTried>;

/** For the endpoint's owner only — never sent back to the webhook's sender. */
export const SignatureExplanation = Type.Object(
  {
    scheme: SignatureScheme,
    summary: Type.String(),
    headersRead: Type.Array(HeaderRead),
    signedContent: Type.Union([SignedContent, Type.Null()]),
    timestamp: Type.Union([TimestampCheck, Type.Null()]),
    received: Type.Array(Type.String(), { description: 'signature values as received' }),
    secretsTried: Type.Array(SecretTried),
    notes: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type SignatureExplanation = Static<typeof SignatureExplanation>;

export const VerificationSuccess = Type.Object(
  {
    ok: Type.Literal(true),
    scheme: SignatureScheme,
    secretIndex: Type.Integer({ minimum: 0 }),
    notes: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export const VerificationFailure = Type.Object(
  { ok: Type.Literal(false), scheme: SignatureScheme, reason: FailureReason, explanation: SignatureExplanation },
  { additionalProperties: false },
);
export const VerificationResult = Type.Union([VerificationSuccess, VerificationFailure]);
export type VerificationSuccess = Static<typeof VerificationSuccess>;
export type VerificationFailure = Static<typeof VerificationFailure>;
export type VerificationResult = Static<typeof VerificationResult>;

/** Headers to set (replacing any of the same name) and, when the scheme signs the URL, the URL to use. */
export interface SignedHeaders {
  headers: [string, string][];
  url?: string;
}
