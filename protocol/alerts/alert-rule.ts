// Alert rules: a condition, where it is evaluated (this desktop, or the relay so it fires
// while the laptop is shut), a throttle, and actions (a desktop notification, an outgoing
// webhook signed per Standard Webhooks). Shared by the engine, the relay and the UI.
import { type Static, Type } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Minutes = Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 });
const Filter = Type.String({ minLength: 1, maxLength: 4000, description: 'the filter language (docs/filters.md)' });

/** What makes a rule fire. Some can only be seen on one side; see CONDITION_SIDES. */
export const AlertCondition = Type.Union([
  Type.Object(
    { kind: Type.Literal('event_matches'), filter: Filter },
    { additionalProperties: false, description: 'an event arrives that the filter matches' },
  ),
  Type.Object({ kind: Type.Literal('signature_failed') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('schema_invalid') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('rate_limited') },
    {
      additionalProperties: false,
      description: 'the door refused requests with 429 (relay only: they are never stored)',
    },
  ),
  Type.Object(
    {
      kind: Type.Literal('forward_failed'),
      /** Which local answers count: a status class, a network error, or any of them (default). */
      on: Type.Optional(
        Type.Union([Type.Literal('any'), Type.Literal('error'), Type.Literal('4xx'), Type.Literal('5xx')]),
      ),
    },
    { additionalProperties: false, description: 'forwarding to a local target failed (desktop only)' },
  ),
  Type.Object({ kind: Type.Literal('replay_failed') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('relay_unreachable'), minutes: Minutes },
    { additionalProperties: false, description: 'this desktop could not reach the relay for N minutes' },
  ),
  Type.Object(
    { kind: Type.Literal('device_offline'), minEvents: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
    {
      additionalProperties: false,
      description: 'a device of the rule owner is offline while at least N events wait for it (relay only)',
    },
  ),
  Type.Object(
    { kind: Type.Literal('silence'), minutes: Minutes },
    { additionalProperties: false, description: 'no event for N minutes (on the rule endpoint, or any)' },
  ),
  Type.Object(
    {
      kind: Type.Literal('burst'),
      count: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
      minutes: Minutes,
      filter: Type.Optional(Filter),
    },
    { additionalProperties: false, description: 'more than N events (matching the filter) within M minutes' },
  ),
]);
export type AlertCondition = Static<typeof AlertCondition>;
export type AlertConditionKind = AlertCondition['kind'];

export type AlertSide = 'desktop' | 'relay';

/** Where each condition can be evaluated. */
export const CONDITION_SIDES: Record<AlertConditionKind, readonly AlertSide[]> = {
  event_matches: ['desktop', 'relay'],
  signature_failed: ['desktop', 'relay'],
  schema_invalid: ['desktop', 'relay'],
  rate_limited: ['relay'],
  forward_failed: ['desktop'],
  replay_failed: ['desktop'],
  relay_unreachable: ['desktop'],
  device_offline: ['relay'],
  silence: ['desktop', 'relay'],
  burst: ['desktop', 'relay'],
};

const HeaderName = Type.String({ minLength: 1, maxLength: 200, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });
const HeaderValue = Type.String({ maxLength: 8192, pattern: '^[\\t\\x20-\\x7e\\x80-\\xff]*$' });

export const AlertAction = Type.Union([
  Type.Object(
    { type: Type.Literal('notification') },
    { additionalProperties: false, description: 'a desktop notification; a click opens the event' },
  ),
  Type.Object(
    {
      type: Type.Literal('webhook'),
      url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
      method: Type.Union([Type.Literal('POST'), Type.Literal('PUT'), Type.Literal('PATCH')]),
      headers: Type.Array(Type.Tuple([HeaderName, HeaderValue]), { maxItems: 50 }),
      bodyTemplate: Type.String({
        maxLength: 64 * 1024,
        description: '{{rule.name}}, {{event.path}}, {{event.body.data.id}}…: each value inserted JSON-escaped',
      }),
    },
    { additionalProperties: false, description: 'an HTTP request signed per Standard Webhooks with the rule secret' },
  ),
]);
export type AlertAction = Static<typeof AlertAction>;

/** The delays before each attempt of an outgoing alert, in ms: the first is immediate. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [0, 5_000, 300_000, 1_800_000, 7_200_000];
export const RetrySchedule = Type.Array(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3_600_000 }), {
  minItems: 1,
  maxItems: 10,
});

/** The fields a user sets; the rest (id, secret, revision, state) belong to the store. */
export const AlertRuleFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  enabled: Type.Boolean(),
  runsOn: Type.Union([Type.Literal('desktop'), Type.Literal('relay')]),
  /** The endpoint the rule watches; null: every endpoint of the owner. */
  endpointId: Type.Union([Id, Type.Null()]),
  condition: AlertCondition,
  /** At most one alert per window; what is held back is counted on the next one. 0: no throttle. */
  throttleMs: Type.Integer({ minimum: 0, maximum: 24 * 3_600_000 }),
  actions: Type.Array(AlertAction, { minItems: 1, maxItems: 10 }),
  retryScheduleMs: RetrySchedule,
};

export const AlertRule = Type.Object(
  {
    id: Id,
    ...AlertRuleFields,
    /** whsec_ + base64 of 32 random bytes: the Standard Webhooks key the webhook actions sign with. */
    secret: Type.String({ pattern: '^whsec_[A-Za-z0-9+/=]{16,}$' }),
    revision: Type.Integer({ minimum: 1 }),
    /** ok; disabled_gone when a webhook answered 410 (the rule was switched off, and says why). */
    state: Type.Union([Type.Literal('ok'), Type.Literal('disabled_gone')]),
    stateReason: Type.Union([Type.String(), Type.Null()]),
    lastFiredAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type AlertRule = Static<typeof AlertRule>;

/** One time a rule fired (or was tested). */
export const AlertFiring = Type.Object(
  {
    id: Id,
    ruleId: Id,
    ruleName: Type.String(),
    firedAt: Type.String(),
    /** In words: "signature failed on stripe: no secret gives the received signature". */
    reason: Type.String(),
    eventId: Type.Union([Id, Type.Null()]),
    /** Alerts the throttle held back since the previous one. */
    suppressed: Type.Integer({ minimum: 0 }),
    test: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type AlertFiring = Static<typeof AlertFiring>;

/** One try of one webhook action. */
export const AlertAttempt = Type.Object(
  {
    id: Id,
    alertId: Id,
    ruleId: Id,
    actionIndex: Type.Integer({ minimum: 0 }),
    attempt: Type.Integer({ minimum: 1 }),
    startedAt: Type.String(),
    durationMs: Type.Number({ minimum: 0 }),
    status: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    /** The first 4 KiB of the answer, as text. */
    responseBody: Type.String(),
    /** When the next try is due; null when this was the last (success, 410, or the schedule ran out). */
    nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type AlertAttempt = Static<typeof AlertAttempt>;

export const DEFAULT_ALERT_BODY_TEMPLATE = `{
  "type": "porthole.alert",
  "rule": { "id": "{{rule.id}}", "name": "{{rule.name}}" },
  "alert": { "id": "{{alert.id}}", "reason": "{{alert.reason}}", "firedAt": "{{alert.firedAt}}", "suppressed": {{alert.suppressed}} },
  "event": { "id": "{{event.id}}", "endpoint": "{{event.endpoint}}", "method": "{{event.method}}", "path": "{{event.path}}", "status": "{{event.status}}" }
}`;
