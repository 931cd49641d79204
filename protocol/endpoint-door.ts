// What an endpoint enforces at the relay's door, and how the relay answers the sender. The
// desktop edits it, stores it, syncs it to the relay with the endpoint's revision, and the
// relay applies it on the next request. Checks run in the design's order: IP allowlist (403),
// size (413), rate limit (429), signature (401), payload schema (422); each check that can be
// "only flagged" records its finding on the stored event instead of refusing it.
import { type Static, Type } from '@sinclair/typebox';
import { SignatureCheck, SignatureExplanation } from './signatures/signature-check.js';

const Nullable = <T extends ReturnType<typeof Type.Object>>(schema: T) => Type.Union([schema, Type.Null()]);

export const OnFail = Type.Union([Type.Literal('reject'), Type.Literal('flag')], {
  description: 'reject: refuse the request; flag: store the event with the finding',
});
export type OnFail = Static<typeof OnFail>;

export const DoorSignature = Type.Object({ check: SignatureCheck, onFail: OnFail }, { additionalProperties: false });
export type DoorSignature = Static<typeof DoorSignature>;

/** A payload schema is itself untrusted input: bounded in size and depth before ajv sees it. */
export const MAX_PAYLOAD_SCHEMA_BYTES = 256 * 1024;
export const MAX_PAYLOAD_SCHEMA_DEPTH = 32;

export const DoorSchema = Type.Object(
  {
    schema: Type.Unknown({ description: 'a JSON Schema (draft-07 or 2019-09 keywords ajv supports), as a JSON value' }),
    onFail: OnFail,
  },
  { additionalProperties: false },
);
export type DoorSchema = Static<typeof DoorSchema>;

export const DoorRateLimit = Type.Object(
  {
    requests: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'requests allowed per window' }),
    windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
    burst: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'extra requests allowed at once; default none' }),
    ),
  },
  { additionalProperties: false },
);
export type DoorRateLimit = Static<typeof DoorRateLimit>;

export const DoorAllowlist = Type.Object(
  {
    cidrs: Type.Array(Type.String({ minLength: 2, maxLength: 64 }), {
      minItems: 1,
      maxItems: 200,
      description: 'IPv4 or IPv6 addresses or CIDR ranges; only these may send',
    }),
  },
  { additionalProperties: false },
);
export type DoorAllowlist = Static<typeof DoorAllowlist>;

const HeaderName = Type.String({ minLength: 1, maxLength: 200, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });
const HeaderValue = Type.String({ maxLength: 8192, pattern: '^[\\t\\x20-\\x7e\\x80-\\xff]*$' });

export const StaticResponse = Type.Object(
  {
    status: Type.Integer({ minimum: 200, maximum: 599 }),
    headers: Type.Array(Type.Tuple([HeaderName, HeaderValue]), { maxItems: 50 }),
    body: Type.String({
      maxLength: 64 * 1024,
      description: 'template: {{event.id}} and {{endpoint.name}} are replaced; nothing else is',
    }),
  },
  { additionalProperties: false },
);
export type StaticResponse = Static<typeof StaticResponse>;

export const DoorResponse = Type.Union([
  Type.Object({ mode: Type.Literal('static'), response: StaticResponse }, { additionalProperties: false }),
  Type.Object(
    {
      mode: Type.Literal('passthrough'),
      timeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
      fallback: StaticResponse,
    },
    { additionalProperties: false, description: "answer with the local service's response, or the fallback" },
  ),
]);
export type DoorResponse = Static<typeof DoorResponse>;

export const DEFAULT_STATIC_RESPONSE: StaticResponse = {
  status: 200,
  headers: [['content-type', 'application/json']],
  body: '{"ok":true,"id":"{{event.id}}"}',
};

/**
 * Accept only webhooks a filter (docs/filters.md) matches. The rest: `reject` answers 422;
 * `flag` stores and forwards them, flagged; `skip` answers as if accepted (so the provider does
 * not retry) and keeps them, marked rejected, without forwarding.
 */
export const DoorFilter = Type.Object(
  {
    expression: Type.String({ minLength: 1, maxLength: 4000 }),
    onMiss: Type.Union([Type.Literal('reject'), Type.Literal('flag'), Type.Literal('skip')]),
  },
  { additionalProperties: false },
);
export type DoorFilter = Static<typeof DoorFilter>;

export const DoorConfig = Type.Object(
  {
    signature: Nullable(DoorSignature),
    schema: Nullable(DoorSchema),
    rateLimit: Nullable(DoorRateLimit),
    allow: Nullable(DoorAllowlist),
    dedupe: Type.Boolean({ description: "store a provider's redelivery (same idempotency key) once; count repeats" }),
    response: DoorResponse,
    // Optional, so configs saved before it existed stay valid.
    filter: Type.Optional(Nullable(DoorFilter)),
  },
  { additionalProperties: false },
);
export type DoorConfig = Static<typeof DoorConfig>;

export const DEFAULT_DOOR_CONFIG: DoorConfig = {
  signature: null,
  schema: null,
  rateLimit: null,
  allow: null,
  dedupe: true,
  response: { mode: 'static', response: DEFAULT_STATIC_RESPONSE },
};

/** What the door found on an event it stored (flag mode), carried with the event to the desktop. */
export const DoorFindings = Type.Object(
  {
    signature: Type.Optional(
      Type.Object(
        {
          ok: Type.Boolean(),
          scheme: Type.String(),
          reason: Type.Optional(Type.String()),
          explanation: Type.Optional(SignatureExplanation),
        },
        { additionalProperties: false },
      ),
    ),
    filter: Type.Optional(
      Type.Object({ ok: Type.Boolean(), expression: Type.String() }, { additionalProperties: false }),
    ),
    schema: Type.Optional(
      Type.Object(
        {
          ok: Type.Boolean(),
          errors: Type.Array(
            Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: false }),
            { maxItems: 100 },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type DoorFindings = Static<typeof DoorFindings>;

/** True when a door check failed: the event was kept anyway (flagged) or refused for it. */
export function hasFailedCheck(findings: DoorFindings | null): boolean {
  return findings?.signature?.ok === false || findings?.schema?.ok === false || findings?.filter?.ok === false;
}
