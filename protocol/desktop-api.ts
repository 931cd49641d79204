// The DesktopApi: the one contract between the engine (app/) and its clients — the
// renderer over Electron IPC or the loopback WebSocket, and the CLI attaching to a running
// engine. Methods are `namespace.verb`, events `onXxx`; every params and result has a schema.

import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { AlertAttempt, AlertFiring, AlertRule, AlertRuleFields } from './alerts/alert-rule.js';
import { DoorConfig, DoorFindings } from './endpoint-door.js';
import { HeaderPair } from './event.js';
import { EndpointRetention } from './retention.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 100 });
const Empty = Type.Object({}, { additionalProperties: false });

export const DesktopErrorCode = Type.Union([
  Type.Literal('invalid_params'),
  Type.Literal('unknown_method'),
  Type.Literal('not_found'),
  Type.Literal('conflict'),
  Type.Literal('relay_error'),
  Type.Literal('unavailable'),
  Type.Literal('internal'),
]);
export type DesktopErrorCode = Static<typeof DesktopErrorCode>;

export const RelayConnectionState = Type.Union([
  Type.Literal('unpaired'),
  Type.Literal('connecting'),
  Type.Literal('connected'),
  Type.Literal('disconnected'),
]);

export const RelayStatus = Type.Object(
  {
    state: RelayConnectionState,
    relayUrl: Nullable(Type.String()),
    embedded: Type.Boolean({ description: 'the relay runs inside this Porthole on 127.0.0.1' }),
    cursor: Type.Integer({ minimum: 0, description: 'highest relay seq committed locally' }),
    backlog: Type.Integer({ minimum: 0, description: 'events waiting at the relay for this device' }),
    lastError: Nullable(Type.String()),
    connectedAt: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type RelayStatus = Static<typeof RelayStatus>;

export const SecretStorageInfo = Type.Object(
  {
    backend: Type.String({ description: 'e.g. file, keychain, gnome_libsecret, basic_text' }),
    protected: Type.Boolean({ description: 'false when secrets are stored without OS-level encryption' }),
    note: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type SecretStorageInfo = Static<typeof SecretStorageInfo>;

export const SyncState = Type.Union([
  Type.Literal('synced'),
  Type.Literal('pending'),
  Type.Literal('conflict'),
  Type.Literal('error'),
]);
export type SyncState = Static<typeof SyncState>;

export const LocalEndpoint = Type.Object(
  {
    id: Id,
    name: Type.String(),
    url: Nullable(Type.String({ description: 'null until the relay has created it' })),
    enabled: Type.Boolean(),
    maxBodyBytes: Type.Integer({ minimum: 1 }),
    door: DoorConfig,
    revision: Type.Integer({ minimum: 0 }),
    syncState: SyncState,
    syncError: Nullable(Type.String()),
    eventCount: Type.Integer({ minimum: 0 }),
    // Optional so endpoints built elsewhere (fixtures) need not name it; the engine always sets it.
    retention: Type.Optional(EndpointRetention),
  },
  { additionalProperties: false },
);
export type LocalEndpoint = Static<typeof LocalEndpoint>;

export const TargetFilter = Type.Object(
  {
    methods: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 20 })),
    pathPrefix: Type.Optional(Type.String({ maxLength: 2000 })),
    expression: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4000,
        description: 'only events this filter (docs/filters.md) matches, e.g. `body.type="invoice.paid"`',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TargetFilter = Static<typeof TargetFilter>;

// What node:http accepts on the wire: a token for the name, no control characters in the value.
const HeaderName = Type.String({ minLength: 1, maxLength: 200, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });
const HeaderValue = Type.String({ maxLength: 8192, pattern: '^[\\t\\x20-\\x7e\\x80-\\xff]*$' });

export const HeaderRewrites = Type.Object(
  {
    set: Type.Array(Type.Tuple([HeaderName, HeaderValue]), { maxItems: 100 }),
    remove: Type.Array(HeaderName, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type HeaderRewrites = Static<typeof HeaderRewrites>;

const TargetFields = {
  // http(s), no credentials (they would be shown in every attempt), no whitespace.
  url: Type.String({ pattern: '^https?://[^\\s/@?#]+(?:[/?#][^\\s]*)?$', maxLength: 2000 }),
  filter: TargetFilter,
  pathMode: Type.Union([Type.Literal('append'), Type.Literal('fixed')], {
    description: 'append: the event subpath and query are added to the URL; fixed: the URL is used as is',
  }),
  headers: HeaderRewrites,
  timeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  concurrency: Type.Integer({ minimum: 1, maximum: 64, description: 'max open connections to the target' }),
  holdWhileDown: Type.Boolean({ description: 'queue events while the target refuses connections' }),
  enabled: Type.Boolean(),
};

/** Every target setting but the URL, optional: what create and update may carry. */
const OptionalTargetSettings = {
  filter: Type.Optional(TargetFields.filter),
  pathMode: Type.Optional(TargetFields.pathMode),
  headers: Type.Optional(TargetFields.headers),
  timeoutMs: Type.Optional(TargetFields.timeoutMs),
  concurrency: Type.Optional(TargetFields.concurrency),
  holdWhileDown: Type.Optional(TargetFields.holdWhileDown),
  enabled: Type.Optional(TargetFields.enabled),
};

export const Target = Type.Object({ id: Id, endpointId: Id, ...TargetFields }, { additionalProperties: false });
export type Target = Static<typeof Target>;

export const TARGET_DEFAULTS = {
  filter: {},
  pathMode: 'append',
  headers: { set: [], remove: [] },
  timeoutMs: 30_000,
  concurrency: 8,
  holdWhileDown: false,
  enabled: true,
} as const satisfies Omit<Target, 'id' | 'endpointId' | 'url'>;

export const ForwardError = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('refused'),
      Type.Literal('timeout'),
      Type.Literal('reset'),
      Type.Literal('dns'),
      Type.Literal('other'),
    ]),
    message: Type.String(),
  },
  { additionalProperties: false },
);
export type ForwardError = Static<typeof ForwardError>;

export const ForwardAttempt = Type.Object(
  {
    id: Id,
    eventId: Id,
    targetId: Nullable(Id),
    url: Type.String(),
    startedAt: Type.String(),
    durationMs: Type.Number({ minimum: 0 }),
    status: Nullable(Type.Integer()),
    responseHeaders: Type.Array(HeaderPair),
    responseBody: Type.String({ description: 'base64, at most responseBodyCap bytes' }),
    responseBodySize: Type.Integer({ minimum: 0, description: 'the full size, even when the body was capped' }),
    responseTruncated: Type.Boolean(),
    error: Nullable(ForwardError),
  },
  { additionalProperties: false },
);
export type ForwardAttempt = Static<typeof ForwardAttempt>;

export const EventSummary = Type.Object(
  {
    id: Id,
    seq: Nullable(Type.Integer({ minimum: 1 })),
    endpointId: Id,
    endpointName: Type.String(),
    method: Type.String(),
    path: Type.String(),
    query: Type.String(),
    contentType: Nullable(Type.String()),
    bodySize: Type.Integer({ minimum: 0 }),
    receivedAt: Type.String(),
    outcome: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    flagged: Type.Boolean({ description: 'a door check failed: kept in flag mode, or rejected for it' }),
    // Optional like repeats; the engine always sets it.
    pinned: Type.Optional(Type.Boolean({ description: 'kept whatever the retention limits say' })),
    // Optional so summaries built elsewhere (fixtures, imports) need not name them; the engine always sets both.
    repeats: Type.Optional(
      Type.Integer({ minimum: 0, description: "the provider's redeliveries the relay stored as this one event" }),
    ),
    lastRepeatAt: Type.Optional(
      Nullable(Type.String({ description: 'ISO 8601, relay clock: when the latest redelivery arrived' })),
    ),
    replayOf: Nullable(Id),
    replayDepth: Type.Integer({ minimum: 0 }),
    lastStatus: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    lastDurationMs: Nullable(Type.Number()),
  },
  { additionalProperties: false },
);
export type EventSummary = Static<typeof EventSummary>;

export const EventDetail = Type.Object(
  {
    ...EventSummary.properties,
    headers: Type.Array(HeaderPair),
    body: Type.String({ description: 'base64 of the exact bytes' }),
    sourceIp: Type.String(),
    rejectReason: Nullable(Type.String()),
    findings: Type.Union([DoorFindings, Type.Null()], { description: "what the relay's door checks found" }),
    attempts: Type.Array(ForwardAttempt),
    replays: Type.Array(EventSummary),
  },
  { additionalProperties: false },
);
export type EventDetail = Static<typeof EventDetail>;

export const EventQuery = Type.Object(
  {
    endpointId: Type.Optional(Id),
    text: Type.Optional(
      Type.String({ maxLength: 500, description: 'full-text search (FTS5) over path, headers, body' }),
    ),
    method: Type.Optional(Type.String({ maxLength: 20 })),
    pathPrefix: Type.Optional(Type.String({ maxLength: 2000 })),
    status: Type.Optional(
      Type.String({ pattern: '^([1-5][0-9]{2}|[1-5]xx|none|error)$', description: '404, 5xx, none or error' }),
    ),
    filter: Type.Optional(
      Type.String({
        maxLength: 4000,
        description: 'the filter language (docs/filters.md), e.g. `method=POST body.type="invoice.paid" status=5xx`',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EventQuery = Static<typeof EventQuery>;

export const ReplayEdits = Type.Object(
  {
    method: Type.Optional(Type.String({ pattern: '^[A-Za-z]{1,20}$' })),
    path: Type.Optional(Type.String({ maxLength: 4000 })),
    query: Type.Optional(Type.String({ maxLength: 8000 })),
    headers: Type.Optional(Type.Array(HeaderPair, { maxItems: 500 })),
    // 64 MiB of body as base64, the largest body a relay endpoint accepts.
    body: Type.Optional(
      Type.String({ maxLength: 90_000_000, pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'base64' }),
    ),
  },
  { additionalProperties: false },
);
export type ReplayEdits = Static<typeof ReplayEdits>;

const ReplayDestination = Type.Optional(
  Type.Object(
    { url: Type.String({ pattern: '^https?://', maxLength: 2000 }) },
    { additionalProperties: false, description: "absent: the endpoint's targets" },
  ),
);

/** Where a bulk replay stands; pushed as it goes (onBulkReplay) and returned by its methods. */
export const BulkReplayProgress = Type.Object(
  {
    jobId: Id,
    state: Type.Union([Type.Literal('running'), Type.Literal('cancelled'), Type.Literal('done')]),
    total: Type.Integer({ minimum: 0, description: 'events chosen when the job started' }),
    sent: Type.Integer({ minimum: 0, description: 'replays that went out (each stored as a replay event)' }),
    succeeded: Type.Integer({ minimum: 0, description: 'replays every target answered with 2xx' }),
    failed: Type.Integer({ minimum: 0, description: 'replays with a non-2xx answer, a network error, or refused' }),
    statuses: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
      description: 'local answers by status ("200", "404"), "error" for network errors, "refused" when not sent',
    }),
    idempotencyKeys: Type.Integer({
      minimum: 0,
      description: "replays that carry the provider's idempotency key: a handler that dedupes will see repeats",
    }),
    errors: Type.Array(Type.Object({ eventId: Id, message: Type.String() }, { additionalProperties: false }), {
      maxItems: 20,
      description: 'the first few failures, to say why',
    }),
    startedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type BulkReplayProgress = Static<typeof BulkReplayProgress>;

export const BULK_REPLAY_MAX_EVENTS = 100_000;

/** A filter kept under a name, shown in the sidebar with its count. */
export const SavedFilter = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    filter: Type.String({ minLength: 1, maxLength: 4000, description: 'the filter language, normal form' }),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type SavedFilter = Static<typeof SavedFilter>;

export const MAX_SAVED_FILTERS = 100;

/** What the filter box completes: names and paths seen in recent events. */
export const FilterHints = Type.Object(
  {
    headers: Type.Array(Type.String(), { maxItems: 300, description: 'header names, lower case' }),
    queryParams: Type.Array(Type.String(), { maxItems: 300 }),
    bodyPaths: Type.Array(Type.String(), { maxItems: 500, description: 'JSON paths as the language writes them' }),
    endpoints: Type.Array(Type.String(), { maxItems: 300 }),
  },
  { additionalProperties: false },
);
export type FilterHints = Static<typeof FilterHints>;

const AlertRuleInput = {
  ...AlertRuleFields,
  enabled: Type.Optional(AlertRuleFields.enabled),
  endpointId: Type.Optional(AlertRuleFields.endpointId),
  throttleMs: Type.Optional(AlertRuleFields.throttleMs),
  retryScheduleMs: Type.Optional(AlertRuleFields.retryScheduleMs),
};

/** Every method: its params and result. */
export const DesktopMethods = {
  'app.status': {
    params: Empty,
    result: Type.Object(
      { version: Type.String(), dataDir: Type.String(), relay: RelayStatus, secrets: SecretStorageInfo },
      { additionalProperties: false },
    ),
  },
  'relay.status': { params: Empty, result: RelayStatus },
  'relay.useEmbedded': {
    params: Empty,
    result: RelayStatus,
  },
  'relay.pair': {
    params: Type.Object(
      {
        relayUrl: Type.String({ pattern: '^https?://', maxLength: 2000 }),
        code: Type.String({ minLength: 4, maxLength: 64 }),
        deviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      },
      { additionalProperties: false },
    ),
    result: RelayStatus,
  },
  'endpoints.list': {
    params: Empty,
    result: Type.Object({ endpoints: Type.Array(LocalEndpoint) }, { additionalProperties: false }),
  },
  'endpoints.create': {
    params: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 100 }),
        maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1 })),
        door: Type.Optional(DoorConfig),
      },
      { additionalProperties: false },
    ),
    result: LocalEndpoint,
  },
  'endpoints.update': {
    params: Type.Object(
      {
        id: Id,
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        enabled: Type.Optional(Type.Boolean()),
        maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1 })),
        door: Type.Optional(DoorConfig),
        retention: Type.Optional(EndpointRetention),
      },
      { additionalProperties: false },
    ),
    result: LocalEndpoint,
  },
  'endpoints.regenerate': {
    params: Type.Object({ id: Id }, { additionalProperties: false }),
    result: LocalEndpoint,
  },
  'endpoints.delete': { params: Type.Object({ id: Id }, { additionalProperties: false }), result: Empty },
  'targets.list': {
    params: Type.Object({ endpointId: Id }, { additionalProperties: false }),
    result: Type.Object({ targets: Type.Array(Target) }, { additionalProperties: false }),
  },
  'targets.create': {
    params: Type.Object(
      { endpointId: Id, url: TargetFields.url, ...OptionalTargetSettings },
      { additionalProperties: false },
    ),
    result: Target,
  },
  'targets.update': {
    params: Type.Object(
      { id: Id, url: Type.Optional(TargetFields.url), ...OptionalTargetSettings },
      { additionalProperties: false },
    ),
    result: Target,
  },
  'targets.delete': { params: Type.Object({ id: Id }, { additionalProperties: false }), result: Empty },
  'events.list': {
    params: Type.Object(
      {
        query: Type.Optional(EventQuery),
        before: Type.Optional(Type.String({ maxLength: 100, description: 'the nextBefore of the previous page' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      { events: Type.Array(EventSummary), nextBefore: Nullable(Type.String()) },
      { additionalProperties: false },
    ),
  },
  'events.count': {
    params: Type.Object({ query: Type.Optional(EventQuery) }, { additionalProperties: false }),
    result: Type.Object({ count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  },
  'events.get': { params: Type.Object({ id: Id }, { additionalProperties: false }), result: EventDetail },
  'events.hints': {
    params: Type.Object(
      { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'recent events to read; 200' })) },
      { additionalProperties: false },
    ),
    result: FilterHints,
  },
  'filters.list': {
    params: Empty,
    result: Type.Object({ filters: Type.Array(SavedFilter) }, { additionalProperties: false }),
  },
  'filters.save': {
    params: Type.Object(
      { id: Type.Optional(Id), name: SavedFilter.properties.name, filter: SavedFilter.properties.filter },
      { additionalProperties: false, description: 'with id: rename or change that one; without: a new one' },
    ),
    result: SavedFilter,
  },
  'filters.delete': { params: Type.Object({ id: Id }, { additionalProperties: false }), result: Empty },
  'alerts.list': {
    params: Empty,
    result: Type.Object({ rules: Type.Array(AlertRule) }, { additionalProperties: false }),
  },
  'alerts.get': { params: Type.Object({ id: Id }, { additionalProperties: false }), result: AlertRule },
  'alerts.create': {
    params: Type.Object(AlertRuleInput, {
      additionalProperties: false,
      description: 'defaults: enabled, every endpoint, no throttle, the default retry schedule; the secret is made',
    }),
    result: AlertRule,
  },
  'alerts.update': {
    params: Type.Object(
      {
        id: Id,
        ...Type.Partial(Type.Object(AlertRuleFields)).properties,
        regenerateSecret: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    result: AlertRule,
  },
  'alerts.delete': { params: Type.Object({ id: Id }, { additionalProperties: false }), result: Empty },
  'alerts.test': {
    params: Type.Object(
      { id: Id, eventId: Type.Optional(Id) },
      { additionalProperties: false, description: "fires the rule's actions now, with this event or a sample" },
    ),
    result: AlertFiring,
  },
  'alerts.log': {
    params: Type.Object(
      { ruleId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
      { additionalProperties: false },
    ),
    result: Type.Object(
      { alerts: Type.Array(AlertFiring), attempts: Type.Array(AlertAttempt) },
      { additionalProperties: false, description: 'newest first' },
    ),
  },
  'events.pin': {
    params: Type.Object({ id: Id, pinned: Type.Boolean() }, { additionalProperties: false }),
    result: Type.Object({ event: EventSummary }, { additionalProperties: false }),
  },
  'replay.send': {
    params: Type.Object(
      {
        eventId: Id,
        edits: Type.Optional(ReplayEdits),
        to: ReplayDestination,
        resign: Type.Optional(
          Type.Boolean({
            description: "sign the (edited) request afresh with the endpoint's signature scheme and first secret",
          }),
        ),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ event: EventSummary, attempts: Type.Array(ForwardAttempt) }, { additionalProperties: false }),
  },
  'replay.bulk.start': {
    params: Type.Object(
      {
        query: Type.Optional(EventQuery),
        ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: BULK_REPLAY_MAX_EVENTS })),
        to: ReplayDestination,
        resign: Type.Optional(Type.Boolean()),
        concurrency: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 16, description: 'replays in flight; default 4' }),
        ),
        ratePerSecond: Type.Optional(
          Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'at most this many starts a second' }),
        ),
      },
      { additionalProperties: false, description: 'ids, or else every event the query matches, oldest first' },
    ),
    result: BulkReplayProgress,
  },
  'replay.bulk.cancel': {
    params: Type.Object({ jobId: Id }, { additionalProperties: false }),
    result: BulkReplayProgress,
  },
  'replay.bulk.status': {
    params: Type.Object({ jobId: Id }, { additionalProperties: false }),
    result: BulkReplayProgress,
  },
  // Requests read from a HAR, JSON fixtures or NDJSON file (protocol/export/import/), stored as
  // events of the endpoint (no seq, sourceIp `import:FORMAT`), not forwarded: replay them.
  'events.import': {
    params: Type.Object(
      {
        endpointId: Id,
        source: Type.Union([Type.Literal('har'), Type.Literal('json'), Type.Literal('ndjson')]),
        requests: Type.Array(
          Type.Object(
            {
              method: Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$" }),
              path: Type.String({ maxLength: 4000, pattern: '^(/|$)' }),
              query: Type.String({ maxLength: 8000 }),
              headers: Type.Array(Type.Tuple([HeaderName, HeaderValue]), { maxItems: 500 }),
              body: ReplayEdits.properties.body,
            },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 1000 },
        ),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ events: Type.Array(EventSummary) }, { additionalProperties: false }),
  },
  'events.importFile': {
    params: Type.Object(
      {
        endpointId: Id,
        text: Type.String({
          maxLength: 64 * 1024 * 1024,
          description: 'a HAR 1.2, Porthole JSON fixtures or NDJSON file',
        }),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        format: Type.Union([Type.Literal('har'), Type.Literal('json'), Type.Literal('ndjson')]),
        imported: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
  },
} as const;

export type DesktopMethodName = keyof typeof DesktopMethods;
export type DesktopParams<M extends DesktopMethodName> = Static<(typeof DesktopMethods)[M]['params']>;
export type DesktopResult<M extends DesktopMethodName> = Static<(typeof DesktopMethods)[M]['result']>;

/** Every event the engine pushes to its clients. */
export const DesktopEvents = {
  onEvent: Type.Object({ event: EventSummary }, { additionalProperties: false }),
  onEventUpdated: Type.Object({ event: EventSummary }, { additionalProperties: false }),
  onForwardAttempt: Type.Object({ attempt: ForwardAttempt }, { additionalProperties: false }),
  onRelayStatus: RelayStatus,
  onEndpointsChanged: Type.Object({ endpoints: Type.Array(LocalEndpoint) }, { additionalProperties: false }),
  onBulkReplay: Type.Object({ progress: BulkReplayProgress }, { additionalProperties: false }),
  /** A rule fired; `notify` when it has a notification action (the shell or the page shows it). */
  onAlert: Type.Object(
    { alert: AlertFiring, notify: Type.Boolean(), title: Type.String(), body: Type.String() },
    { additionalProperties: false },
  ),
  onAlertAttempt: Type.Object({ attempt: AlertAttempt }, { additionalProperties: false }),
  onAlertRulesChanged: Type.Object({ rules: Type.Array(AlertRule) }, { additionalProperties: false }),
  /** From the desktop shell, not the engine: open this event (its alert's notification was clicked). */
  onOpenEvent: Type.Object({ eventId: Id }, { additionalProperties: false }),
  // Retention removed events of an endpoint: lists showing it page again.
  onEventsRemoved: Type.Object(
    { endpointId: Id, count: Type.Integer({ minimum: 1 }) },
    { additionalProperties: false },
  ),
} as const;

export type DesktopEventName = keyof typeof DesktopEvents;
export type DesktopEventData<E extends DesktopEventName> = Static<(typeof DesktopEvents)[E]>;

export const isDesktopMethod = (name: string): name is DesktopMethodName => Object.hasOwn(DesktopMethods, name);
export const isDesktopEvent = (name: string): name is DesktopEventName => Object.hasOwn(DesktopEvents, name);

/** The one envelope on every transport. */
export const DesktopRequest = Type.Object(
  {
    id: Type.Union([Type.String({ maxLength: 100 }), Type.Integer()]),
    method: Type.String({ maxLength: 100 }),
    params: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type DesktopRequest = Static<typeof DesktopRequest>;

/** Errors about a message whose id could not be read (not JSON, no id) carry id null. */
export type DesktopResponse =
  | { id: string | number; ok: true; data: unknown }
  | { id: string | number | null; ok: false; error: { code: DesktopErrorCode; message: string } };

export interface DesktopEventMessage<E extends DesktopEventName = DesktopEventName> {
  event: E;
  data: DesktopEventData<E>;
}

/** What a client of the engine calls, whatever carries it (IPC, WebSocket, in-process). */
export interface DesktopApi {
  invoke<M extends DesktopMethodName>(method: M, params: DesktopParams<M>): Promise<DesktopResult<M>>;
  on<E extends DesktopEventName>(event: E, listener: (data: DesktopEventData<E>) => void): () => void;
}

export class DesktopApiError extends Error {
  constructor(
    readonly code: DesktopErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DesktopApiError';
  }
}
