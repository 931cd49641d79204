// The settings a relay is started with, as given on the command line or in the environment
// (after units are parsed). Checked at the CLI boundary; the embedded relay uses the same.
import { type Static, Type } from '@sinclair/typebox';

export const RelayOptions = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 255 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    dataDir: Type.String({ minLength: 1 }),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' })),
    ttlMs: Type.Integer({ minimum: 1000, description: 'undelivered events expire after this' }),
    durability: Type.Union([Type.Literal('full'), Type.Literal('normal')]),
    maxBufferBytes: Type.Integer({ minimum: 1024 }),
    trustedProxies: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 64 }), {
        maxItems: 200,
        description: "proxies (CIDRs) whose X-Forwarded-For names the client's address",
      }),
    ),
    alertsAllow: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 64 }), {
        maxItems: 200,
        description: 'private ranges (CIDRs) relay-side alert webhooks may reach anyway',
      }),
    ),
    alertsFollowRedirects: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 3, description: 'redirect hops an alert webhook follows, each checked' }),
    ),
  },
  { additionalProperties: false },
);
export type RelayOptions = Static<typeof RelayOptions>;
