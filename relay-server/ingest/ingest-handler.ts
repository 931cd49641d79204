// The webhook door: `ANY /h/{key}[/{subpath}]`. Checks run in the design's order and each
// failure has its own JSON error; the sender gets 2xx only after the event is committed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DoorFindings, hasFailedCheck } from '../../protocol/endpoint-door.js';
import { extractIdempotencyKey, idempotencyStorageKey } from '../../protocol/webhook/idempotency-key.js';
import { endpointUrl } from '../api/endpoint-view.js';
import type { DoorGate, Refusal } from '../door/door-gate.js';
import type { RenderedResponse } from '../door/static-response.js';
import { sendError } from '../http/json-response.js';
import { BodyAbortedError, BodyTooLargeError, closeAfterResponse, readBody } from '../http/read-body.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { EndpointRecord, NewEventRecord, RelayStore, RepeatedEvent } from '../store/relay-store.js';
import type { CommitBatcher } from './commit-batcher.js';
import { newEventId } from './event-ids.js';
import { parseIngestUrl } from './ingest-route.js';
import type { PassthroughWaiters, Waiter } from './passthrough-waiters.js';

export interface IngestDeps {
  store: RelayStore;
  batcher: CommitBatcher;
  metrics: RelayMetrics;
  log: RelayLogger;
  now: () => number;
  gate: DoorGate;
  /** Senders held for a device's answer (passthrough endpoints). */
  waiters: PassthroughWaiters;
  /** A redelivery was counted on a stored event: tell the owner's devices. */
  repeated: (userId: string, event: RepeatedEvent) => void;
  /** Base of the public URLs, as senders reach the relay; signatures over the URL use it. */
  publicUrl: () => string;
  /** The door answered 429 for this endpoint (relay-side alert rules watch for it). */
  rateLimited?: (endpoint: EndpointRecord) => void;
}

type Admission = { ok: true; endpoint: EndpointRecord; path: string; query: string; sourceIp: string } | { ok: false };

export class IngestHandler {
  constructor(private readonly deps: IngestDeps) {}

  /**
   * Checks that need no body. Used before answering `Expect: 100-continue`, so a sender is
   * told 404 or 413 before it uploads anything.
   */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<Admission> {
    const target = parseIngestUrl(req.url ?? '');
    const endpoint = target?.key ? await this.deps.store.findEndpointByKey(target.key) : null;
    if (!target || !endpoint) {
      this.deps.metrics.ingest('not_found');
      closeAfterResponse(req, res);
      sendError(
        res,
        404,
        'endpoint_not_found',
        'No endpoint has this URL. Check the key, or whether it was regenerated.',
      );
      return { ok: false };
    }
    // A disabled endpoint records everything as rejected, so its owner sees who still sends.
    const sourceIp = this.deps.gate.sourceIp(req).ip;
    if (endpoint.enabled && !this.deps.gate.allows(endpoint.door, sourceIp)) {
      this.deps.metrics.ingest('ip_not_allowed');
      closeAfterResponse(req, res);
      sendError(res, 403, 'ip_not_allowed', 'This address may not send to this endpoint; nothing was stored.');
      return { ok: false };
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > endpoint.maxBodyBytes) {
      this.tooLarge(req, res, endpoint);
      return { ok: false };
    }
    return { ok: true, endpoint, path: target.path, query: target.query, sourceIp };
  }

