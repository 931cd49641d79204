// One try of an outgoing alert: the request as queued, signed now, sent with node:http(s),
// never following a redirect, given ALERT_TIMEOUT_MS for the whole answer. Never throws.
import http from 'node:http';
import https from 'node:https';
import { ALERT_RESPONSE_LOG_BYTES, ALERT_TIMEOUT_MS } from '../../protocol/alerts/alert-delivery.js';

export interface WebhookTryResult {
  status: number | null;
  retryAfter: string | null;
  error: string | null;
  /** The first ALERT_RESPONSE_LOG_BYTES of the answer, as text. */
  responseBody: string;
  durationMs: number;
}

export function sendWebhookTry(
  request: { url: string; method: string; headers: [string, string][]; body: Buffer },
  timeoutMs = ALERT_TIMEOUT_MS,
): Promise<WebhookTryResult> {
  const started = performance.now();
  const done = (r: Omit<WebhookTryResult, 'durationMs'>): WebhookTryResult => ({
    ...r,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<WebhookTryResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const fail = (error: string) => finish({ status: null, retryAfter: null, error, responseBody: '' });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      fail(`not a URL: ${request.url}`);
      return;
    }
    // The body's framing is ours to state, whatever the rule's headers say.
    const headers: [string, string][] = [
      ...request.headers.filter(([n]) => !/^(content-length|transfer-encoding|connection)$/i.test(n)),
      ['content-length', String(request.body.length)],
    ];
    const send = url.protocol === 'https:' ? https.request : http.request;
    // One agent-less connection per try: alerts are rare, and a stale pooled socket would cost a try.
    const req = send(url, { method: request.method, headers: headerObject(headers), agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      fail(`timeout: no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ? `${err.code}: ${err.message}` : err.message));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept >= ALERT_RESPONSE_LOG_BYTES) return;
        const part = chunk.subarray(0, ALERT_RESPONSE_LOG_BYTES - kept);
        chunks.push(part);
        kept += part.length;
      });
      const answered = () => {
        const retryAfter = res.headers['retry-after'];
        finish({
          status: res.statusCode ?? null,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          error: null,
          responseBody: Buffer.concat(chunks).toString('utf8'),
        });
        res.destroy();
      };
      res.on('end', answered);
      // A receiver that closes mid-answer still answered with its status.
      res.on('error', answered);
      res.on('aborted', answered);
    });
    req.end(request.body);
  });
}

/** Header pairs as node:http takes them: a repeated name (any case) becomes one array-valued entry. */
function headerObject(pairs: [string, string][]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const names = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = names.get(name.toLowerCase()) ?? name;
    names.set(name.toLowerCase(), key);
    const prev = out[key];
    out[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return out;
}
