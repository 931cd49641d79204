// EventDetail values for export tests: the shapes the engine returns, built without an engine.
import type { EventDetail, ForwardAttempt } from '../../protocol/desktop-api.js';
import type { HeaderPair } from '../../protocol/event.js';

let counter = 0;

export function exportEvent(
  fields: Partial<EventDetail> & { bodyBytes?: Uint8Array | string; headers?: HeaderPair[] } = {},
): EventDetail {
  const { bodyBytes = '', ...rest } = fields;
  const body = typeof bodyBytes === 'string' ? Buffer.from(bodyBytes) : Buffer.from(bodyBytes);
  const headers = fields.headers ?? [];
  const contentType = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? null;
  counter++;
  return {
    id: `evt_test${String(counter).padStart(4, '0')}`,
    seq: counter,
    endpointId: 'ep_1',
    endpointName: 'shop',
    method: 'POST',
    path: '/orders',
    query: '',
    contentType,
    bodySize: body.length,
    receivedAt: '2025-01-02T03:04:05.678Z',
    outcome: 'accepted',
    flagged: false,
    replayOf: null,
    replayDepth: 0,
    lastStatus: null,
    lastError: null,
    lastDurationMs: null,
    headers,
    body: body.toString('base64'),
    sourceIp: '203.0.113.9',
    rejectReason: null,
    findings: null,
    attempts: [],
    replays: [],
    ...rest,
  } as EventDetail;
}

export function attempt(fields: Partial<ForwardAttempt> & { bodyBytes?: Uint8Array | string } = {}): ForwardAttempt {
  const { bodyBytes = '', ...rest } = fields;
  const body = typeof bodyBytes === 'string' ? Buffer.from(bodyBytes) : Buffer.from(bodyBytes);
  return {
    id: 'att_1',
    eventId: 'evt_x',
    targetId: 'tgt_1',
    url: 'http://localhost:3000/hook',
    startedAt: '2025-01-02T03:04:05.700Z',
    durationMs: 12.5,
    status: 200,
    responseHeaders: [['content-type', 'application/json']],
    responseBody: body.toString('base64'),
    responseBodySize: body.length,
    responseTruncated: false,
    error: null,
    ...rest,
  };
}

/** Every byte value, NUL and invalid UTF-8 included, plus shell metacharacters. */
export const NASTY_BYTES = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\'"$HOME `id` $(id) \\ \n\r\n\u0000 é ✓ PORTHOLE_BODY\n'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00]),
]);
