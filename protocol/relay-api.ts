// The relay's HTTP API: request and response bodies, checked on both sides.
import { type Static, Type } from '@sinclair/typebox';
import { AlertAttempt, AlertFiring, AlertRule } from './alerts/alert-rule.js';
import { DoorConfig } from './endpoint-door.js';

/** Every error the relay answers, on the API and at the webhook door alike. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        details: Type.Optional(Type.Unknown()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ErrorBody = Static<typeof ErrorBody>;

const EndpointName = Type.String({ minLength: 1, maxLength: 100, pattern: '^(?=.*\\S)[^\\u0000-\\u001f]+$' });
/** Stream messages carry bodies as base64; 64 MiB keeps one under clients' 100 MiB frame limits. */
export const MAX_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** A new endpoint's body limit: GitHub's largest webhook. */
export const DEFAULT_ENDPOINT_BODY_LIMIT = 25 * 1024 * 1024;
const BodyLimit = Type.Integer({ minimum: 1, maximum: MAX_BODY_LIMIT_BYTES });

export const Endpoint = Type.Object(
  {
    id: Type.String(),
    name: EndpointName,
    key: Type.String(),
    url: Type.String({ description: 'the permanent webhook URL: {publicUrl}/h/{key}' }),
    enabled: Type.Boolean(),
    maxBodyBytes: BodyLimit,
    door: DoorConfig,
    revision: Type.Integer({ minimum: 1, description: 'bumped by every change; stale writes get 409' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Endpoint = Static<typeof Endpoint>;

export const CreateEndpointRequest = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        pattern: '^ep_[0-9A-Z]{26}$',
        description: 'chosen by a client that created the endpoint offline; repeating a create with it is idempotent',
      }),
    ),
    name: EndpointName,
    enabled: Type.Optional(Type.Boolean()),
    maxBodyBytes: Type.Optional(BodyLimit),
    door: Type.Optional(DoorConfig),
  },
  { additionalProperties: false },
);
export type CreateEndpointRequest = Static<typeof CreateEndpointRequest>;

export const UpdateEndpointRequest = Type.Object(
  {
    revision: Type.Integer({ minimum: 1, description: 'the revision this change was made against' }),
    name: Type.Optional(EndpointName),
    enabled: Type.Optional(Type.Boolean()),
    maxBodyBytes: Type.Optional(BodyLimit),
    door: Type.Optional(DoorConfig),
  },
  { additionalProperties: false },
);
export type UpdateEndpointRequest = Static<typeof UpdateEndpointRequest>;

export const RegenerateEndpointRequest = Type.Object(
  { revision: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type RegenerateEndpointRequest = Static<typeof RegenerateEndpointRequest>;

export const EndpointList = Type.Object({ endpoints: Type.Array(Endpoint) }, { additionalProperties: false });
export type EndpointList = Static<typeof EndpointList>;

export const PairRequest = Type.Object(
  {
    code: Type.String({ minLength: 4, maxLength: 64 }),
    deviceName: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type PairRequest = Static<typeof PairRequest>;

export const PairResponse = Type.Object(
  {
    deviceToken: Type.String({ description: 'shown once; the relay keeps only its hash' }),
    deviceId: Type.String(),
    userId: Type.String(),
    userName: Type.String(),
  },
  { additionalProperties: false },
);
export type PairResponse = Static<typeof PairResponse>;

export const Device = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    createdAt: Type.String(),
    lastSeenAt: Type.Union([Type.String(), Type.Null()]),
    ackedSeq: Type.Integer({ minimum: 0 }),
    revoked: Type.Boolean(),
    connected: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Device = Static<typeof Device>;

export const DeviceList = Type.Object({ devices: Type.Array(Device) }, { additionalProperties: false });
export type DeviceList = Static<typeof DeviceList>;

export const Whoami = Type.Object(
  {
    userId: Type.String(),
    userName: Type.String(),
    deviceId: Type.String(),
    latestSeq: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Whoami = Static<typeof Whoami>;

export const CreateInviteRequest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type CreateInviteRequest = Static<typeof CreateInviteRequest>;

export const Invite = Type.Object(
  {
    code: Type.String(),
    userName: Type.String(),
    expiresAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Invite = Static<typeof Invite>;

/** What the sender of a webhook gets back when its event was committed. */
export const IngestAccepted = Type.Object(
  { ok: Type.Literal(true), id: Type.String() },
  { additionalProperties: false },
);
export type IngestAccepted = Static<typeof IngestAccepted>;

/**
 * `PUT /api/alert-rules/:id`: the whole rule as the desktop has it (runsOn 'relay'). The desktop
 * numbers revisions: an older one than stored gets 409, the same one is accepted only unchanged.
 */
export const PutAlertRuleRequest = AlertRule;
export type PutAlertRuleRequest = Static<typeof PutAlertRuleRequest>;

export const AlertRuleList = Type.Object({ rules: Type.Array(AlertRule) }, { additionalProperties: false });
export type AlertRuleList = Static<typeof AlertRuleList>;

/** `GET /api/alert-rules/log?ruleId=&limit=`: the newest firings and every attempt of them. */
export const AlertLogQuery = Type.Object(
  {
    ruleId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type AlertLogQuery = Static<typeof AlertLogQuery>;

export const AlertLog = Type.Object(
  { alerts: Type.Array(AlertFiring), attempts: Type.Array(AlertAttempt) },
  { additionalProperties: false },
);
export type AlertLog = Static<typeof AlertLog>;
