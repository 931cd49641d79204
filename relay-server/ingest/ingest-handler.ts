// The webhook door: `ANY /h/{key}[/{subpath}]`. Checks run in the design's order and each
// failure has its own JSON error; the sender gets 2xx only after the event is committed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../http/json-response.js';
import { BodyAbortedError, BodyTooLargeError, closeAfterResponse, readBody } from '../http/read-body.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { EndpointRecord, NewEventRecord, RelayStore } from '../store/relay-store.js';
import type { CommitBatcher } from './commit-batcher.js';
import { newEventId } from './event-ids.js';
import { parseIngestUrl } from './ingest-route.js';

export interface IngestDeps {
  store: RelayStore;
  batcher: CommitBatcher;
  metrics: RelayMetrics;
  log: RelayLogger;
  now: () => number;
}

type Admission = { ok: true; endpoint: EndpointRecord; path: string; query: string } | { ok: false };

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
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > endpoint.maxBodyBytes) {
      this.tooLarge(req, res, endpoint);
      return { ok: false };
    }
    return { ok: true, endpoint, path: target.path, query: target.query };
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
    const event: NewEventRecord = {
      id: newEventId(receivedAt),
      userId: endpoint.userId,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      method: req.method ?? 'GET',
      path: admission.path,
      query: admission.query,
      headers: pairs(req.rawHeaders),
      body,
      sourceIp: req.socket.remoteAddress ?? '',
      receivedAt,
      outcome: endpoint.enabled ? 'accepted' : 'rejected',
      rejectReason: endpoint.enabled ? null : 'endpoint_disabled',
    };
    try {
      await this.deps.batcher.submit(event);
    } catch (err) {
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
    this.deps.metrics.ingest('accepted');
    sendAccepted(res, event.id);
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

/**
 * The 2xx every stored webhook gets, `{"ok":true,"id":"evt_..."}`, written without
 * JSON.stringify or a header object per request: ids are ASCII, so length = byte length.
 */
function sendAccepted(res: ServerResponse, id: string) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = `{"ok":true,"id":"${id}"}`;
  res.writeHead(200, [
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(body.length),
    'cache-control',
    'no-store',
  ]);
  res.end(body);
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}