  async handle(req: IncomingMessage, res: ServerResponse, admitted?: Admission): Promise<void> {
    const admission = admitted ?? (await this.admit(req, res));
    if (!admission.ok) return;
    const { endpoint } = admission;
    const receivedAt = this.deps.now();
    let body: Buffer;
    try {
      body = await readBody(req, endpoint.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return this.tooLarge(req, res, endpoint);
      if (err instanceof BodyAbortedError) {
        this.deps.metrics.ingest('aborted');
        return;
      }
      throw err;
    }
    const { gate } = this.deps;
    const headers = pairs(req.rawHeaders);
    let findings: DoorFindings | null = null;
    let refusal: Refusal | null = null;
    let skip = false;
    if (endpoint.enabled) {
      const rate = gate.rateLimit(endpoint.id, endpoint.door, this.deps.now());
      if (!rate.allowed) {
        // Counted, never stored: a flood must not fill the buffer.
        this.deps.metrics.ingest('rate_limited');
        this.deps.rateLimited?.(endpoint);
        sendError(res, 429, 'rate_limited', 'Too many webhooks for this endpoint; retry later.', {
          headers: { 'retry-after': String(rate.retryAfterSeconds) },
        });
        return;
      }
      const url = `${endpointUrl(this.deps.publicUrl(), endpoint.key)}${admission.path}${admission.query ? `?${admission.query}` : ''}`;
      ({ findings, refusal, skip } = await gate.inspect(
        endpoint.door,
        { method: req.method ?? 'GET', url, headers, body },
        this.deps.now(),
        { path: admission.path, query: admission.query, endpointName: endpoint.name },
      ));
    }
    // A skipped webhook is answered as accepted but kept rejected: visible, never forwarded.
    const rejectReason = !endpoint.enabled ? 'endpoint_disabled' : (refusal?.code ?? (skip ? 'filtered' : null));
    // Only accepted events are deduplicated: a redelivery after a refusal must get its chance.
    const key = endpoint.door.dedupe && !rejectReason ? extractIdempotencyKey({ headers, body }) : null;
    const event: NewEventRecord = {
      id: newEventId(receivedAt),
      userId: endpoint.userId,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      method: req.method ?? 'GET',
      path: admission.path,
      query: admission.query,
      headers,
      body,
      sourceIp: admission.sourceIp,
      receivedAt,
      outcome: rejectReason ? 'rejected' : 'accepted',
      rejectReason,
      findings,
      idempotencyKey: key ? idempotencyStorageKey(key) : null,
    };
    // Held from before the commit, so the stream already knows to ask when it sends the
    // event; the timeout counts from here. The answer still goes out only after the commit.
    const response = endpoint.door.response;
    let waiter: Waiter | null = null;
    if (!rejectReason && response.mode === 'passthrough') {
      const held = this.deps.waiters.hold(event.id, endpoint.userId, response.timeoutMs);
      res.once('close', () => held.cancel());
      waiter = held;
    }
    let seq: number;
    try {
      seq = await this.deps.batcher.submit(event);
    } catch (err) {
      waiter?.drop();
      this.deps.metrics.ingest('error');
      this.deps.log.error({ err, endpointId: endpoint.id }, 'could not commit event');
      sendError(res, 503, 'store_unavailable', 'The relay could not store this webhook; retry later.', {
        headers: { 'retry-after': '5' },
      });
      return;
    }
    if (!endpoint.enabled) {
      this.deps.metrics.ingest('rejected_disabled');
      sendError(res, 403, 'endpoint_disabled', 'This endpoint is disabled; the webhook was recorded as rejected.');
      return;
    }
    if (refusal) {
      // Stored as rejected with the findings, so the owner sees why; the sender gets no explanation.
      this.deps.metrics.ingest(refusal.code);
      sendError(res, refusal.status, refusal.code, refusal.message, {
        ...(refusal.details === undefined ? {} : { details: refusal.details }),
      });
      return;
    }
    let eventId = event.id;
    if (seq === 0 && event.idempotencyKey) {
      // A redelivery: the sender gets the original's id, as if this were the first delivery.
      // (Should retention have removed the original meanwhile, the new id is at least unique.)
      // Nothing new is streamed, so a passthrough endpoint answers it with the fallback.
      waiter?.drop();
      waiter = null;
      this.deps.metrics.ingest('duplicate');
      const original = await this.deps.store.findRepeatedEvent(endpoint.id, event.idempotencyKey);
      if (original) {
        eventId = original.id;
        this.deps.repeated(endpoint.userId, original);
      }
    } else if (skip) {
      this.deps.metrics.ingest('filtered');
    } else {
      this.deps.metrics.ingest(hasFailedCheck(findings) ? 'flagged' : 'accepted');
    }
    if (waiter) {
      const outcome = await waiter.outcome;
      if (outcome.kind === 'gone') return;
      if (outcome.kind === 'answer') return sendRendered(res, outcome.response);
    }
    sendRendered(res, gate.respond(endpoint.door, { eventId, endpointName: endpoint.name }));
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse, endpoint: EndpointRecord) {
    this.deps.metrics.ingest('too_large');
    closeAfterResponse(req, res);
    sendError(
      res,
      413,
      'body_too_large',
      `The body exceeds this endpoint's limit of ${endpoint.maxBodyBytes} bytes; nothing was stored.`,
    );
  }
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function sendRendered(res: ServerResponse, rendered: RenderedResponse) {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (res.destroyed) return;
  // A flat list keeps the owner's order, case and duplicates (two Set-Cookie lines stay two).
  const flat: string[] = [];
  for (const [name, value] of rendered.headers) flat.push(name, value);
  // 204 and 304 carry neither a body nor a length (a passthrough answer may have sent one).
  const bodyless = rendered.status === 204 || rendered.status === 304;
  if (!bodyless) flat.push('content-length', String(rendered.body.byteLength));
  res.writeHead(rendered.status, flat);
  res.end(bodyless ? undefined : rendered.body);
}
